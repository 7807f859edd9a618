import type { ReasonInfo } from '@payout/domain';
import type { BankAccountRef } from '@payout/domain';
import type { StatementFormat } from './profile/bank-profile.ts';

/**
 * Why an answer is unknown. For a submit every one of these means "the bank may have
 * executed it": the attempt goes to `unknown` and is polled, never failed.
 */
export type UnknownCause =
  | 'timeout' // our deadline passed after the request may have reached the bank
  | 'aborted' // the caller's signal aborted after the request may have reached the bank
  | 'connection' // reset / closed mid-exchange
  | 'http_5xx'
  | 'http_status' // any other unexpected HTTP status
  | 'unparseable' // a body we cannot read
  | 'unrecognised_status' // a status word or code not in our tables
  | 'unrecognised_reason' // a failure with a bank code we cannot map (CN "FAIL" + unknown code may be a system error)
  | 'bank_system_error' // the bank itself says "system error, result unknown"
  | 'blocked' // ISO BLCK: the bank holds it for manual handling; route to manual review
  | 'internal'; // our adapter threw: a bug, but the request may have gone out

/** Why a call was not made. Work waits; nothing fails because of these. */
export type UnavailableCause = 'breaker_open' | 'rate_limited' | 'outside_hours' | 'coordination_unavailable';

/** Why we can prove a submit never reached the bank. */
export type NotSentCause = 'connection_refused' | 'aborted_before_send';

export interface AcceptedOutcome {
  readonly kind: 'accepted';
  readonly endToEndId: string;
  /** The bank's own status code/word, for the attempt's history. */
  readonly bankStatus: string;
  readonly bankReference?: string | undefined;
}
export interface PendingOutcome {
  readonly kind: 'pending';
  readonly endToEndId: string;
  readonly bankStatus: string;
  readonly bankReference?: string | undefined;
}
export interface SucceededOutcome {
  readonly kind: 'succeeded';
  readonly endToEndId: string;
  readonly bankStatus: string;
  readonly bankReference: string;
  /** Booking date ('YYYY-MM-DD', bank-local) when the bank says it. */
  readonly bookedOn?: string | undefined;
}
export interface RejectedOutcome {
  readonly kind: 'rejected';
  readonly endToEndId: string;
  readonly bankStatus: string;
  /** ISO 20022 reason code (the bank's own code mapped through our table). */
  readonly code: string;
  readonly reason: ReasonInfo;
  /** The bank's own code and message when it differs from `code`. */
  readonly bankCode?: string | undefined;
  readonly bankMessage?: string | undefined;
}
export interface ReturnedOutcome {
  readonly kind: 'returned';
  readonly endToEndId: string;
  readonly bankStatus: string;
  readonly code: string;
  readonly reason: ReasonInfo;
  readonly bankReference?: string | undefined;
  readonly bankCode?: string | undefined;
}
export interface NotFoundOutcome {
  readonly kind: 'not_found';
  readonly endToEndId: string;
  /** From the profile: this bank's "not found" can mean "received, still processing". */
  readonly mayStillBeProcessing: boolean;
}
export interface UnknownOutcome {
  readonly kind: 'unknown';
  readonly endToEndId: string;
  readonly cause: UnknownCause;
  /** Short diagnostic (never the body of a response with account data). */
  readonly detail: string;
  readonly bankStatus?: string | undefined;
}
export interface NotSentOutcome {
  readonly kind: 'not_sent';
  readonly endToEndId: string;
  readonly cause: NotSentCause;
  readonly detail: string;
}
export interface UnavailableOutcome {
  readonly kind: 'unavailable';
  readonly endToEndId: string;
  readonly cause: UnavailableCause;
  /** When trying again makes sense, in ms from now. */
  readonly retryAfterMs: number;
}

/**
 * What a submission ended as. `unknown` whenever the bank may have executed it;
 * `not_sent` and `unavailable` only when it provably did not reach the bank.
 */
export type SubmitOutcome =
  AcceptedOutcome | PendingOutcome | SucceededOutcome | RejectedOutcome | UnknownOutcome | NotSentOutcome | UnavailableOutcome;

/** What a status query said. `rejected` here means "definitively failed at the bank". */
export type QueryOutcome =
  | AcceptedOutcome
  | PendingOutcome
  | SucceededOutcome
  | RejectedOutcome
  | ReturnedOutcome
  | NotFoundOutcome
  | UnknownOutcome
  | UnavailableOutcome;

export type StatementOutcome =
  | {
      readonly kind: 'available';
      readonly account: BankAccountRef;
      readonly date: string;
      readonly format: StatementFormat;
      readonly contentType: string;
      /** The raw file; parsing belongs to @payout/statements. */
      readonly content: string;
    }
  | { readonly kind: 'not_yet_available'; readonly account: BankAccountRef; readonly date: string; readonly availableAt?: Date | undefined }
  /** The bank holds no statement for this account and date (before the account opened, or no such account): final, not a failure. */
  | { readonly kind: 'none'; readonly account: BankAccountRef; readonly date: string; readonly detail: string }
  | { readonly kind: 'unknown'; readonly cause: UnknownCause; readonly detail: string }
  | { readonly kind: 'unavailable'; readonly cause: UnavailableCause; readonly retryAfterMs: number };

export function unknownOutcome(endToEndId: string, cause: UnknownCause, detail: string, bankStatus?: string): UnknownOutcome {
  return bankStatus === undefined
    ? { kind: 'unknown', endToEndId, cause, detail }
    : { kind: 'unknown', endToEndId, cause, detail, bankStatus };
}

/**
 * True when an outcome says the channel itself is failing (no answer, 5xx, garbage). These
 * count against the circuit breaker; a definitive answer of any kind counts as health.
 */
export function isChannelFailure(outcome: { readonly kind: string; readonly cause?: string }): boolean {
  if (outcome.kind === 'not_sent') return outcome.cause === 'connection_refused';
  if (outcome.kind !== 'unknown') return false;
  switch (outcome.cause) {
    case 'timeout':
    case 'connection':
    case 'http_5xx':
    case 'http_status':
    case 'unparseable':
    case 'bank_system_error':
      return true;
    default:
      return false;
  }
}
