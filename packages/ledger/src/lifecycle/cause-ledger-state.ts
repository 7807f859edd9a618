import type { AccountKind } from '../accounts/ledger-account.ts';
import type { Posting } from '../postings/posting.ts';

/**
 * The money of one cause (a payout attempt or a funding transfer) as its postings left it:
 * the balance per account kind, which posting ids exist, and which account and currency the
 * money is held in. Derived from the postings alone, so it cannot drift from them.
 */
export interface CauseLedgerState {
  readonly postedIds: ReadonlySet<string>;
  balance(kind: AccountKind): bigint;
  /** The funding account and currency of the first posting, when there is one. */
  readonly fundingAccountId: string | undefined;
  readonly currency: string | undefined;
}

export function causeLedgerState(postings: readonly Posting[], belongs: (p: Posting) => boolean): CauseLedgerState {
  const postedIds = new Set<string>();
  const balances = new Map<AccountKind, bigint>();
  let fundingAccountId: string | undefined;
  let currency: string | undefined;
  for (const p of postings) {
    if (!belongs(p)) continue;
    postedIds.add(p.id);
    for (const e of p.entries) {
      balances.set(e.account.kind, (balances.get(e.account.kind) ?? 0n) + e.amountMinor);
      fundingAccountId ??= e.account.fundingAccountId;
      currency ??= e.currency;
    }
  }
  return { postedIds, balance: (kind) => balances.get(kind) ?? 0n, fundingAccountId, currency };
}
