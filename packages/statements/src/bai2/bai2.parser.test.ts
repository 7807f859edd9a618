import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkContinuity } from '../continuity/continuity.ts';
import { parseStatementText } from '../parse-statements.ts';
import { FIXTURES, parseBytes, parseError } from '../test-support/fixtures.ts';

const text = (): string => readFileSync(new URL('bai2-sample.bai', FIXTURES), 'utf8');

describe('BAI2', () => {
  it('reads accounts, continuations, fund types and implied decimals', async () => {
    const file = await parseBytes(readFileSync(new URL('bai2-sample.bai', FIXTURES)), { format: 'auto' }, 19);
    expect(file.format).toBe('bai2');
    expect(file.statements).toHaveLength(2);
    const [usd, cad] = file.statements;
    expect(usd).toMatchObject({
      statementId: '2026-02-27/1/123456789',
      account: { id: '123456789', scheme: 'other' },
      currency: 'USD',
      period: { from: '2026-02-26', to: '2026-02-26' },
      openingBalance: { amountMinor: 12500000n, date: '2026-02-26', type: '010' },
      closingBalance: { amountMinor: 11943577n, date: '2026-02-26', type: '015' },
    });
    expect(usd?.lines.map((l) => [l.bankTransactionCode?.proprietary, l.direction, l.amountMinor, l.status])).toEqual([
      ['495', 'debit', 1250000n, 'booked'],
      ['455', 'debit', 58768n, 'booked'],
      ['257', 'credit', 1500000n, 'booked'],
      ['399', 'credit', 2345n, 'booked'],
      ['469', 'debit', 750000n, 'booked'],
      ['890', 'credit', 0n, 'info'],
    ]);
    // Text keeps its commas; the 88 continuation is joined to it.
    expect(usd?.lines[0]).toMatchObject({
      bankReference: 'FED20260226000123',
      customerReference: 'PAYOUT-2026-000501',
      remittanceInfo: 'WIRE TO JANSEN LOGISTIEK BV, ROTTERDAM',
      location: 'line 5',
    });
    expect(usd?.lines[2]).toMatchObject({
      returnReason: { code: 'R03' },
      remittanceInfo: 'RETURN R03 NO ACCOUNT/UNABLE TO LOCATE ACCOUNT, ORIGINAL TRACE 091000019876543',
      customerReference: 'PAYOUT-2026-000377',
    });
    expect(usd?.lines[2]?.raw).toBe(
      '16,257,1500000,0,ACHRET0226-01,PAYOUT-2026-000377,RETURN R03 NO ACCOUNT/UNABLE TO\n88,LOCATE ACCOUNT, ORIGINAL TRACE 091000019876543/',
    );
    // Funds type V carries the value date and time before the references.
    expect(usd?.lines[4]).toMatchObject({ valueDate: '2026-02-27', bankReference: 'ACH0226-78', customerReference: 'PAYOUT-2026-000503' });
    // Funds type S carries three availability amounts before the references.
    expect(cad).toMatchObject({ currency: 'CAD', closingBalance: { amountMinor: 450000n } });
    expect(cad?.lines[0]).toMatchObject({
      amountMinor: 50000n,
      bankReference: 'CHQ000123',
      customerReference: undefined,
      remittanceInfo: 'CHEQUE 123',
    });
    for (const s of file.statements) expect(checkContinuity(s).kind).toBe('ok');
  });

  it('reads implied decimals by currency (JPY has none, BHD three)', async () => {
    const file = (ccy: string, amount: string): string =>
      [
        '01,BANK,CUST,260227,0600,7,,,2/',
        `02,CUST,BANK,1,260226,,${ccy},2/`,
        `03,42,,010,+${amount},,,015,+0,,/`,
        `16,495,${amount},0,REF1,,WIRE/`,
        `49,+${2 * Number(amount)},3/`,
        `98,+${2 * Number(amount)},1,5/`,
        `99,+${2 * Number(amount)},1,7/`,
      ].join('\n');
    const jpy = (await parseStatementText(file('JPY', '125000'), 'bai2')).statements[0]!;
    expect(jpy.lines[0]?.amountMinor).toBe(125000n);
    expect(checkContinuity(jpy).kind).toBe('ok');
    const bhd = (await parseStatementText(file('BHD', '1234567'), 'bai2')).statements[0]!;
    expect(bhd.currency).toBe('BHD');
    expect(bhd.openingBalance?.amountMinor).toBe(1234567n); // 1234.567 BHD
  });

  it('needs bank-defined 9xx codes configured', async () => {
    const data = text().replace('16,399,2345,0,INT0226', '16,901,2345,0,INT0226');
    const e = await parseError(() => parseStatementText(data, 'bai2'));
    expect(e.message).toContain('line 9');
    expect(e.message).toContain('bai2CustomTypeCodes');
    const s = (await parseStatementText(data, 'bai2', { bai2CustomTypeCodes: { '901': 'credit' } })).statements[0]!;
    expect(s.lines[3]).toMatchObject({ direction: 'credit', amountMinor: 2345n });
  });

  it('refuses control totals and record counts that do not match', async () => {
    const total = await parseError(() => parseStatementText(text().replace('49,+55809380,10/', '49,+55809381,10/'), 'bai2'));
    expect(total.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
    expect(total.message).toContain('line 12: 49 account control total is 55809381 but the records add up to 55809380');
    const count = await parseError(() => parseStatementText(text().replace('99,+56809380,1,17/', '99,+56809380,1,16/'), 'bai2'));
    expect(count.message).toContain('line 17: 99 number of records');
  });

  it('quotes no account number in an error, whatever field it lands in', async () => {
    const data = text();
    const noCode = await parseError(() => parseStatementText(data.replace('\n16,', '\n6222021234567890123\n16,'), 'bai2'));
    expect(noCode.message).toContain('does not start with a record code');
    expect(noCode.message).not.toContain('62220212345');
    const inAmount = await parseError(() => parseStatementText(data.replace('16,455,58768', '16,455,6222021234567890123X'), 'bai2'));
    expect(inAmount.message).not.toContain('62220212345');
  });

  it('refuses a truncated file, a closing ledger that does not add up, signed details and non-update groups', async () => {
    const data = text();
    expect((await parseError(() => parseStatementText(data.slice(0, data.indexOf('98,')), 'bai2'))).message).toContain('truncated');
    const closing = await parseError(() =>
      parseStatementText(
        data
          .replace('015,+11943577', '015,+11943578')
          .replace('49,+55809380', '49,+55809381')
          .replace(/\+56809380/g, '+56809381'),
        'bai2',
      ),
    );
    expect(closing.code).toBe('PAYOUT_E_STATEMENT_BALANCE_MISMATCH');
    expect(closing.message).toContain('line 3');
    expect((await parseError(() => parseStatementText(data.replace('16,455,58768', '16,455,-58768'), 'bai2'))).message).toContain(
      'must be unsigned',
    );
    expect(
      (await parseError(() => parseStatementText(data.replace('02,PAYOUTCO,BANKOFAMER,1,', '02,PAYOUTCO,BANKOFAMER,4,'), 'bai2'))).message,
    ).toContain('group status "4"');
    expect((await parseError(() => parseStatementText(data.replace('260226,2400', '260230,2400'), 'bai2'))).message).toContain(
      'line 2: as-of date: 260230 is not a calendar date',
    );
  });
});
