import { describe, expect, it } from 'vitest';
import { streamStatementBatches, streamStatements } from './parse-statements.ts';
import type { StatementEvent } from './statement-event.ts';
import { writeMt940 } from './writers/mt940.writer.ts';
import type { WritableLine } from './writers/writable-statement.ts';

// streamStatements serves the batches' events one by one without an async generator: these pin
// that it behaves like the generator it replaced (order, errors, closing the source on break).
const lines: WritableLine[] = Array.from({ length: 40 }, (_, i) => ({
  amountMinor: BigInt(100 + i),
  direction: 'debit' as const,
  bookingDate: '2026-03-02',
  valueDate: '2026-03-02',
  endToEndId: `E2E-${i}`,
}));
const closing = lines.reduce((b, l) => b - l.amountMinor, 1_000_000n);
const text = [
  ...writeMt940(
    {
      messageId: 'M1',
      statementId: 'S1',
      account: { id: 'NL20INGB0001234567', scheme: 'iban' },
      currency: 'EUR',
      sequence: '1',
      creationDateTime: '2026-03-02T20:00:00Z',
      openingBalance: { amountMinor: 1_000_000n, date: '2026-03-01' },
      closingBalance: { amountMinor: closing, date: '2026-03-02' },
    },
    lines,
  ),
].join('');

/** The text in small pieces (many batches), noting whether the consumer closed it. */
function pieces(size: number, state: { closed: boolean; read: number }): AsyncGenerator<string> {
  return (async function* () {
    try {
      for (let at = 0; at < text.length; at += size) {
        state.read++;
        yield text.slice(at, at + size);
      }
    } finally {
      state.closed = true;
    }
  })();
}

const kinds = (events: readonly StatementEvent[]): string[] => events.map((e) => (e.kind === 'line' ? `line ${e.line.index}` : e.kind));

describe('streamStatements (one event at a time over the batches)', () => {
  it("yields exactly the batches' events, in order", async () => {
    const flat: StatementEvent[] = [];
    for await (const b of streamStatementBatches(pieces(50, { closed: false, read: 0 }), { format: 'mt940' })) flat.push(...b);
    const one: StatementEvent[] = [];
    for await (const e of streamStatements(pieces(50, { closed: false, read: 0 }), { format: 'mt940' })) one.push(e);
    expect(kinds(one)).toEqual(kinds(flat));
    expect(kinds(one)).toEqual(['begin', ...lines.map((_, i) => `line ${i}`), 'end', 'complete']);
  });

  it('serves calls to next() made before the earlier ones settled in order', async () => {
    const it = streamStatements(pieces(30, { closed: false, read: 0 }), { format: 'mt940' });
    const all = await Promise.all(Array.from({ length: lines.length + 5 }, () => it.next()));
    expect(all.map((r) => (r.done === true ? 'done' : r.value.kind === 'line' ? `line ${r.value.line.index}` : r.value.kind))).toEqual([
      'begin',
      ...lines.map((_, i) => `line ${i}`),
      'end',
      'complete',
      'done',
      'done',
    ]);
  });

  it('a consumer that stops early closes the source', async () => {
    const state = { closed: false, read: 0 };
    for await (const e of streamStatements(pieces(40, state), { format: 'mt940' })) if (e.kind === 'line' && e.line.index === 3) break;
    expect(state.closed).toBe(true);
    expect(state.read).toBeLessThan(Math.ceil(text.length / 40));
  });

  it('a parse error rejects the next() that reaches it, and the stream is over after it', async () => {
    const broken = text.replace(':62F:', ':62X:');
    const it = streamStatements([broken], { format: 'mt940' });
    const seen: string[] = [];
    const error = await (async () => {
      for (;;) {
        const r = await it.next();
        if (r.done === true) return undefined;
        seen.push(r.value.kind);
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});
