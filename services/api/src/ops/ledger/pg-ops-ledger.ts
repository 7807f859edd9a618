import { appendLifecyclePostings, PgLedgerStore } from '@payout/db/ledger';
import type { OpsLedgerPort, OpsLedgerReader, TimelinePosting } from '../ops-deps.ts';

/**
 * The ledger side of an approved force-resolve, in the approving transaction: the attempt's
 * money is settled (succeeded) or released (failed) exactly as if the bank had said so (the
 * lifecycle's forceResolve decides which).
 * Posting ids are deterministic per (payout, attempt, step), so nothing is booked twice when
 * the lifecycle books the same fact; a fact the ledger refuses (a settled attempt failing)
 * throws and the approval rolls back.
 */
export const pgOpsLedger: OpsLedgerPort = {
  async post(tx, event) {
    const r = await appendLifecyclePostings(tx, [event]);
    return { postingIds: [...r.appended, ...r.duplicates] };
  },
};

/** A payout's postings for its timeline. */
export const pgOpsLedgerReader: OpsLedgerReader = {
  async postingsForPayout(db, payoutId) {
    const postings = await new PgLedgerStore(db).postingsForPayout(payoutId);
    return postings.map((p): TimelinePosting => ({
      id: p.id,
      at: new Date(p.effectiveAt),
      step: p.cause.kind === 'payout' || p.cause.kind === 'funding' ? p.cause.step : p.cause.kind,
      attempt: p.cause.kind === 'payout' ? p.cause.attempt : null,
      entries: p.entries.map((e) => ({
        account: `${e.account.fundingAccountId}:${e.account.kind}`,
        currency: e.currency,
        amountMinor: e.amountMinor,
      })),
    }));
  },
};
