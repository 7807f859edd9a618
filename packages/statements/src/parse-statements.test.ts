import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStatementText, streamStatementBatches, streamStatements } from './parse-statements.ts';
import type { StatementEvent } from './statement-event.ts';
import { byteChunks, FIXTURES } from './test-support/fixtures.ts';

const bytes = (name: string): Uint8Array => readFileSync(new URL(name, FIXTURES));

describe('streaming API', () => {
  it('emits begin, lines, end per statement and complete last; batches carry the same events', async () => {
    const single: StatementEvent[] = [];
    for await (const e of streamStatements(byteChunks(bytes('mt940-multi.sta'), 64), { format: 'auto' })) single.push(e);
    const batched: StatementEvent[] = [];
    for await (const b of streamStatementBatches(byteChunks(bytes('mt940-multi.sta'), 64), { format: 'auto' })) batched.push(...b);
    expect(batched).toEqual(single);
    expect(single.map((e) => e.kind).join(',')).toBe(
      [
        'begin',
        'line',
        'line',
        'line',
        'line',
        'line',
        'end',
        'begin',
        'line',
        'line',
        'line',
        'end',
        'begin',
        'line',
        'end',
        'complete',
      ].join(','),
    );
    expect(single.at(-1)).toEqual({ kind: 'complete', format: 'mt940', statementCount: 3, lineCount: 9 });
  });

  it('stops reading when the consumer stops', async () => {
    let pulled = 0;
    const source = (function* () {
      for (const c of byteChunks(bytes('camt053-v02.xml'), 100)) {
        pulled++;
        yield c;
      }
    })();
    for await (const e of streamStatements(source, { format: 'camt053' })) if (e.kind === 'line') break;
    expect(pulled).toBeLessThan(Math.ceil(bytes('camt053-v02.xml').length / 100));
  });

  it('accepts text with a byte-order mark and can drop raw text', async () => {
    const text = `\uFEFF${readFileSync(new URL('mt942.sta', FIXTURES), 'utf8')}`;
    const file = await parseStatementText(text, 'auto', { keepRaw: false });
    expect(file.format).toBe('mt942');
    expect(file.statements[0]?.lines.every((l) => l.raw === '')).toBe(true);
  });
});
