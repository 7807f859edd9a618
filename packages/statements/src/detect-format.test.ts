import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECT_HEAD_CHARS, detectFormat } from './detect-format.ts';
import { parseStatements, parseStatementText } from './parse-statements.ts';
import { byteChunks, FIXTURES, parseError } from './test-support/fixtures.ts';

const head = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8').slice(0, DETECT_HEAD_CHARS);

describe('detectFormat', () => {
  it('recognises every fixture', () => {
    expect(detectFormat(head('camt053-v02.xml'))).toBe('camt053');
    expect(detectFormat(head('camt053-v08-jpy.xml'))).toBe('camt053');
    expect(detectFormat(head('camt054-v08.xml'))).toBe('camt054');
    expect(detectFormat(head('camt052-v08.xml'))).toBe('camt052');
    expect(detectFormat(head('mt940-multi.sta'))).toBe('mt940');
    expect(detectFormat(head('mt942.sta'))).toBe('mt942');
    expect(detectFormat(head('bai2-sample.bai'))).toBe('bai2');
    expect(detectFormat(head('csv-bank.csv'))).toBeUndefined();
    expect(detectFormat('\uFEFF:20:X\n:25:Y\n:28C:1/1\n:60F:C260227EUR1,\n')).toBe('mt940');
    expect(detectFormat('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>')).toBeUndefined();
  });

  it('recognises every file of the real-world corpus (bank envelopes, SOH/ETX, CR-only lines, camt.052.001.01)', () => {
    const corpus = new URL('../fixtures/', import.meta.url);
    const files = readdirSync(corpus).filter((f) => /^(mt94[02]|camt05[234])-/.test(f) && !f.startsWith('enc-'));
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) {
      const text = readFileSync(new URL(f, corpus), 'latin1').slice(0, DETECT_HEAD_CHARS);
      const expected = /^mt942/.test(f) ? 'mt942' : /^mt940/.test(f) ? 'mt940' : `camt${f.slice(4, 7)}`;
      expect({ f, format: detectFormat(text) }).toEqual({ f, format: expected });
    }
  });

  it('auto-detection refuses what it cannot recognise', async () => {
    const e = await parseError(() => parseStatementText('hello,world\n1,2\n', 'auto'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_UNKNOWN_FORMAT');
  });
});

describe('byte input', () => {
  it('decodes UTF-8 split inside multi-byte characters', async () => {
    const bytes = readFileSync(new URL('camt054-v08.xml', FIXTURES));
    for (const size of [1, 2, 3, 7]) {
      const file = await parseStatements(byteChunks(bytes, size), { format: 'auto' });
      expect(file.statements[0]?.lines[1]?.counterparty?.name).toBe('Müller Bau GmbH');
    }
  });

  it('honours the XML declaration’s encoding and refuses invalid UTF-8', async () => {
    const utf8 = readFileSync(new URL('camt054-v08.xml', FIXTURES), 'utf8').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const latin1 = new Uint8Array(Buffer.from(utf8, 'latin1'));
    const file = await parseStatements([latin1], { format: 'camt054' });
    expect(file.statements[0]?.lines[1]?.counterparty?.name).toBe('Müller Bau GmbH');
    const broken = new Uint8Array(
      Buffer.from(readFileSync(new URL('camt054-v08.xml', FIXTURES), 'utf8').replace('Müller', 'M\uFFFDller'), 'utf8'),
    );
    const at = broken.indexOf(0xef);
    broken[at] = 0xff;
    const e = await parseError(() => parseStatements([broken], { format: 'camt054' }));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_ENCODING');
    expect(e.message).toContain(`not valid utf-8 at byte ${at}`);
  });
});
