import type { StoredStatement } from '../verify.model.ts';

export { attempt, line } from '@payout/test-kit/match-builders';

/** A chain of daily statements with sequence numbers and balances that add up. */
export function dailyChain(
  firstDate: string,
  days: number,
  opts: { firstSeq?: number; account?: string; currency?: string } = {},
): StoredStatement[] {
  const out: StoredStatement[] = [];
  let balance = 1_000_000n;
  const [y, m, d] = firstDate.split('-').map(Number) as [number, number, number];
  for (let i = 0; i < days; i++) {
    const date = new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10);
    const closing = balance - 1_000n * BigInt(i);
    out.push({
      statementRowId: `ST${i}`,
      accountId: opts.account ?? 'DE89370400440532013000',
      currency: opts.currency ?? 'EUR',
      statementId: `STMT-${date}`,
      statementDate: date,
      electronicSequence: String((opts.firstSeq ?? 1) + i),
      legalSequence: undefined,
      page: undefined,
      lastPage: undefined,
      openingMinor: balance,
      closingMinor: closing,
      balanceCheck: 'ok',
    });
    balance = closing;
  }
  return out;
}
