import type { LedgerAccountRef } from '../accounts/ledger-account.ts';

/**
 * One line of a posting. `amountMinor` is signed: positive debits the account, negative
 * credits it. Never zero; always a bigint in minor units of `currency`.
 */
export interface PostingEntry {
  readonly account: LedgerAccountRef;
  readonly currency: string;
  readonly amountMinor: bigint;
}

/** What a payout posting records; one step of the payout's money through the buckets. */
export const PAYOUT_POSTING_STEPS = ['reserve', 'release', 'unknown', 'settle', 'debit_seen', 'return', 'return_seen'] as const;
export type PayoutPostingStep = (typeof PAYOUT_POSTING_STEPS)[number];

export const FUNDING_POSTING_STEPS = ['sent', 'received_seen', 'cancelled'] as const;
export type FundingPostingStep = (typeof FUNDING_POSTING_STEPS)[number];

/** Why a posting exists. Every posting names its cause so an auditor can walk back to it. */
export type PostingCause =
  | { readonly kind: 'payout'; readonly payoutId: string; readonly attempt: number; readonly step: PayoutPostingStep }
  | { readonly kind: 'funding'; readonly transferId: string; readonly sourceAccountId: string; readonly step: FundingPostingStep }
  | { readonly kind: 'opening_balance'; readonly statementId: string }
  | { readonly kind: 'adjustment'; readonly reference: string; readonly reason: string };

/**
 * A balanced, immutable journal entry. `id` is deterministic (derived from its cause), so a
 * replayed event produces the same id and a store adds nothing. `journalId` groups the
 * postings one event produced (an event may imply an earlier step it never saw).
 */
export interface Posting {
  readonly id: string;
  readonly journalId: string;
  readonly cause: PostingCause;
  /** ISO 8601 instant (UTC, `Z`) at which the recorded fact happened. */
  readonly effectiveAt: string;
  /** The bank's booking date, for postings that record a statement line. */
  readonly bookingDate?: string;
  readonly entries: readonly PostingEntry[];
}
