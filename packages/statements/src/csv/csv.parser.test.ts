import { readFileSync } from 'node:fs';
import { isPayoutError } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { checkContinuity } from '../continuity/continuity.ts';
import { parseStatementText } from '../parse-statements.ts';
import { FIXTURES, parseBytes, parseError } from '../test-support/fixtures.ts';
import { parseCsvMapping } from './csv-mapping.ts';

const csv = (): string => readFileSync(new URL('csv-bank.csv', FIXTURES), 'utf8');
const mappingJson = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('csv-bank.mapping.json', FIXTURES), 'utf8')) as Record<string, unknown>;
const mapping = () => parseCsvMapping(mappingJson());

describe('CSV through a per-bank mapping', () => {
  it('reads a German export: semicolons, DD.MM.YYYY, 1.250,00, S/H direction, running balance', async () => {
    const file = await parseBytes(readFileSync(new URL('csv-bank.csv', FIXTURES)), { format: 'csv', csvMapping: mapping() }, 13);
    const s = file.statements[0]!;
    expect(s).toMatchObject({
      format: 'csv',
      statementId: 'commerzbank-export-2026-03',
      account: { id: 'DE89370400440532013000', scheme: 'iban' },
      currency: 'EUR',
      period: { from: '2026-03-02', to: '2026-03-03' },
      openingBalance: { amountMinor: 5000000n, date: '2026-03-02' },
      closingBalance: { amountMinor: 5308750n, date: '2026-03-03' },
    });
    expect(s.lines.map((l) => [l.direction, l.amountMinor, l.endToEndId ?? null, l.returnReason?.code ?? null])).toEqual([
      ['debit', 125000n, 'PAYOUT-2026-000601', null],
      ['credit', 310000n, null, null],
      ['credit', 125000n, 'PAYOUT-2026-000590', 'AC04'],
      ['debit', 1250n, null, null],
    ]);
    expect(s.lines[1]).toMatchObject({ remittanceInfo: 'Zahlung; Rechnung 99', bankReference: 'BR-0302-02', location: 'line 5' });
    expect(s.lines[3]).toMatchObject({ bookingDate: '2026-03-03', valueDate: '2026-03-04' });
    expect(s.lines[0]?.raw).toBe(
      '02.03.2026;02.03.2026;1.250,00;S;PAYOUT-2026-000601;BR-0302-01;;Jansen Logistiek BV;Rechnung 4711;48.750,00',
    );
    expect(checkContinuity(s).kind).toBe('ok');
  });

  it('reads signed amounts by column number without a header', async () => {
    const m = parseCsvMapping({
      headerRow: false,
      decimalSeparator: '.',
      dateFormat: 'YYYY-MM-DD',
      account: { id: 'GB29NWBK60161331926819' },
      currency: 'GBP',
      columns: { bookingDate: 0, amount: 1, endToEndId: 2 },
    });
    const s = (await parseStatementText('2026-03-02,-12.50,E2E-1\n2026-03-02,100,E2E-2\n', 'csv', { csvMapping: m })).statements[0]!;
    expect(s.lines.map((l) => [l.direction, l.amountMinor, l.endToEndId])).toEqual([
      ['debit', 1250n, 'E2E-1'],
      ['credit', 10000n, 'E2E-2'],
    ]);
    expect(checkContinuity(s).kind).toBe('not_applicable');
  });

  it('refuses amount 12,34.5 and a date of 30.02.2026 with their line', async () => {
    const bad = csv().replace('3.100,00;H', '12,34.5;H');
    const e = await parseError(() => parseStatementText(bad, 'csv', { csvMapping: mapping() }));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
    expect(e.message).toContain('line 5');
    expect(e.message).toContain('"12,34.5"');
    const badDate = csv().replace('03.03.2026;04.03.2026', '30.02.2026;04.03.2026');
    const d = await parseError(() => parseStatementText(badDate, 'csv', { csvMapping: mapping() }));
    expect(d.message).toContain('line 7');
    expect(d.message).toContain('30.02.2026 is not a calendar date');
  });

  it('refuses a running balance that does not follow the rows', async () => {
    const e = await parseError(() => parseStatementText(csv().replace('53.087,50', '53.078,50'), 'csv', { csvMapping: mapping() }));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_BALANCE_MISMATCH');
    expect(e.message).toContain('line 7');
  });

  it('refuses a row with a different number of columns, naming the line', async () => {
    const e = await parseError(() =>
      parseStatementText(csv().replace(';Kontofuehrung;53.087,50', ';Kontofuehrung'), 'csv', { csvMapping: mapping() }),
    );
    expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
    expect(e.message).toContain('line 7');
  });

  it('refuses bytes that are not valid UTF-8, naming the byte', async () => {
    const bytes = new Uint8Array(Buffer.from(csv(), 'utf8'));
    bytes[bytes.length - 20] = 0xff;
    const e = await parseError(() => parseBytes(bytes, { format: 'csv', csvMapping: mapping() }));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_ENCODING');
    expect(e.message).toContain(`not valid utf-8 at byte ${bytes.length - 20}`);
  });

  it('refuses a mapping naming a column the header lacks', async () => {
    const m = parseCsvMapping({ ...mappingJson(), columns: { ...(mappingJson()['columns'] as object), uetr: 'UETR' } });
    const e = await parseError(() => parseStatementText(csv(), 'csv', { csvMapping: m }));
    expect(e.message).toContain('the header has no column "UETR"');
  });

  it('validates a mapping and reports every problem at once', () => {
    try {
      parseCsvMapping({ decimalSeparator: ';', dateFormat: 'DD', currency: 'XYZ', columns: { amount: -1 } });
      expect.unreachable();
    } catch (e) {
      expect(isPayoutError(e) && e.code).toBe('PAYOUT_E_CONFIG_INVALID');
      const message = (e as Error).message;
      for (const part of ['decimalSeparator', 'dateFormat', 'currency', 'account', 'columns.bookingDate is required', 'columns.amount'])
        expect(message).toContain(part);
    }
  });

  it('takes the bytes’ encoding from the mapping, by any common label, and refuses one it cannot decode', () => {
    expect(parseCsvMapping({ ...mappingJson(), encoding: 'GBK' }).encoding).toBe('gbk');
    expect(parseCsvMapping({ ...mappingJson(), encoding: 'CP1250' }).encoding).toBe('windows-1250');
    expect('encoding' in parseCsvMapping(mappingJson())).toBe(false);
    for (const bad of ['EBCDIC', 42]) {
      expect(() => parseCsvMapping({ ...mappingJson(), encoding: bad })).toThrow(
        /encoding must be one of utf-8, utf-16le, utf-16be, gb18030/,
      );
    }
  });
});
