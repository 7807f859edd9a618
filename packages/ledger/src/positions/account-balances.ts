import { accountKey, type AccountKind } from '../accounts/ledger-account.ts';
import type { Posting } from '../postings/posting.ts';

export interface AccountBalance {
  readonly fundingAccountId: string;
  readonly kind: AccountKind;
  readonly currency: string;
  /** Debits minus credits. */
  readonly balanceMinor: bigint;
}

/** The balance of every account the postings touch (debits minus credits), in key order. */
export function accountBalances(postings: Iterable<Posting>): AccountBalance[] {
  const map = new Map<string, { fundingAccountId: string; kind: AccountKind; currency: string; balanceMinor: bigint }>();
  for (const p of postings) {
    for (const e of p.entries) {
      const key = accountKey(e.account.fundingAccountId, e.account.kind, e.currency);
      const cur = map.get(key);
      if (cur === undefined)
        map.set(key, {
          fundingAccountId: e.account.fundingAccountId,
          kind: e.account.kind,
          currency: e.currency,
          balanceMinor: e.amountMinor,
        });
      else cur.balanceMinor += e.amountMinor;
    }
  }
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => Object.freeze({ ...v }));
}

/**
 * Sum of all entries per currency over the whole ledger. Double entry means every value is
 * zero; anything else proves an unbalanced posting got in.
 */
export function trialBalance(postings: Iterable<Posting>): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const p of postings) for (const e of p.entries) sums.set(e.currency, (sums.get(e.currency) ?? 0n) + e.amountMinor);
  return sums;
}
