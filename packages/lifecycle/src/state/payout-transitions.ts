import { PayoutError, type PayoutStatus } from '@payout/domain';
import { lookupTransition, type TransitionResult } from './transition-result.ts';

/**
 * The one payout transition table. Why each move exists:
 *
 * | from                  | to                    | when                                                                                       |
 * |-----------------------|-----------------------|--------------------------------------------------------------------------------------------|
 * | accepted              | processing            | routed; attempt row written (`sending`) and committed before the bank call                 |
 * | accepted              | held                  | the funding account or channel lacks liquidity; wait for funding                           |
 * | accepted              | manual_review         | routing/risk needs a person, or the sweeper finds an inconsistency (e.g. a live attempt)   |
 * | accepted              | cancelled             | upstream/ops cancel while no attempt is live                                               |
 * | accepted              | rejected              | post-intake validation refuses it (no channel can pay it, sanctions …); never sent        |
 * | accepted              | failed                | after an earlier definitively failed attempt, no channel/attempt is left to try            |
 * | held                  | accepted              | funding arrived; back to routing                                                           |
 * | held                  | processing            | funding arrived and the submit step writes the attempt in the same transaction            |
 * | held                  | manual_review         | funding did not arrive in time; a person decides                                           |
 * | held                  | cancelled             | cancel while waiting for funding (no attempt live)                                         |
 * | held                  | failed                | waiting to retry after AM04/R01 and the payout's deadline passed                          |
 * | processing            | succeeded             | the attempt succeeded (ACSC/ACCC, or a statement debit matched while polling)              |
 * | processing            | failed                | the attempt definitively failed with a data error, or the attempt limit is reached         |
 * | processing            | accepted              | the attempt definitively failed and `decideNewAttempt` allows another (AB0x, TM01, AM02 …) |
 * | processing            | held                  | the attempt failed for insufficient funds (AM04); retry after funding                      |
 * | processing            | awaiting_verification | poll budget spent or the business day closed with the attempt still pending/unknown        |
 * | processing            | manual_review         | BLCK, duplicate (AM05/DUPL), unrecognised reason, conflicting evidence                     |
 * | awaiting_verification | succeeded             | the statement shows the matching debit                                                     |
 * | awaiting_verification | failed                | statement complete and continuous, no debit, and the bank confirms not executed           |
 * | awaiting_verification | accepted              | late definitive reject whose reason permits a new attempt (e.g. a late RJCT AB05)          |
 * | awaiting_verification | held                  | late definitive reject for insufficient funds (AM04)                                       |
 * | awaiting_verification | processing            | late in-progress evidence (PDNG/ACSP) or ops "re-poll now": the attempt is live again     |
 * | awaiting_verification | manual_review         | the statement does not settle it (missing, discontinuous, ambiguous match)                 |
 * | manual_review         | succeeded             | resolved with evidence (maker-checker)                                                     |
 * | manual_review         | failed                | resolved with evidence that nothing was executed and no retry is wanted                    |
 * | manual_review         | accepted              | every attempt confirmed definitively failed; ops orders a retry (decideNewAttempt decides) |
 * | manual_review         | processing            | a person finds the attempt still live at the bank; resume polling                          |
 * | manual_review         | awaiting_verification | a person schedules the statement check                                                     |
 * | manual_review         | cancelled             | review before any attempt was sent ends in cancellation                                    |
 * | manual_review         | rejected              | review before any attempt was sent (compliance) refuses it                                 |
 * | succeeded             | returned              | a return (退票/R-code/camt RtrInf) after success                                           |
 *
 * Deliberately absent: processing → cancelled (the bank may execute; cancel is a recall, not
 * a state change), anything → returned except from succeeded, any move out of a final state,
 * and self-moves (a repeated write is a concurrency signal, not a transition).
 * Conditions the table cannot see (cancel/reject only when no attempt was ever sent; retry
 * only when `decideNewAttempt` allows) are checked by the caller with those functions.
 */
export const PAYOUT_TRANSITIONS: Readonly<Record<PayoutStatus, readonly PayoutStatus[]>> = Object.freeze({
  accepted: Object.freeze(['processing', 'held', 'manual_review', 'cancelled', 'rejected', 'failed'] as const),
  held: Object.freeze(['accepted', 'processing', 'manual_review', 'cancelled', 'failed'] as const),
  processing: Object.freeze(['succeeded', 'failed', 'accepted', 'held', 'awaiting_verification', 'manual_review'] as const),
  awaiting_verification: Object.freeze(['succeeded', 'failed', 'accepted', 'held', 'processing', 'manual_review'] as const),
  manual_review: Object.freeze([
    'succeeded',
    'failed',
    'accepted',
    'processing',
    'awaiting_verification',
    'cancelled',
    'rejected',
  ] as const),
  succeeded: Object.freeze(['returned'] as const),
  failed: Object.freeze([] as const),
  returned: Object.freeze([] as const),
  cancelled: Object.freeze([] as const),
  rejected: Object.freeze([] as const),
});

export function transitionPayout(from: PayoutStatus, to: PayoutStatus): TransitionResult<PayoutStatus> {
  return lookupTransition('payout', PAYOUT_TRANSITIONS, from, to);
}

/** For code paths where a refused move is a bug. @throws PayoutError PAYOUT_E_INVALID_TRANSITION */
export function assertPayoutTransition(from: PayoutStatus, to: PayoutStatus): PayoutStatus {
  const r = transitionPayout(from, to);
  if (!r.ok) throw new PayoutError(r.code, r.message, { machine: 'payout', from, to });
  return r.to;
}
