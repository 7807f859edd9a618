import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvMapping } from '../csv/csv-mapping.ts';
import { parseStatements, type StatementFile } from '../parse-statements.ts';
import { streamStatementFile, type StatementFileOptions } from '../stream-statement-file.ts';
import type { Statement, StatementLine } from '../statement.model.ts';
import { byteChunks, parseError } from '../test-support/fixtures.ts';

// The enc-* fixtures (written by fixtures/enc-write-fixtures.ts): files as banks send them, in
// GB18030, Windows-1250, CP852 and UTF-16 LE with a byte order mark.
const ENC = new URL('../../fixtures/', import.meta.url);
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, ENC)));
const mapping = (name: string) => parseCsvMapping(JSON.parse(readFileSync(new URL(name, ENC), 'utf8')) as unknown);

async function parseFile(source: Iterable<Uint8Array>, opts: StatementFileOptions): Promise<Statement[]> {
  const statements: Statement[] = [];
  let lines: StatementLine[] = [];
  for await (const e of streamStatementFile(source, opts)) {
    if (e.kind === 'begin') lines = [];
    else if (e.kind === 'line') lines.push(e.line);
    else if (e.kind === 'end') statements.push({ ...e.header, lines });
  }
  return statements;
}

const names = (s: Statement | undefined): (string | undefined)[] => s?.lines.map((l) => l.counterparty?.name) ?? [];
const offsetOf = (e: { details?: unknown }): unknown => (e.details as { byteOffset?: number } | undefined)?.byteOffset;

describe('CN portal CSV in GB18030 (the cn-csv preset reads GB18030 by default)', () => {
  it('reads Chinese column names, names with a four-byte character, balances and returns — split inside characters too', async () => {
    const file = bytes('enc-cn-gb18030.csv');
    for (const size of [1, 2, 3, 7, 65_536]) {
      const [s, ...more] = await parseFile(byteChunks(file, size), { format: 'cn-csv' });
      expect(more).toEqual([]);
      expect(names(s)).toEqual(['张三', '李四', '王䶮']);
      expect(
        s?.lines.map((l) => [l.direction, l.amountMinor, l.endToEndId, l.returnReason?.code, l.bankTransactionCode?.proprietary]),
      ).toEqual([
        ['debit', 12_000n, 'E2E-CN-1', undefined, '代发工资'],
        ['credit', 50n, 'E2E-CN-0', 'AC04', '退票'],
        ['debit', 1_000n, 'E2E-CN-2', undefined, '代发'],
      ]);
      expect(s).toMatchObject({
        statementId: '6222020200001234567/2026-11-20/12',
        currency: 'CNY',
        openingBalance: { amountMinor: 100_000n },
        closingBalance: { amountMinor: 87_050n },
      });
    }
  });

  it('an explicit encoding outranks the preset: the same bytes read as UTF-8 are refused at the first Chinese character', async () => {
    const e = await parseError(() => parseFile([bytes('enc-cn-gb18030.csv')], { format: 'cn-csv', encoding: 'utf-8' }));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_ENCODING');
    expect(offsetOf(e)).toBe(0);
    expect(e.message).toContain('utf-8 chosen by the caller');
  });

  it('refuses the bad byte at offset 94,946 (row 1,000, beyond the first 64 KiB) wherever the chunks are cut', async () => {
    const file = bytes('enc-cn-gb18030-bad-byte.csv');
    expect(file[94_946]).toBe(0x81);
    for (const size of [file.length, 65_536, 94_946, 94_947, 4_093, 7]) {
      const e = await parseError(() => parseFile(byteChunks(file, size), { format: 'cn-csv' }));
      expect(e.code).toBe('PAYOUT_E_STATEMENT_ENCODING');
      expect(offsetOf(e)).toBe(94_946);
      expect(e.message).toContain('not valid gb18030 at byte 94946: byte 81 begins no valid gb18030 character');
      expect(e.message).toContain('gb18030 chosen by the CSV mapping');
      // Only a masked excerpt of the line is quoted: no account number.
      expect(e.message).toContain('after "…:00,2026-11-20,R1000,借,1.00,199000.00,赵"');
      expect(e.message).not.toContain('6222000077778888');
    }
  });
});

describe('PL MT940 in Windows-1250', () => {
  it('reads Polish names with the encoding named by the caller or by the bank profile', async () => {
    const file = bytes('enc-pl-windows-1250.sta');
    const read = async (o: { encoding?: string; profileEncoding?: string }): Promise<StatementFile> =>
      parseStatements(byteChunks(file, 5), { format: 'auto', ...o });
    for (const options of [{ encoding: 'windows-1250' }, { encoding: 'CP1250' }, { profileEncoding: 'windows-1250' }]) {
      const { format, statements } = await read(options);
      expect(format).toBe('mt940');
      expect(names(statements[0])).toEqual(['Łódź Budowa Sp. z o.o.', 'Zażółć Gęślą Jaźń']);
      expect(statements[0]?.lines.map((l) => l.remittanceInfo)).toEqual(['Wypłata za luty', 'Zwrot nadpłaty']);
      expect(statements[0]?.closingBalance?.amountMinor).toBe(905_050n);
    }
  });

  it('read as UTF-8 (nobody named the encoding) it is refused at the first Polish letter', async () => {
    const file = bytes('enc-pl-windows-1250.sta');
    const e = await parseError(() => parseStatements(byteChunks(file, 64), { format: 'auto' }));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_ENCODING');
    expect(offsetOf(e)).toBe(file.indexOf(0xa3)); // Ł in Windows-1250
    expect(e.message).toContain('utf-8 chosen by default');
  });
});

describe('CZ CSV in CP852, its mapping naming the encoding', () => {
  it('reads Czech column names and names', async () => {
    const [s] = await parseFile(byteChunks(bytes('enc-cz-cp852.csv'), 3), {
      format: 'csv',
      csvMapping: mapping('enc-cz-cp852.mapping.json'),
    });
    expect(names(s)).toEqual(['Jiří Dvořák', 'Šťastná Žaneta', 'Łódź Trading s.r.o.']);
    expect(s?.lines.map((l) => [l.direction, l.amountMinor, l.remittanceInfo])).toEqual([
      ['debit', 125_000n, 'Výplata únor'],
      ['credit', 310_000n, 'Vrácení přeplatku'],
      ['debit', 9_990n, 'Faktura 2026/031'],
    ]);
    expect(s).toMatchObject({ currency: 'CZK', openingBalance: { amountMinor: 5_000_000n }, closingBalance: { amountMinor: 5_175_010n } });
  });
});

describe('UTF-16 LE with a byte order mark', () => {
  it('is read as UTF-16 although its mapping says windows-1250: the BOM outranks the mapping', async () => {
    const m = mapping('enc-pl-utf16le-bom.mapping.json');
    expect(m.encoding).toBe('windows-1250');
    for (const size of [1, 3, 64]) {
      const [s] = await parseFile(byteChunks(bytes('enc-pl-utf16le-bom.csv'), size), { format: 'csv', csvMapping: m });
      expect(names(s)).toEqual(['Łódź Budowa Sp. z o.o.', 'Grzegorz Brzęczyszczykiewicz']);
      expect(s?.lines.map((l) => [l.direction, l.amountMinor, l.endToEndId])).toEqual([
        ['debit', 25_000n, 'PAYOUT-PL-7'],
        ['credit', 1_234n, 'Zwrot'],
      ]);
    }
  });
});
