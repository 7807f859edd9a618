import type { AttemptState } from '@payout/domain';
import type { CalendarGapRef } from './calendar-gap-reason.ts';

/** What happens to the attempt a bank answer was about. */
export interface AttemptChange {
  /** New state; undefined = unchanged. */
  readonly to?: AttemptState | undefined;
  readonly bankStatus?: string | undefined;
  readonly bankReference?: string | undefined;
  /** ISO 20022 / Nacha reason for a failure, as the bank gave it (mapped). */
  readonly reasonCode?: string | undefined;
  readonly reasonText?: string | undefined;
  /** This answer used one of the attempt's polls (unavailable answers do not). */
  readonly countPoll: boolean;
}

/** What happens to the payout, and what it does next. */
export type PayoutPlan =
  /** Stay processing; query the bank at `at`. */
  | { readonly kind: 'poll'; readonly at: Date; readonly note?: string | undefined }
  /** Stay processing; the instruction provably never reached the bank: send the SAME attempt at `at`. */
  | { readonly kind: 'resend'; readonly at: Date; readonly reason: string }
  | { readonly kind: 'succeeded' }
  /** Executed, then returned (the payout passes through succeeded). */
  | { readonly kind: 'returned'; readonly reasonCode: string; readonly reason: string }
  | { readonly kind: 'failed'; readonly reasonCode: string | undefined; readonly reason: string }
  /** The attempt is definitively failed and a new one is allowed: route again at `at`. */
  | { readonly kind: 'retry'; readonly status: 'accepted' | 'held'; readonly at: Date; readonly reason: string }
  | { readonly kind: 'manual_review'; readonly reason: string }
  /** Polling stopped; check the statement at `at` (the bank's statement time, next business day). */
  | { readonly kind: 'awaiting_verification'; readonly at: Date; readonly reason: string }
  /**
   * Stay processing: the next step needs a day in a year the calendar has no data for (the
   * statement check date, the bank's query hours). Query again at `at`, with
   * PAYOUT_E_CALENDAR_NO_DATA, the calendar and the year in the reason; once the year has
   * been imported the next look goes on by itself. Never manual review for this.
   */
  | { readonly kind: 'calendar_wait'; readonly at: Date; readonly gap: CalendarGapRef; readonly reason: string };

/** A bank answer (submit or query) decided: what the attempt and the payout do. */
export interface AnswerPlan {
  readonly attempt: AttemptChange;
  readonly payout: PayoutPlan;
  /** For the channel's success rate: true executed, false definitively failed or unreadable, undefined no news. */
  readonly channelSuccess?: boolean | undefined;
}
