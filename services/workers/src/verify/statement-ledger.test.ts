import { describe, expect, it } from 'vitest';
import type { FundingCreditLine } from '@payout/db';
import type { FundingTransfer } from '@payout/db/ledger';
import { matchFundingCredits, statementLedgerId } from './statement-ledger.ts';

describe('statementLedgerId', () => {
  it('qualifies the bank’s statement id with its date, within the ledger’s id rules', () => {
    expect(statementLedgerId('2026-09-30', 'STMT-0930')).toBe('2026-09-30/STMT-0930');
    expect(statementLedgerId('2026-09-30', 'A|B')).toBe('2026-09-30/A_B');
    const long = statementLedgerId('2026-09-30', 'X'.repeat(140));
    expect(long.length).toBeLessThanOrEqual(128);
    expect(long).toMatch(/^2026-09-30\/sha256:[0-9a-f]{64}$/);
    expect(statementLedgerId('2026-09-30', 'X'.repeat(140))).toBe(long);
  });
});

let n = 0;
function credit(over: Partial<FundingCreditLine>): FundingCreditLine {
  n += 1;
  return {
    lineId: String(n),
    statementRowId: 's1',
    lineIndex: n,
    amountMinor: 500_000n,
    currency: 'CNY',
    bookingDate: '2026-09-29',
    valueDate: null,
    endToEndId: null,
    customerReference: null,
    ...over,
  };
}
function inTransit(transferId: string, amountMinor: bigint, currency = 'CNY'): FundingTransfer {
  return {
    transferId,
    fundingAccountId: 'cn-1',
    sourceAccountId: 'pool',
    amount: { amountMinor, currency },
    state: 'in_transit',
    recordedSent: true,
    recordedAt: '2026-09-29T02:00:00.000Z',
  };
}

describe('matchFundingCredits', () => {
  it('books a credit whose end-to-end id or customer reference is a transfer in transit with its amount and currency', () => {
    const byE2e = credit({ endToEndId: 'T-1' });
    const byRef = credit({ customerReference: 'T-2', amountMinor: 7_000n, bookingDate: null, valueDate: '2026-09-30' });
    const m = matchFundingCredits([byE2e, byRef], [inTransit('T-1', 500_000n), inTransit('T-2', 7_000n)], '2026-09-29');
    expect(m.seen.map((s) => [s.line.lineId, s.transfer.transferId, s.bookingDate])).toEqual([
      [byE2e.lineId, 'T-1', '2026-09-29'],
      [byRef.lineId, 'T-2', '2026-09-30'],
    ]);
    expect(m.mismatched).toEqual([]);
  });

  it('never books a credit that names no transfer, names one with another amount or currency, or arrives twice', () => {
    const stray = credit({ endToEndId: 'STRAY' });
    const short = credit({ endToEndId: 'T-1', amountMinor: 499_999n });
    const usd = credit({ endToEndId: 'T-1', currency: 'USD' });
    const first = credit({ endToEndId: 'T-1' });
    const again = credit({ endToEndId: 'T-1' });
    const m = matchFundingCredits([stray, short, usd, first, again], [inTransit('T-1', 500_000n)], '2026-09-29');
    expect(m.seen.map((s) => s.line.lineId)).toEqual([first.lineId]);
    expect(m.mismatched.map((x) => x.line.lineId)).toEqual([short.lineId, usd.lineId]);
  });

  it('prefers the reference that matches exactly when the line carries two', () => {
    const line = credit({ endToEndId: 'T-9', customerReference: 'T-1' });
    const m = matchFundingCredits([line], [inTransit('T-9', 1n), inTransit('T-1', 500_000n)], '2026-09-29');
    expect(m.seen.map((s) => s.transfer.transferId)).toEqual(['T-1']);
  });

  it('ignores transfers that are not in transit', () => {
    const seen: FundingTransfer = { ...inTransit('T-1', 500_000n), state: 'seen', seenOn: '2026-09-28' };
    expect(matchFundingCredits([credit({ endToEndId: 'T-1' })], [seen], '2026-09-29')).toEqual({ seen: [], mismatched: [] });
  });
});
