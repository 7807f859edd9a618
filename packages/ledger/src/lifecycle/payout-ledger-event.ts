import type { Money } from '@payout/domain';

/**
 * The payout lifecycle facts the ledger listens to, one per money-relevant step:
 *  submitted          an attempt is about to be sent: reserve its amount
 *  attempt_unknown    the attempt's outcome is unknown: it counts as spent until resolved
 *  attempt_failed     the bank definitively did not execute it: release the reservation
 *  attempt_succeeded  the bank executed it: settled, awaiting the statement
 *  debit_seen         a statement shows the debit: the money left the confirmed balance
 *  returned           the bank reports a return (退票) of an executed payout
 *  return_seen        a statement shows the returned credit: only now is it available again
 */
export const PAYOUT_LEDGER_EVENT_TYPES = [
  'submitted',
  'attempt_unknown',
  'attempt_failed',
  'attempt_succeeded',
  'debit_seen',
  'returned',
  'return_seen',
] as const;
export type PayoutLedgerEventType = (typeof PAYOUT_LEDGER_EVENT_TYPES)[number];

export interface PayoutLedgerEvent {
  readonly type: PayoutLedgerEventType;
  readonly payoutId: string;
  /** 1-based attempt number; each attempt reserves and resolves on its own. */
  readonly attempt: number;
  /** The funding account the attempt pays from. */
  readonly fundingAccountId: string;
  /** The payout amount (positive). */
  readonly amount: Money;
  /** For `returned` / `return_seen`: the amount that came back, when less than `amount`. */
  readonly returnedAmount?: Money | undefined;
  /** When the fact happened (the bank's answer, the booking on the statement …). */
  readonly at: Date;
  /** The statement's booking date; required for `debit_seen` and `return_seen`. */
  readonly bookingDate?: string | undefined;
}

export const FUNDING_LEDGER_EVENT_TYPES = ['funding_sent', 'funding_seen', 'funding_cancelled'] as const;
export type FundingLedgerEventType = (typeof FUNDING_LEDGER_EVENT_TYPES)[number];

/**
 * A funding transfer into a funding account: sent (in transit), seen on the receiving
 * account's statement (available), or cancelled before it arrived.
 */
export interface FundingLedgerEvent {
  readonly type: FundingLedgerEventType;
  readonly transferId: string;
  /** The receiving funding account. */
  readonly fundingAccountId: string;
  /** Where the money comes from (a configured source account); recorded in the cause. */
  readonly sourceAccountId: string;
  readonly amount: Money;
  readonly at: Date;
  /** Required for `funding_seen`. */
  readonly bookingDate?: string | undefined;
}
