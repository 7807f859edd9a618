import type { PayoutStatus } from '@payout/domain';
import type { KnownReturn } from '@payout/statements';

/**
 * What a return credit (退票) does to the payout it names, once that payout is no longer
 * awaiting an answer. succeeded → returned is the only way out of a final state; a return for
 * a payout we called failed means it was executed after all — a person must look, loudly.
 */
export type ReturnPlan =
  | { readonly kind: 'return'; readonly from: 'succeeded' }
  /** Seen before: nothing to do (ingesting the same return twice changes nothing). */
  | { readonly kind: 'already_returned' }
  /** Executed although we said it was not: an ops exception, never an automatic change. */
  | { readonly kind: 'contradiction'; readonly reason: string }
  /** Still unresolved: execution and return are applied together by resolution. */
  | { readonly kind: 'via_resolution' };

export function planReturn(payoutStatus: PayoutStatus): ReturnPlan {
  switch (payoutStatus) {
    case 'succeeded':
      return { kind: 'return', from: 'succeeded' };
    case 'returned':
      return { kind: 'already_returned' };
    case 'failed':
    case 'cancelled':
    case 'rejected':
      return { kind: 'contradiction', reason: `a return credit names a payout that is ${payoutStatus}: the bank executed it` };
    case 'accepted':
    case 'held':
    case 'processing':
    case 'awaiting_verification':
    case 'manual_review':
      return { kind: 'via_resolution' };
  }
}

/** Return code to record: the line's (ISO, Nacha R-code or the bank's), or 'UNSPECIFIED' when only the fact is known. */
export function returnCodeOf(r: KnownReturn): string {
  return r.line.returnCode ?? 'UNSPECIFIED';
}
