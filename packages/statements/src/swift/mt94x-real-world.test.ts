import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkContinuity } from '../continuity/continuity.ts';
import { parseStatements, parseStatementText, type StatementFile } from '../parse-statements.ts';
import type { StatementEvent } from '../statement-event.ts';
import type { Statement, StatementWarning } from '../statement.model.ts';
import { byteChunks, parseError } from '../test-support/fixtures.ts';
import { streamStatements } from '../parse-statements.ts';

// Files as banks really send them (issue 17): each fixture in packages/statements/fixtures/ shows
// one quirk. Tolerated quirks parse with a warning naming the code and the place; where data
// would be lost the parse is refused.

const CORPUS = new URL('../../fixtures/', import.meta.url);
const bytes = (name: string): Uint8Array => readFileSync(new URL(name, CORPUS));
const latin1 = (name: string): string => Buffer.from(bytes(name)).toString('latin1');

/** Parse in chunks of several sizes (1 byte splits every CRLF and every SOH/ETX from its line) and require the same result. */
async function parseAll(name: string, options: { verifyBalances?: boolean } = {}): Promise<StatementFile> {
  const whole = await parseStatements([bytes(name)], { format: 'auto', ...options });
  for (const size of [1, 2, 7, 57]) {
    expect(await parseStatements(byteChunks(bytes(name), size), { format: 'auto', ...options }), `${name} in ${size}-byte chunks`).toEqual(
      whole,
    );
  }
  return whole;
}

const codes = (ws: readonly StatementWarning[] | undefined): [string, string][] => (ws ?? []).map((w) => [w.code, w.place]);
const summary = (s: Statement | undefined) => ({
  statementId: s?.statementId,
  account: s?.account.id,
  currency: s?.currency,
  opening: s?.openingBalance?.amountMinor,
  closing: s?.closingBalance?.amountMinor,
  lines: s?.lines.map((l) => [l.location, l.direction, l.amountMinor, l.bookingDate, l.valueDate]),
});

describe('bank envelopes before :20: are skipped with a bank_envelope warning', () => {
  it('ABN AMRO: ABNANL2A / 940 / ABNANL2A before every statement, "-" after', async () => {
    const file = await parseAll('mt940-abnamro-envelope.sta');
    expect(file.format).toBe('mt940');
    const [a, b] = file.statements;
    expect(file.statements).toHaveLength(2);
    expect(summary(a)).toEqual({
      statementId: 'ABN AMRO BANK NV',
      account: '517852257',
      currency: 'EUR',
      opening: 323628n,
      closing: 322728n,
      lines: [['line 8', 'debit', 900n, '2026-03-03', '2026-03-03']],
    });
    expect(summary(b)).toMatchObject({
      opening: 322728n,
      closing: 469978n,
      lines: [
        ['line 20', 'credit', 150000n, '2026-03-04', '2026-03-04'],
        ['line 23', 'debit', 2750n, '2026-03-04', '2026-03-04'],
      ],
    });
    expect(b?.lines[0]).toMatchObject({ endToEndId: 'PAYOUT-2026-000017', counterparty: { account: 'NL91ABNA0417164300' } });
    expect(a?.warnings).toEqual([
      { code: 'bank_envelope', place: 'line 1', message: 'bank envelope outside the SWIFT fields skipped: lines 1–3, starting ABNANL2A' },
      {
        code: 'control_characters',
        place: 'line 12',
        message: 'message separator "-" outside a SWIFT block read as the end of the statement',
      },
    ]);
    expect(codes(b?.warnings)).toEqual([
      ['bank_envelope', 'line 13'],
      ['control_characters', 'line 26'],
    ]);
    // No leniency on the lines themselves.
    for (const s of file.statements) for (const l of s.lines) expect(l).not.toHaveProperty('warnings');
    for (const s of file.statements) expect(checkContinuity(s).kind).toBe('ok');
  });

  it('ING (old layout): two "0000 01INGBNL2AXXXX00001" lines and "940 00" before, "-XXX" after', async () => {
    const [s, ...rest] = (await parseAll('mt940-ing-envelope.sta')).statements;
    expect(rest).toEqual([]);
    expect(summary(s)).toEqual({
      statementId: 'INGEB',
      account: '0001234567',
      currency: 'EUR',
      opening: 4489n,
      closing: 3500n,
      lines: [
        ['line 8', 'credit', 56n, '2026-02-27', '2026-02-27'],
        ['line 11', 'debit', 1045n, '2026-02-27', '2026-02-27'],
      ],
    });
    expect(s?.lines.map((l) => l.bankTransactionCode?.proprietary)).toEqual(['N078', 'N077']);
    expect(s?.lines[0]?.additionalInfo).toBe('0009876543 J. BAKKER KERKWEG 12 1234 AB ZWOLLE BET.KENM. 1004510036716378 TERMIJN 3');
    expect(codes(s?.warnings)).toEqual([
      ['bank_envelope', 'line 1'],
      ['control_characters', 'line 14'],
    ]);
    // The excerpt is masked: the bank's routing id is account-like.
    expect(s?.warnings?.[0]?.message).toBe('bank envelope outside the SWIFT fields skipped: lines 1–3, starting 0000 …0001');
    expect(s?.warnings?.[1]?.message).toContain('"-XXX"');
  });

  it('Rabobank (old export): a ":940:" line before the first :20:', async () => {
    const [s] = (await parseAll('mt940-rabobank-header.sta')).statements;
    expect(summary(s)).toEqual({
      statementId: '940S260305',
      account: 'NL39RABO0300065264',
      currency: 'EUR',
      opening: -12000n,
      closing: 38000n,
      lines: [['line 6', 'credit', 50000n, '2026-03-05', '2026-03-05']],
    });
    expect(s?.lines[0]?.endToEndId).toBe('PAYOUT-2026-000305');
    expect(s?.warnings).toEqual([
      { code: 'bank_envelope', place: 'line 1', message: 'bank envelope outside the SWIFT fields skipped: line 1, starting :940:' },
    ]);
  });

  it('SWIFT FIN blocks {1:}{2:}{3:}{4: … -} with the {5:} trailer on its own line: the trailer is reported on its own message', async () => {
    const [a, b, ...rest] = (await parseAll('mt940-fin-blocks.sta')).statements;
    expect(rest).toEqual([]);
    expect(summary(a)).toMatchObject({ statementId: 'P260306000000001', account: 'NL20INGB0001234567', opening: 100000n, closing: 75000n });
    expect(a?.lines[0]).toMatchObject({
      endToEndId: 'PAYOUT-2026-000306',
      customerReference: 'PAYOUT306',
      bankReference: '2026030600000001',
    });
    expect(summary(b)).toMatchObject({ statementId: 'P260307000000001', opening: 75000n, closing: 75000n, lines: [] });
    // "-}" closes block 4: it is the envelope's, not a separator warning.
    expect(a?.warnings).toEqual([
      {
        code: 'bank_envelope',
        place: 'line 1',
        message: 'bank envelope outside the SWIFT fields skipped: line 1, starting {1:…0000}{2:…000N}',
      },
    ]);
    expect(codes(b?.warnings)).toEqual([['bank_envelope', 'line 12']]);
  });

  it('the begin event carries the envelope warning already; the end event has the complete list', async () => {
    const events: StatementEvent[] = [];
    for await (const e of streamStatements([bytes('mt940-abnamro-envelope.sta')], { format: 'mt940' })) events.push(e);
    const begin = events.find((e) => e.kind === 'begin');
    const end = events.find((e) => e.kind === 'end');
    expect(begin?.kind === 'begin' && codes(begin.header.warnings)).toEqual([['bank_envelope', 'line 1']]);
    expect(end?.kind === 'end' && codes(end.header.warnings)).toEqual([
      ['bank_envelope', 'line 1'],
      ['control_characters', 'line 12'],
    ]);
  });

  it('more than ten unrecognised lines between statements is a broken file, not an envelope', async () => {
    const junk = Array.from({ length: 11 }, (_, i) => `junk line ${i + 1}`).join('\n');
    const e = await parseError(() => parseStatementText(`${junk}\n${latin1('mt940-rabobank-header.sta')}`, 'mt940'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
    expect(e.message).toBe(
      'MT940 malformed at line 11: text outside any field (11 lines since line 1 are neither fields nor a bank envelope): junk line 11',
    );
  });
});

describe('control characters and separators around messages', () => {
  it('mBank: SOH before and ETX after each message (also SOH on the :20: line) — removed, one warning per statement', async () => {
    const file = await parseAll('mt940-mbank-control-chars.sta');
    const [a, b] = file.statements;
    expect(file.statements).toHaveLength(2);
    expect(summary(a)).toEqual({
      statementId: 'MBANK260302',
      account: 'PL61109010140000071219812874',
      currency: 'PLN',
      opening: 1000000n,
      closing: 975000n,
      lines: [['line 6', 'debit', 25000n, '2026-03-02', '2026-03-02']],
    });
    // "DN250,00": funds code N after the mark.
    expect(a?.lines[0]).toMatchObject({ bankReference: '260302001', remittanceInfo: 'ZLECENIE STALE CZYNSZ MARZEC' });
    expect(summary(b)).toMatchObject({
      statementId: 'MBANK260303',
      opening: 975000n,
      closing: 1095050n,
      lines: [['line 14', 'credit', 120050n, '2026-03-03', '2026-03-03']],
    });
    expect(a?.warnings).toEqual([
      { code: 'control_characters', place: 'line 1', message: 'control character(s) SOH (0x01) around the message removed' },
    ]);
    expect(b?.warnings).toEqual([
      { code: 'control_characters', place: 'line 10', message: 'control character(s) SOH (0x01) around the message removed' },
    ]);
  });

  it('an ETX after the last statement and a DOS end-of-file byte are reported on the last statement', async () => {
    const data = `${latin1('mt940-rabobank-header.sta')}-\n\x03\x1a`;
    const [s] = (await parseStatementText(data, 'mt940')).statements;
    expect(s?.warnings?.map((w) => [w.code, w.place, w.message])).toEqual([
      ['bank_envelope', 'line 1', 'bank envelope outside the SWIFT fields skipped: line 1, starting :940:'],
      ['control_characters', 'line 9', 'message separator "-" outside a SWIFT block read as the end of the statement'],
    ]);
    const [t] = (await parseStatementText(`${latin1('mt940-rabobank-header.sta')}\x03\x1a`, 'mt940')).statements;
    expect(t?.warnings?.[1]).toEqual({
      code: 'control_characters',
      place: 'line 9',
      message: 'control character(s) ETX (0x03)/SUB (0x1a) around the message removed',
    });
  });

  it('a field after "-" and before the next :20: is refused (the statement had ended)', async () => {
    const data = latin1('mt940-cr-only.sta').replace('-\r:20:STARTUMS', '-\r:25:DE89370400440532013000\r:20:STARTUMS');
    const e = await parseError(() => parseStatementText(data, 'mt940'));
    expect(e.message).toBe('MT940 malformed at line 10: field :25: after statement STARTUMS ended (line 9) and before the next :20:');
  });
});

describe('line ends', () => {
  it('CR-only: read line by line, one cr_line_ends warning per statement', async () => {
    const file = await parseAll('mt940-cr-only.sta');
    const [a, b] = file.statements;
    expect(file.statements).toHaveLength(2);
    expect(summary(a)).toEqual({
      statementId: 'STARTUMS',
      account: 'DE89370400440532013000',
      currency: 'EUR',
      opening: 50000n,
      closing: 40000n,
      lines: [['line 5', 'debit', 10000n, '2026-03-02', '2026-03-02']],
    });
    // The two-line :86: is rejoined: a CR splits lines as LF does.
    expect(a?.lines[0]).toMatchObject({
      endToEndId: 'PAYOUT-2026-000100',
      remittanceInfo: 'Auszahlung 100',
      raw: ':61:2603020302D100,00NTRFNONREF\n:86:166?00SEPA-UEBERWEISUNG?20EREF+PAYOUT-2026-000100?21SVWZ+Aus\nzahlung 100?32Muster GmbH',
    });
    expect(summary(b)).toMatchObject({
      opening: 40000n,
      closing: 45000n,
      lines: [['line 14', 'credit', 5000n, '2026-03-03', '2026-03-03']],
    });
    expect(a?.warnings?.[0]).toEqual({
      code: 'cr_line_ends',
      place: 'line 1',
      message: 'a line ends with a bare CR (not CRLF or LF); CR is read as a line end',
    });
    expect(codes(a?.warnings)).toEqual([
      ['cr_line_ends', 'line 1'],
      ['control_characters', 'line 9'],
    ]);
    expect(codes(b?.warnings)).toEqual([
      ['cr_line_ends', 'line 10'],
      ['control_characters', 'line 17'],
    ]);
  });

  it('mixed LF, CRLF and CR in one statement: every kind is a line end; warned from the first bare CR', async () => {
    const [s] = (await parseAll('mt940-mixed-line-ends.sta')).statements;
    expect(summary(s)).toEqual({
      statementId: 'MIXED1',
      account: 'DE89370400440532013000',
      currency: 'EUR',
      opening: 45000n,
      closing: 44950n,
      lines: [['line 5', 'debit', 50n, '2026-03-04', '2026-03-04']],
    });
    expect(s?.lines[0]?.bankTransactionCode).toMatchObject({ proprietary: '805', issuer: 'DK' });
    expect(codes(s?.warnings)).toEqual([
      ['cr_line_ends', 'line 3'],
      ['control_characters', 'line 8'],
    ]);
  });

  it('LF and CRLF files carry no line-end warning', async () => {
    for (const name of ['mt940-abnamro-envelope.sta', 'mt940-rabobank-header.sta']) {
      for (const s of (await parseAll(name)).statements) expect(s.warnings?.some((w) => w.code === 'cr_line_ends')).toBe(false);
    }
  });

  it('an error in a CR-only file names its line and quotes a short masked excerpt, not the file', async () => {
    const data = latin1('mt940-cr-only.sta').replace(
      ':61:2603030303C50,00NTRFNONREF',
      ':61:2603030303X50,00NTRFNONREF/DE89370400440532013000',
    );
    const e = await parseError(() => parseStatementText(data, 'mt940'));
    expect(e.message).toBe(
      'MT940 malformed at line 14: :61: …3X50,00NTRFNONREF/…3000 does not read as value date, [entry date], D/C mark, amount, transaction type and reference',
    );
    expect(e.message).not.toContain('DE89370400440532013000');
    expect(e.message).not.toContain('STARTUMS');
  });
});

describe('30/360 value dates', () => {
  it('30 February and 31 April become the month’s last day, with value_date_normalised on the line', async () => {
    const [s] = (await parseAll('mt940-30-february.sta')).statements;
    expect(summary(s)).toEqual({
      statementId: 'STARTUMSE',
      account: '10020030/0123456789',
      currency: 'EUR',
      opening: 200000n,
      closing: 208781n,
      lines: [
        ['line 5', 'debit', 1234n, '2026-02-27', '2026-02-28'],
        ['line 8', 'credit', 10000n, '2026-02-27', '2026-02-27'],
        ['line 10', 'credit', 15n, '2026-04-30', '2026-04-30'],
      ],
    });
    expect(s?.lines[0]?.warnings).toEqual([
      {
        code: 'value_date_normalised',
        place: 'line 5',
        message: ":61: value date 260230 is past its month's end (30/360 day count); read as 2026-02-28, the month's last day",
      },
    ]);
    expect(s?.lines[1]).not.toHaveProperty('warnings');
    expect(s?.lines[2]?.warnings).toEqual([
      {
        code: 'value_date_normalised',
        place: 'line 10',
        message: ":61: value date 260431 is past its month's end (30/360 day count); read as 2026-04-30, the month's last day",
      },
    ]);
    expect(s?.lines[0]).toMatchObject({
      remittanceInfo: 'Sollzinsen 01.01.-28.02.2026',
      bankTransactionCode: { proprietary: '805', issuer: 'DK' },
    });
    expect(codes(s?.warnings)).toEqual([['control_characters', 'line 13']]);
    expect(checkContinuity(s!).kind).toBe('ok');
  });

  it('29 February is a real date in a leap year and normalised in others', async () => {
    const base = latin1('mt940-30-february.sta');
    const leap = await parseStatementText(
      base.replace(':61:2602300227D12,34', ':61:2802290228D12,34').replace(':60F:C260227', ':60F:C280227'),
      'mt940',
    );
    expect(leap.statements[0]?.lines[0]).toMatchObject({ valueDate: '2028-02-29', bookingDate: '2028-02-28' });
    expect(leap.statements[0]?.lines[0]).not.toHaveProperty('warnings');
    const common = await parseStatementText(base.replace(':61:2602300227D12,34', ':61:2602290227D12,34'), 'mt940');
    expect(common.statements[0]?.lines[0]).toMatchObject({ valueDate: '2026-02-28', warnings: [{ code: 'value_date_normalised' }] });
  });

  it('an entry date of 30 February stays an error (it is a booking day, not an interest convention)', async () => {
    const data = latin1('mt940-30-february.sta').replace(':61:2602300227D12,34', ':61:2602300230D12,34');
    const e = await parseError(() => parseStatementText(data, 'mt940'));
    expect(e.message).toBe('MT940 malformed at line 5: :61: date 0230 is not a calendar month and day');
  });
});

describe('refused where data would be lost — also with balance checks off', () => {
  for (const verifyBalances of [true, false]) {
    it(`a repeated :25: names both lines (verifyBalances ${verifyBalances})`, async () => {
      const e = await parseError(() => parseStatements([bytes('mt940-refuse-repeated-25.sta')], { format: 'auto', verifyBalances }));
      expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
      expect(e.message).toBe(
        'MT940 malformed at line 5: second :25: in statement REPEAT25 (line 1); the first is at line 2 — a statement has one account, refusing rather than overwriting',
      );
      expect(e.details).toEqual({ format: 'mt940', place: 'line 5' });
    });

    it(`a second :62F: (verifyBalances ${verifyBalances})`, async () => {
      const e = await parseError(() => parseStatements([bytes('mt940-refuse-second-62f.sta')], { format: 'auto', verifyBalances }));
      expect(e.message).toBe(
        'MT940 malformed at line 7: second :62F: in statement TWOCLOSING (line 1); the first is at line 6 — a statement has one closing balance, refusing rather than overwriting',
      );
    });

    it(`MT942 :90D: that disagrees with the entries is PAYOUT_E_STATEMENT_CONTROL_TOTAL (verifyBalances ${verifyBalances})`, async () => {
      const e = await parseError(() => parseStatements([bytes('mt942-refuse-control-total.sta')], { format: 'auto', verifyBalances }));
      expect(e.code).toBe('PAYOUT_E_STATEMENT_CONTROL_TOTAL');
      expect(e.message).toBe(
        'MT942 control total does not match at line 8: :90D: states 3 debit entries totalling 349.99 EUR, statement MT942-0306-1300 lists 2 totalling 299.99 EUR',
      );
      expect(e.details).toMatchObject({
        format: 'mt942',
        place: 'line 8',
        tag: '90D',
        statedCount: 3,
        statedAmountMinor: '34999',
        foundCount: 2,
        foundAmountMinor: '29999',
      });
    });
  }

  it('a second :60F:, :62M: after :62F:, :28C:, :13D: or :90C: is refused too', async () => {
    const mt940 = latin1('mt940-rabobank-header.sta');
    const cases: [string, string, string][] = [
      [mt940.replace(':28C:1\n', ':28C:1\n:60F:D260304EUR120,00\n'), 'mt940', 'line 6: second :60F:'],
      [mt940.replace(':60F:D260304EUR120,00\n', ':60F:D260304EUR120,00\n:60M:D260304EUR120,00\n'), 'mt940', 'line 6: second :60M:'],
      [`${mt940}:62M:C260305EUR380,00\n`, 'mt940', 'line 9: second :62M:'],
      [mt940.replace(':28C:1\n', ':28C:1\n:28C:2\n'), 'mt940', 'line 5: second :28C:'],
    ];
    const mt942 = latin1('mt942-interim-totals.sta');
    cases.push([
      mt942.replace(':13D:2603061200+0100\r\n', ':13D:2603061200+0100\r\n:13D:2603061201+0100\r\n'),
      'mt942',
      'line 8: second :13D:',
    ]);
    cases.push([mt942.replace(':90C:1EUR1000,00\r\n', ':90C:1EUR1000,00\r\n:90C:0EUR0,\r\n'), 'mt942', 'line 14: second :90C:']);
    for (const [data, format, expected] of cases) {
      const e = await parseError(() => parseStatementText(data, format as 'mt940', { verifyBalances: false }));
      expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
      expect(e.message).toContain(`malformed at ${expected}`);
    }
  });

  it('a continuation line on a one-line field is refused instead of dropped', async () => {
    const data = latin1('mt940-rabobank-header.sta').replace(':62F:C260305EUR380,00\n', ':62F:C260305EUR380,00\nEUR 1000000,00\n');
    const e = await parseError(() => parseStatementText(data, 'mt940'));
    expect(e.message).toBe('MT940 malformed at line 9: :62F: (line 8) is a one-line field, but the next line continues it: EUR 1000000,00');
  });
});

describe('MT942 control totals', () => {
  it('reads an interim report in FIN blocks whose :90D:/:90C: agree with the entries', async () => {
    const [s] = (await parseAll('mt942-interim-totals.sta', { verifyBalances: false })).statements;
    expect(s).toMatchObject({
      format: 'mt942',
      statementId: 'MT942-0306-1200',
      currency: 'EUR',
      creationDateTime: '2026-03-06T12:00:00+01:00',
    });
    expect(s?.lines.map((l) => [l.direction, l.amountMinor, l.endToEndId ?? null])).toEqual([
      ['debit', 25000n, 'PAYOUT-2026-000361'],
      ['debit', 4999n, null],
      ['credit', 100000n, null],
    ]);
    expect(codes(s?.warnings)).toEqual([['bank_envelope', 'line 1']]);
  });

  it(':90C: with the right sum but the wrong count is refused', async () => {
    const data = latin1('mt942-interim-totals.sta').replace(':90C:1EUR1000,00', ':90C:2EUR1000,00');
    const e = await parseError(() => parseStatementText(data, 'mt942', { verifyBalances: false }));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_CONTROL_TOTAL');
    expect(e.message).toBe(
      'MT942 control total does not match at line 13: :90C: states 2 credit entries totalling 1000.00 EUR, statement MT942-0306-1200 lists 1 totalling 1000.00 EUR',
    );
  });
});

describe('error messages', () => {
  it('say what is wrong once, with the line, and quote only a masked excerpt', async () => {
    const data = latin1('mt940-rabobank-header.sta').replace(':60F:D260304EUR120,00', ':60F:D260304EUR12,34.5');
    const e = await parseError(() => parseStatementText(data, 'mt940'));
    expect(e.message).toBe(
      'MT940 malformed at line 5: :60F: amount "12,34.5" is not a SWIFT decimal (digits with one comma as the decimal mark, e.g. "1234,56")',
    );
    const bad = await parseError(() =>
      parseStatementText(latin1('mt940-rabobank-header.sta').replace(':60F:D260304EUR120,00', ':60F:X NL39RABO0300065264'), 'mt940'),
    );
    expect(bad.message).toBe('MT940 malformed at line 5: :60F: X …5264 does not read as D/C mark, YYMMDD date, currency and amount');
  });
});
