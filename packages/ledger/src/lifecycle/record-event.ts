import type { LedgerStore } from '../ports/ledger-store.port.ts';
import { postingsForFundingEvent } from './funding.postings.ts';
import { postingsForPayoutEvent } from './payout.postings.ts';
import type { FundingLedgerEvent, PayoutLedgerEvent } from './payout-ledger-event.ts';
import type { PostingDecision } from './posting-decision.ts';

/**
 * Reads the payout's postings, decides, appends: the whole ledger side of one lifecycle
 * event. Callers run it inside the transaction that records the event (the payout row lock
 * keeps two workers from deciding on the same history at once).
 *
 * @example await recordPayoutEvent(store, { type: 'attempt_unknown', payoutId, attempt: 1, fundingAccountId, amount, at: clock() })
 */
export async function recordPayoutEvent(store: LedgerStore, event: PayoutLedgerEvent): Promise<PostingDecision> {
  const decision = postingsForPayoutEvent(event, await store.postingsForPayout(event.payoutId));
  if (decision.kind === 'post') await store.append(decision.postings);
  return decision;
}

/** Same for a funding transfer event. */
export async function recordFundingEvent(store: LedgerStore, event: FundingLedgerEvent): Promise<PostingDecision> {
  const decision = postingsForFundingEvent(event, await store.postingsForFundingTransfer(event.transferId));
  if (decision.kind === 'post') await store.append(decision.postings);
  return decision;
}
