import { describe, expect, it } from 'vitest';
import { isPayoutError } from '@payout/domain';
import { CN_BANK_CSV } from './cn-bank-csv.preset.ts';
import { parseCsvWithPreamble } from './csv-preamble.ts';

const opts = { csvMapping: CN_BANK_CSV.mapping, preamble: CN_BANK_CSV.preamble };
const head = (opening: string, closing: string, seq = '12') => [
  '账号,6222020200001234567',
  '币种,CNY',
  '对账日期,2026-11-20',
  `对账单序号,${seq}`,
  `期初余额,${opening}`,
  `期末余额,${closing}`,
  '交易时间,记账日期,流水号,借贷标志,金额,余额,对方户名,对方账号,端到端编号,退票原因,摘要',
];

describe('CSV with a preamble (CN bank statement)', () => {
  it('takes the statement number, date and balances from the preamble and the lines from the table', async () => {
    const text =
      [
        ...head('1000.00', '880.50'),
        '2026-11-20 09:00:01,2026-11-20,F1,借,120.00,880.00,张三,6222000011112222,E2E-CN-1,,代发',
        '2026-11-20 10:00:01,2026-11-20,F2,贷,0.50,880.50,李四,6222000033334444,E2E-CN-0,AC04,退票',
      ].join('\r\n') + '\r\n';
    const { statements } = await parseCsvWithPreamble(text, opts);
    const s = statements[0];
    expect(s).toMatchObject({
      statementId: '6222020200001234567/2026-11-20/12',
      sequence: { electronic: '12' },
      currency: 'CNY',
      openingBalance: { amountMinor: 100_000n },
      closingBalance: { amountMinor: 88_050n, date: '2026-11-20' },
    });
    expect(s?.lines.map((l) => [l.direction, l.amountMinor, l.endToEndId, l.returnReason?.code])).toEqual([
      ['debit', 12_000n, 'E2E-CN-1', undefined],
      ['credit', 50n, 'E2E-CN-0', 'AC04'],
    ]);
  });

  it('a day without rows is still a statement with its number and balances', async () => {
    const { statements } = await parseCsvWithPreamble(head('880.50', '880.50').join('\r\n') + '\r\n', opts);
    expect(statements).toMatchObject([
      { sequence: { electronic: '12' }, openingBalance: { amountMinor: 88_050n }, closingBalance: { amountMinor: 88_050n }, lines: [] },
    ]);
  });

  it('refuses an empty day whose balances differ, and a preamble that disagrees with the running balance', async () => {
    const e1 = await parseCsvWithPreamble(head('880.50', '880.00').join('\n'), opts).catch((e: unknown) => e);
    expect(isPayoutError(e1) && e1.code).toBe('PAYOUT_E_STATEMENT_BALANCE_MISMATCH');
    const text = [...head('1000.00', '880.00'), '2026-11-20 09:00:01,2026-11-20,F1,借,120.00,881.00,张三,6222,E2E-CN-1,,代发'].join('\n');
    const e2 = await parseCsvWithPreamble(text, opts).catch((e: unknown) => e);
    expect(isPayoutError(e2) && e2.code).toBe('PAYOUT_E_STATEMENT_BALANCE_MISMATCH');
  });

  it('names the place of a bad preamble value', async () => {
    const bad = head('1000.00', '880.00')
      .map((l) => (l.startsWith('对账日期') ? '对账日期,2026-02-30' : l))
      .join('\n');
    const e = await parseCsvWithPreamble(bad, opts).catch((x: unknown) => x);
    expect(isPayoutError(e) && e.message).toMatch(/line 3/);
  });
});
