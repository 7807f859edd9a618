import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkContinuity } from '../continuity/continuity.ts';
import { detectFormat } from '../detect-format.ts';
import { parseStatementText } from '../parse-statements.ts';
import { parseBytes, parseError } from '../test-support/fixtures.ts';
import type { Statement, StatementLine } from '../statement.model.ts';

// The real-world corpus (issue 17): one fixture per way banks actually write camt, under
// packages/statements/fixtures/. Each is parsed through the streaming API in small byte chunks.
const CORPUS = new URL('../../fixtures/', import.meta.url);
const bytes = (name: string): Uint8Array => readFileSync(new URL(name, CORPUS));
const text = (name: string): string => readFileSync(new URL(name, CORPUS), 'utf8');

async function only(name: string): Promise<Statement> {
  const file = await parseBytes(bytes(name), { format: 'auto' }, 61);
  expect(file.statements).toHaveLength(1);
  return file.statements[0]!;
}

const codes = (l: StatementLine): string[] | undefined => l.warnings?.map((w) => w.code);

/** Every refusal names its place exactly once and quotes no more than a masked excerpt. */
function expectOnePlace(message: string): void {
  expect(message.match(/\(line \d+\)/g)).toHaveLength(1);
  expect(message.length).toBeLessThan(400);
}

describe('booked entries without BookgDt (camt053-no-booking-date.xml)', () => {
  it('take the value date as booking date with a warning, and still reach UETR parsing', async () => {
    const s = await only('camt053-no-booking-date.xml');
    expect(s.version).toBe('camt.053.001.08');
    expect(s.lines.map((l) => [l.status, l.bookingDate ?? null, l.valueDate ?? null, l.uetr ?? null, codes(l) ?? null])).toEqual([
      ['booked', '2026-03-02', '2026-03-02', '97ed4827-7b6f-4491-a06f-b548d5a7512d', ['booking_date_absent']],
      // ValDt as a date-time: its calendar date, and the UETR lower-cased.
      ['booked', '2026-03-02', '2026-03-02', 'e2f6c0d4-5a1b-4c3d-8e9f-0a1b2c3d4e5f', ['booking_date_absent']],
      // Neither BookgDt nor ValDt: kept, booking date unknown, warned.
      ['booked', null, null, null, ['booking_date_absent']],
      ['booked', '2026-03-02', '2026-03-02', null, null],
      // A pending entry has no booking date by nature: no warning.
      ['pending', null, '2026-03-03', null, null],
    ]);
    expect(s.lines[0]!.warnings).toEqual([
      {
        code: 'booking_date_absent',
        place: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1] (line 46)',
        message: 'booked entry has no BookgDt: its value date 2026-03-02 is taken as the booking date',
      },
    ]);
    expect(s.lines[2]!.warnings?.[0]?.message).toBe('booked entry has neither BookgDt nor ValDt: its booking date is unknown');
    expect(s.lines[0]).toMatchObject({
      endToEndId: 'PAYOUT-2026-010001',
      counterparty: { name: 'Vilnius Freight UAB' },
      amountMinor: 125000n,
    });
    // TxsSummry here counts the four booked entries only; that is accepted.
    expect(checkContinuity(s)).toMatchObject({ kind: 'ok', creditsMinor: 500000n, debitsMinor: 165940n });
  });

  it('a malformed UETR on such an entry is still refused at its element', async () => {
    const xml = text('camt053-no-booking-date.xml').replace(
      '97ed4827-7b6f-4491-a06f-b548d5a7512d',
      '97ed4827-7b6f-4491-a06f-NL91ABNA0417164300',
    );
    const e = await parseError(() => parseStatementText(xml, 'camt053'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
    expect(e.message).toContain('Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]/Refs/UETR (line 58)');
    expect(e.message).not.toContain('0417164300'); // the account-like run is masked
    expectOnePlace(e.message);
  });
});

describe('entries in another currency than the account (camt053-foreign-currency.xml)', () => {
  it('keep their own amount and currency, carry the account-currency amount, and balances use the latter', async () => {
    const s = await only('camt053-foreign-currency.xml');
    expect(s.currency).toBe('EUR');
    expect(s.lines.map((l) => [l.currency, l.amountMinor, l.direction, l.accountAmount ?? null, codes(l) ?? null])).toEqual([
      ['USD', 108500n, 'debit', { currency: 'EUR', amountMinor: 100000n }, ['foreign_currency_entry']],
      // The EUR amount only inside the single TxDtls/AmtDtls.
      ['GBP', 50000n, 'credit', { currency: 'EUR', amountMinor: 58309n }, ['foreign_currency_entry']],
      ['EUR', 2000n, 'debit', null, null],
      // Pending, no EUR amount anywhere: kept with a warning; it moves no balance.
      ['CHF', 7500n, 'debit', null, ['foreign_currency_entry']],
    ]);
    expect(s.lines[0]!.warnings?.[0]).toEqual({
      code: 'foreign_currency_entry',
      place: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1] (line 38)',
      message: 'entry of 1085.00 USD on the EUR account: it moved the balance by 1000.00 EUR (AmtDtls/CntrValAmt)',
    });
    expect(s.lines[3]!.warnings?.[0]?.message).toBe(
      'pending entry of 75.00 CHF on the EUR account names no EUR amount; it moves no balance',
    );
    expect(s.lines[0]).toMatchObject({ endToEndId: 'PAYOUT-FX-0001', counterparty: { name: 'Hudson Components Inc', agent: 'CHASUS33' } });
    // 20,000.00 − 1,000.00 + 583.09 − 20.00 = 19,563.09: the EUR amounts, not 1,085 USD or 500 GBP.
    expect(checkContinuity(s)).toEqual({
      kind: 'ok',
      openingMinor: 2000000n,
      closingMinor: 1956309n,
      creditsMinor: 58309n,
      debitsMinor: 102000n,
    });
  });

  it('takes TxAmt or InstdAmt when that is the one in the account currency', async () => {
    const xml = text('camt053-foreign-currency.xml')
      .replace('<TxAmt><Amt Ccy="USD">1085.00</Amt></TxAmt>', '<TxAmt><Amt Ccy="EUR">1000.00</Amt></TxAmt>')
      .replace(/<CntrValAmt>\s*<Amt Ccy="EUR">1000.00<\/Amt>[\s\S]*?<\/CntrValAmt>/, '');
    const s = (await parseStatementText(xml, 'camt053')).statements[0]!;
    expect(s.lines[0]!.accountAmount).toEqual({ currency: 'EUR', amountMinor: 100000n });
    expect(s.lines[0]!.warnings?.[0]?.message).toContain('(AmtDtls/TxAmt)');
  });

  // Decision: a *booked* entry whose account-currency amount cannot be found is refused — with
  // verifyBalances on or off, and in a camt.054 without balances too: the balance would move by an
  // unknown amount and the statement's totals would mix currencies (data lost, not a leniency). The
  // amount is never computed from CcyXchg. A pending or info entry moves no balance: kept, warned.
  it('refuses a booked entry that names no amount in the account currency, also with verifyBalances off', async () => {
    const xml = text('camt053-foreign-currency.xml').replace(/<CntrValAmt>\s*<Amt Ccy="EUR">1000.00<\/Amt>[\s\S]*?<\/CntrValAmt>/, '');
    for (const verifyBalances of [true, false]) {
      const e = await parseError(() => parseStatementText(xml, 'camt053', { verifyBalances }));
      expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
      expect(e.message).toBe(
        'camt.053 malformed at Document/BkToCstmrStmt/Stmt[1]/Ntry[1] (line 38): booked entry of 1085.00 USD on the EUR account names no EUR amount (AmtDtls CntrValAmt, TxAmt, InstdAmt or AnncdPstngAmt): what it moved the balance by is unknown',
      );
    }
  });

  it('refuses a control-total Sum that fits neither the account-currency nor the own amounts', async () => {
    const xml = text('camt053-foreign-currency.xml').replace('<Sum>1020.00</Sum>', '<Sum>1106.00</Sum>');
    const e = await parseError(() => parseStatementText(xml, 'camt053'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_CONTROL_TOTAL');
    expect(e.message).toBe(
      "camt.053 control total does not add up at Document/BkToCstmrStmt/Stmt[1]/TxsSummry/TtlDbtNtries/Sum (line 36): it states 1106.00 EUR, but the statement's booked debit entries sum to 1020.00 EUR",
    );
    // 1,085.00 (USD) + 20.00 (EUR) is what a bank summing the entries' own amounts writes: accepted.
    const own = text('camt053-foreign-currency.xml').replace('<Sum>1020.00</Sum>', '<Sum>1105.00</Sum>');
    expect((await parseStatementText(own, 'camt053')).statements[0]!.lines).toHaveLength(4);
  });
});

describe('batch entries whose TxDtls carry no amounts (camt053-batch-no-amounts.xml)', () => {
  it('keep every transaction as a line with its references, the entry total counted once', async () => {
    const file = await parseBytes(bytes('camt053-batch-no-amounts.xml'), { format: 'camt053' }, 61);
    const s = file.statements[0]!;
    expect(s.lines.map((l) => [l.entryIndex, l.amountMinor, l.endToEndId ?? null, codes(l) ?? null])).toEqual([
      [0, 450000n, 'PAYOUT-2026-020001', ['batch_amounts_missing']],
      [0, 0n, 'PAYOUT-2026-020002', ['batch_amounts_missing']],
      [0, 0n, 'PAYOUT-2026-020003', ['batch_amounts_missing']],
      [1, 1000000n, null, null],
      // A batch whose transactions carry amounts that add up is split as before, without warning.
      [2, 30000n, 'PAYOUT-2026-020004', null],
      [2, 20000n, 'PAYOUT-2026-020005', null],
    ]);
    const batch = s.lines.slice(0, 3);
    for (const l of batch) {
      expect(l).toMatchObject({
        batch: { transactionCount: 3, entryAmountMinor: 450000n },
        direction: 'debit',
        bankReference: '2026030612345001',
      });
    }
    expect(batch.map((l) => l.counterparty?.name)).toEqual(['Anna Schmidt', 'Jonas Weber', 'Lea Fischer']);
    expect(batch.map((l) => l.location)).toEqual([
      'Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1] (line 62)',
      'Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[2] (line 70)',
      'Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[3] (line 78)',
    ]);
    expect(batch[1]!.warnings).toEqual([
      {
        code: 'batch_amounts_missing',
        place: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1] (line 45)',
        message:
          'batch entry of 3 TxDtls without amounts of their own: one line each for their references; the first carries the entry total 4500.00 EUR, the others 0',
      },
    ]);
    // 1,000.00 − 4,500.00 + 10,000.00 − 500.00 = 6,000.00; TxsSummry counts 3 entries, not 6 lines.
    expect(checkContinuity(s)).toEqual({
      kind: 'ok',
      openingMinor: 100000n,
      closingMinor: 600000n,
      creditsMinor: 1000000n,
      debitsMinor: 500000n,
    });
    expect(s.lines).toHaveLength(6);
  });

  it('transaction amounts that do not add up to the entry: still one line each, warned as a mismatch', async () => {
    const xml = text('camt053-batch-no-amounts.xml').replace('<Amt Ccy="EUR">200.00</Amt>', '<Amt Ccy="EUR">195.00</Amt>');
    const s = (await parseStatementText(xml, 'camt053')).statements[0]!;
    const batch = s.lines.filter((l) => l.entryIndex === 2);
    expect(batch.map((l) => [l.amountMinor, l.endToEndId, codes(l)])).toEqual([
      [50000n, 'PAYOUT-2026-020004', ['batch_amounts_mismatch']],
      [0n, 'PAYOUT-2026-020005', ['batch_amounts_mismatch']],
    ]);
    expect(checkContinuity(s).kind).toBe('ok');
  });
});

describe('camt.052.001.01 (camt052-v01.xml)', () => {
  it('is detected by its namespace and read with the 2007 element names', async () => {
    expect(detectFormat(text('camt052-v01.xml'))).toBe('camt052');
    const s = await only('camt052-v01.xml');
    expect(s).toMatchObject({
      format: 'camt052',
      version: 'camt.052.001.01',
      statementId: 'RPT-20260303-14',
      messageId: '052V01-20260303-1400',
      account: { id: 'DE89370400440532013000', scheme: 'iban', servicerBic: 'COBADEFFXXX' },
      currency: 'EUR',
      sequence: { electronic: '7', page: 1, lastPage: true },
      period: { from: '2026-03-03', to: '2026-03-03' },
      openingBalance: { amountMinor: 500000n, date: '2026-03-02', type: 'PRCD' },
      closingBalance: { amountMinor: 380000n, date: '2026-03-03', type: 'ITBD' },
      additionalInfo: 'Zwischenmeldung 14:00',
    });
    expect(s.lines.map((l) => [l.entryIndex, l.direction, l.amountMinor, l.status, l.endToEndId ?? null])).toEqual([
      [0, 'debit', 75000n, 'booked', 'PAYOUT-DE-0101'],
      [1, 'credit', 75000n, 'booked', 'PAYOUT-DE-0099'],
      [2, 'debit', 70000n, 'booked', 'PAYOUT-DE-0102'],
      [2, 'debit', 50000n, 'booked', 'PAYOUT-DE-0103'],
      [3, 'credit', 30000n, 'pending', null],
    ]);
    expect(s.lines[0]).toMatchObject({
      instructionId: 'PW-I-0101',
      counterparty: { name: 'Bergmann Metallbau GmbH', account: 'DE75512108001245126199', agent: 'SOGEDEFFXXX' },
      remittanceInfo: 'RE 2026-0441',
      location: 'Document/BkToCstmrAcctRptV01/Rpt[1]/Ntry[1] (line 49)',
    });
    expect(s.lines[1]).toMatchObject({
      returnReason: { code: 'AC04', info: 'Konto erloschen' },
      counterparty: { name: 'Hofmann Handel KG', account: '0532013001', agent: 'DEUTDEFFXXX' },
      bankTransactionCode: { domain: 'PMNT', family: 'ICDT', subFamily: 'RRTN' },
    });
    expect(s.lines[3]).toMatchObject({
      remittanceInfo: 'RF18539007547034',
      batch: { transactionCount: 2, entryAmountMinor: 120000n },
      location: 'Document/BkToCstmrAcctRptV01/Rpt[1]/Ntry[3]/TxDtls[2] (line 109)',
    });
    expect(s.lines.every((l) => l.warnings === undefined)).toBe(true);
    expect(checkContinuity(s).kind).toBe('ok');
  });

  it('a .001.01 message element is only accepted with the .001.01 namespace, and camt.053.001.01 stays unchecked and refused', async () => {
    const mixed = text('camt052-v01.xml').replace('xsd:camt.052.001.01', 'xsd:camt.052.001.02');
    const e = await parseError(() => parseStatementText(mixed, 'camt052'));
    expect(e.message).toContain('expected BkToCstmrAcctRpt under Document for camt.052.001.02');
    const stmt = text('camt052-v01.xml').replace('xsd:camt.052.001.01', 'xsd:camt.053.001.01');
    expect((await parseError(() => parseStatementText(stmt, 'auto'))).code).toBe('PAYOUT_E_STATEMENT_UNKNOWN_FORMAT');
  });

  it('its TxsSummry (TtlNetNtryAmt with CdtDbtInd) is checked: a wrong net direction is refused', async () => {
    const xml = text('camt052-v01.xml').replace(
      '<CdtDbtInd>DBIT</CdtDbtInd>\n        </TtlNtries>',
      '<CdtDbtInd>CRDT</CdtDbtInd>\n        </TtlNtries>',
    );
    const e = await parseError(() => parseStatementText(xml, 'camt052', { verifyBalances: false }));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_CONTROL_TOTAL');
    expect(e.message).toBe(
      "camt.052 control total does not add up at Document/BkToCstmrAcctRptV01/Rpt[1]/TxsSummry/TtlNtries/TtlNetNtryAmt (line 43): it states 1200.00 EUR CRDT, but the statement's booked entries net to -1200.00 EUR",
    );
  });
});

describe('control totals (TxsSummry) are verified whatever verifyBalances says', () => {
  it('a statement announcing more entries than it holds is refused (camt053-control-total-short.xml)', async () => {
    for (const verifyBalances of [true, false]) {
      const e = await parseError(() => parseBytes(bytes('camt053-control-total-short.xml'), { format: 'camt053', verifyBalances }));
      expect(e.code).toBe('PAYOUT_E_STATEMENT_CONTROL_TOTAL');
      expect(e.message).toBe(
        'camt.053 control total does not add up at Document/BkToCstmrStmt/Stmt[1]/TxsSummry/TtlNtries/NbOfNtries (line 20): it states 3 entries, but the statement has 2 entries',
      );
      expect(e.details).toEqual({
        format: 'camt053',
        place: 'Document/BkToCstmrStmt/Stmt[1]/TxsSummry/TtlNtries/NbOfNtries (line 20)',
        element: 'TxsSummry/TtlNtries/NbOfNtries',
        stated: '3 entries',
        found: 'has 2 entries',
      });
    }
  });

  it('counts and sums per credit and debit side, by entry (a split batch counts once)', async () => {
    const base = text('camt053-batch-no-amounts.xml');
    const cases: [string, string, string][] = [
      [
        '<TtlCdtNtries><NbOfNtries>1</NbOfNtries>',
        '<TtlCdtNtries><NbOfNtries>2</NbOfNtries>',
        'TxsSummry/TtlCdtNtries/NbOfNtries (line 42): it states 2 entries, but the statement has 1 credit entries',
      ],
      [
        '<NbOfNtries>2</NbOfNtries><Sum>5000.00</Sum>',
        '<NbOfNtries>2</NbOfNtries><Sum>5000.01</Sum>',
        "TxsSummry/TtlDbtNtries/Sum (line 43): it states 5000.01 EUR, but the statement's debit entries sum to 5000.00 EUR",
      ],
      [
        '<Sum>15000.00</Sum>',
        '<Sum>14000.00</Sum>',
        "TxsSummry/TtlNtries/Sum (line 38): it states 14000.00 EUR, but the statement's entries sum to 15000.00 EUR",
      ],
      [
        '<TtlNetNtryAmt>5000.00</TtlNetNtryAmt>',
        '<TtlNetNtryAmt>5500.00</TtlNetNtryAmt>',
        "TxsSummry/TtlNtries/TtlNetNtryAmt (line 39): it states 5500.00 EUR CRDT, but the statement's entries net to 5000.00 EUR",
      ],
    ];
    for (const [from, to, expected] of cases) {
      const xml = base.replace(from, to);
      expect(xml).not.toBe(base);
      const e = await parseError(() => parseStatementText(xml, 'camt053', { verifyBalances: false }));
      expect(e.code).toBe('PAYOUT_E_STATEMENT_CONTROL_TOTAL');
      expect(e.message).toBe(`camt.053 control total does not add up at Document/BkToCstmrStmt/Stmt[1]/${expected}`);
      expectOnePlace(e.message);
    }
  });

  it('reads TtlNetNtry/Amt (.001.03 and later) and refuses a Sum that is not an amount, naming it', async () => {
    const base = text('camt053-no-booking-date.xml');
    const wrongNet = base.replace(
      '<TtlNetNtry><Amt>3340.60</Amt><CdtDbtInd>CRDT</CdtDbtInd>',
      '<TtlNetNtry><Amt>3340.60</Amt><CdtDbtInd>DBIT</CdtDbtInd>',
    );
    const e = await parseError(() => parseStatementText(wrongNet, 'camt053'));
    expect(e.message).toContain(
      "TxsSummry/TtlNtries/TtlNetNtry/Amt (line 41): it states 3340.60 EUR DBIT, but the statement's booked entries net to 3340.60 EUR",
    );
    const junk = base.replace('<Sum>6659.40</Sum>', '<Sum>6659,40 NL91ABNA0417164300</Sum>');
    const m = await parseError(() => parseStatementText(junk, 'camt053'));
    expect(m.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
    expect(m.message).toContain(
      'Document/BkToCstmrStmt/Stmt[1]/TxsSummry/TtlNtries/Sum (line 40): Sum "6659,40 …4300" is not an amount in EUR',
    );
    expectOnePlace(m.message);
  });

  it('a statement whose entries match TxsSummry parses (every fixture above carries one)', async () => {
    for (const name of ['camt053-no-booking-date.xml', 'camt053-foreign-currency.xml', 'camt053-batch-no-amounts.xml', 'camt052-v01.xml']) {
      expect(text(name)).toContain('<TxsSummry>');
      await expect(parseStatementText(text(name), 'auto')).resolves.toMatchObject({ statements: [{}] });
    }
  });
});

describe('a second account in one statement (camt053-two-accounts.xml)', () => {
  it('is refused at the second Acct, also with verifyBalances off', async () => {
    for (const verifyBalances of [true, false]) {
      const e = await parseError(() => parseBytes(bytes('camt053-two-accounts.xml'), { format: 'auto', verifyBalances }));
      expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
      expect(e.message).toBe(
        'camt.053 malformed at Document/BkToCstmrStmt/Stmt[1]/Acct[2] (line 18): a second Acct in one Stmt: a statement reports exactly one account',
      );
    }
  });
});

describe('refusals quote at most a masked excerpt and name their place once', () => {
  const base = text('camt053-batch-no-amounts.xml');
  const long = `${'9'.repeat(30)}NL91ABNA0417164300${'x'.repeat(200)}`;
  const cases: [string, string, string][] = [
    ['status', '<Sts>BOOK</Sts>', `<Sts>${long}</Sts>`],
    ['amount', '<Amt Ccy="EUR">10000.00</Amt>', `<Amt Ccy="EUR">${long}</Amt>`],
    ['negative amount', '<Amt Ccy="EUR">10000.00</Amt>', `<Amt Ccy="EUR">-${long}</Amt>`],
    ['indicator', '<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>', `<CdtDbtInd>${long}</CdtDbtInd>\n        <Sts>`],
  ];
  for (const [what, from, to] of cases) {
    it(`a bad ${what}`, async () => {
      const xml = base.replace(from, to);
      expect(xml).not.toBe(base);
      const e = await parseError(() => parseStatementText(xml, 'camt053'));
      expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
      expectOnePlace(e.message);
      expect(e.message).not.toContain('0417164300');
      expect(e.message).not.toContain('x'.repeat(41));
    });
  }
});
