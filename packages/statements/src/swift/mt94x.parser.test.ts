import { readFileSync } from 'node:fs';
import swiftParser from '@centrapay/swift-parser';
import { formatAmountMinor } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { checkContinuity } from '../continuity/continuity.ts';
import { checkSequence } from '../continuity/sequence.ts';
import { parseStatementText } from '../parse-statements.ts';
import { FIXTURES, parseBytes, parseError } from '../test-support/fixtures.ts';

const bytes = (name: string): Uint8Array => readFileSync(new URL(name, FIXTURES));
const text = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

describe('MT940 with several statements', () => {
  it('reads three statements in SWIFT blocks with /TAG/ and ?-subfield :86: details', async () => {
    const file = await parseBytes(bytes('mt940-multi.sta'), { format: 'auto' }, 23);
    expect(file.format).toBe('mt940');
    expect(file.statements.map((s) => [s.statementId, s.account.id, s.currency, s.lines.length])).toEqual([
      ['P240304000000001', 'NL20INGB0001234567', 'EUR', 5],
      ['P240305000000001', 'NL20INGB0001234567', 'EUR', 3],
      ['JP240305', '0011234567', 'JPY', 1],
    ]);
    const [a, b, c] = file.statements;
    expect(a).toMatchObject({
      account: { scheme: 'iban' },
      sequence: { electronic: '00101', page: 1 },
      openingBalance: { amountMinor: 1523456n, date: '2024-03-01', type: '60F' },
      closingBalance: { amountMinor: 1833456n, date: '2024-03-04', type: '62F' },
      additionalInfo: '/STMT/Daily statement 4 March 2024/',
    });
    expect(a?.lines[0]).toMatchObject({
      direction: 'debit',
      amountMinor: 125000n,
      bookingDate: '2024-03-04',
      valueDate: '2024-03-04',
      customerReference: 'PAYOUT187',
      bankReference: '2024030400012345',
      endToEndId: 'PAYOUT-2024-000187',
      counterparty: { name: 'Jansen Logistiek BV', account: 'NL91ABNA0417164300', agent: 'ABNANL2A' },
      remittanceInfo: 'Invoice 2024-0311',
      bankTransactionCode: { proprietary: 'NTRF', issuer: 'SWIFT' },
      location: 'line 6',
    });
    expect(a?.lines[0]?.raw).toBe(
      ':61:2403040304D1250,00NTRFPAYOUT187//2024030400012345\n/OCMT/EUR1250,00/\n:86:/EREF/PAYOUT-2024-000187//CNTP/NL91ABNA0417164300/ABNANL2A/Jansen Logi\nstiek BV///REMI/USTD//Invoice 2024-0311/',
    );
    expect(a?.lines[1]).toMatchObject({
      endToEndId: undefined,
      remittanceInfo: 'RF18539007547034',
      counterparty: { name: 'Acme Trading GmbH' },
    });
    // The return: a credit with /RTRN/.
    expect(a?.lines[2]).toMatchObject({
      direction: 'credit',
      returnReason: { code: 'AC04', info: undefined },
      endToEndId: 'PAYOUT-2024-000187',
      remittanceInfo: 'Returned: account closed',
    });
    // RD = reversal of a debit, booked as a credit.
    expect(a?.lines[4]).toMatchObject({
      direction: 'credit',
      reversal: true,
      amountMinor: 1250n,
      remittanceInfo: 'Reversal of maintenance fee',
    });
    // German GVC layout.
    expect(b?.lines[0]).toMatchObject({
      endToEndId: 'PAYOUT-2024-000188',
      instructionId: 'BATCH0305-01',
      remittanceInfo: 'Lieferantenzahlung Rechnung 4711',
      counterparty: { name: 'Acme Trading GmbH', account: 'DE89370400440532013000', agent: 'COBADEFFXXX' },
      bankTransactionCode: { proprietary: '116', issuer: 'DK' },
    });
    expect(b?.lines[1]).toMatchObject({
      direction: 'credit',
      returnReason: { code: 'AC01', info: 'IBAN fehlerhaft' },
      remittanceInfo: 'Retoure Lieferantenzahlung',
    });
    expect(b?.lines[2]).toMatchObject({ instructionId: 'BATCH-0305-02', counterparty: { account: 'DE89370400440532013000' } });
    // JPY: "125000," is 125000 yen; BIC/account in :25:.
    expect(c).toMatchObject({
      account: { id: '0011234567', scheme: 'other', servicerBic: 'BOTKJPJT' },
      closingBalance: { amountMinor: 4875000n },
    });
    expect(c?.lines[0]).toMatchObject({ amountMinor: 125000n, customerReference: 'PAYOUT-JP-0001', bookingDate: '2024-03-05' });
    for (const s of file.statements) expect(checkContinuity(s).kind).toBe('ok');
    expect(checkSequence(a!, b!)).toEqual({ kind: 'continuous', sequenceChecked: true });
    expect(checkSequence(b!, c!)).toMatchObject({ kind: 'broken' });
  });

  it('agrees with @centrapay/swift-parser on amounts, dates, marks and references', async () => {
    const data = text('mt940-multi.sta');
    const theirs = swiftParser.parse({ data, type: 'mt940', validate: true });
    const ours = (await parseStatementText(data, 'mt940')).statements;
    expect(ours).toHaveLength(theirs.length);
    ours.forEach((s, i) => {
      const t = theirs[i]!;
      expect(s.statementId).toBe(t.transactionReference);
      expect(s.currency).toBe(t.currency);
      expect(formatAmountMinor(s.openingBalance!.amountMinor, s.currency)).toBe(t.openingBalance.toFixed(s.currency === 'JPY' ? 0 : 2));
      expect(formatAmountMinor(s.closingBalance!.amountMinor, s.currency)).toBe(t.closingBalance.toFixed(s.currency === 'JPY' ? 0 : 2));
      expect(s.lines).toHaveLength(t.transactions.length);
      s.lines.forEach((l, j) => {
        const tx = t.transactions[j]!;
        const signed = l.direction === 'credit' ? l.amountMinor : -l.amountMinor;
        expect(formatAmountMinor(signed, s.currency)).toBe(tx.amount.toFixed(s.currency === 'JPY' ? 0 : 2));
        expect(l.reversal).toBe(tx.isReversal);
        expect(l.valueDate).toBe(tx.date.toISOString().slice(0, 10));
        expect(l.bankReference ?? '').toBe(tx.bankReference);
      });
    });
  });
});

describe('MT942', () => {
  it('reads an interim report: currency from :34F:, time from :13D:, :90D:/:90C: checked', async () => {
    const s = (await parseBytes(bytes('mt942.sta'), { format: 'auto' })).statements[0]!;
    expect(s).toMatchObject({
      format: 'mt942',
      statementId: 'MT942-0305-1530',
      currency: 'EUR',
      creationDateTime: '2024-03-05T15:30:00+01:00',
      openingBalance: undefined,
      closingBalance: undefined,
      additionalInfo: 'Interim report 15:30',
    });
    expect(s.lines.map((l) => [l.direction, l.amountMinor, l.endToEndId ?? null])).toEqual([
      ['debit', 25000n, 'PAYOUT-2024-000201'],
      ['credit', 100000n, null],
      ['debit', 4999n, null],
    ]);
    expect(checkContinuity(s)).toEqual({ kind: 'not_applicable', reason: 'no_balances' });
  });

  it('refuses :90D: totals that do not match the entries, also with balance checks off', async () => {
    const data = text('mt942.sta').replace(':90D:2EUR299,99', ':90D:2EUR299,98');
    for (const verifyBalances of [true, false]) {
      const e = await parseError(() => parseStatementText(data, 'mt942', { verifyBalances }));
      expect(e.code).toBe('PAYOUT_E_STATEMENT_CONTROL_TOTAL');
      expect(e.message).toBe(
        'MT942 control total does not match at line 13: :90D: states 2 debit entries totalling 299.98 EUR, statement MT942-0305-1530 lists 2 totalling 299.99 EUR',
      );
      expect(e.details).toMatchObject({
        place: 'line 13',
        tag: '90D',
        statedCount: 2,
        statedAmountMinor: '29998',
        foundCount: 2,
        foundAmountMinor: '29999',
      });
    }
  });
});

describe('malformed MT940', () => {
  it('amount 12,34.5 is refused with its line', async () => {
    const data = text('mt940-multi.sta').replace(':61:2403040304C3100,00NTRF', ':61:2403040304C12,34.5NTRF');
    const e = await parseError(() => parseStatementText(data, 'mt940'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
    expect(e.message).toContain('MT940 malformed at line 10');
    expect(e.message).toContain('"12,34.5" is not a SWIFT decimal');
  });

  it('a value date in month 13 or on day 32 is refused with its line (only 29–31 past a month end is 30/360)', async () => {
    for (const [date, why] of [
      ['2613010301', '261301 has no month 13'],
      ['2603320301', '260332 is not a calendar date'],
      ['2603000301', '260300 is not a calendar date'],
    ] as const) {
      const data = text('mt940-multi.sta').replace(':61:2403040304D12,50', `:61:${date}D12,50`);
      const e = await parseError(() => parseStatementText(data, 'mt940'));
      expect(e.message).toBe(`MT940 malformed at line 16: :61: date ${why}`);
    }
  });

  it('a closing balance that does not add up names the :62F: line', async () => {
    const data = text('mt940-multi.sta').replace(':62F:C240305EUR15634,56', ':62F:C240305EUR15634,65');
    const e = await parseError(() => parseStatementText(data, 'mt940'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_BALANCE_MISMATCH');
    expect(e.message).toContain('line 40');
    expect(e.message).toContain('statement P240305000000001');
  });

  it('a file cut before its closing balance is refused as truncated', async () => {
    const data = text('mt940-multi.sta');
    const e = await parseError(() => parseStatementText(data.slice(0, data.indexOf(':62F:C240304')), 'mt940'));
    expect(e.message).toContain('no closing balance :62F:/:62M: — truncated?');
  });

  it('an entry before the opening balance and a field before :20: are refused', async () => {
    expect(
      (await parseError(() => parseStatementText(':20:X\n:25:123\n:61:2403040304D1,00NTRFNONREF\n:62F:C240304EUR1,00\n-', 'mt940')))
        .message,
    ).toContain('line 3: entry before the opening balance');
    expect((await parseError(() => parseStatementText(':25:123\n:20:X\n', 'mt940'))).message).toContain(
      'line 1: field :25: before any :20:',
    );
  });

  it('handles MT940 without blocks, CRLF line ends, multi-page numbering and a debit balance', async () => {
    const data = [
      ':20:STMT-1',
      ':25:DE89370400440532013000',
      ':28C:12/1',
      ':60F:D260227EUR100,00',
      ':61:260227D50,NMSCNONREF',
      ':62M:D260227EUR150,00',
      '-',
      ':20:STMT-1',
      ':25:DE89370400440532013000',
      ':28C:12/2',
      ':60M:D260227EUR150,00',
      ':61:2602270227C150,NTRFNONREF',
      ':62F:C260227EUR0,',
      '-',
    ].join('\r\n');
    const [p1, p2] = (await parseStatementText(data, 'auto')).statements;
    expect(p1).toMatchObject({
      openingBalance: { amountMinor: -10000n, type: '60F' },
      closingBalance: { amountMinor: -15000n, type: '62M' },
      sequence: { electronic: '12', page: 1 },
    });
    expect(p2?.closingBalance?.amountMinor).toBe(0n);
    expect(checkSequence(p1!, p2!)).toEqual({ kind: 'continuous', sequenceChecked: true });
  });
});
