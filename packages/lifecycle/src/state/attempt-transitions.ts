import { PayoutError, type AttemptState } from '@payout/domain';
import { lookupTransition, type TransitionResult } from './transition-result.ts';

/**
 * | from      | to        | when                                                                      |
 * |-----------|-----------|---------------------------------------------------------------------------|
 * | sending   | accepted  | synchronous acknowledgement                                               |
 * | sending   | pending   | synchronous "in process"                                                  |
 * | sending   | succeeded | synchronous final positive (instant rails)                                |
 * | sending   | failed    | synchronous definitive reject                                             |
 * | sending   | unknown   | timeout, 5xx, connection reset, crash recovery finds `sending`            |
 * | accepted  | pending   | settlement started                                                        |
 * | accepted  | succeeded | final positive                                                            |
 * | accepted  | failed    | definitive reject / return                                                |
 * | accepted  | unknown   | later evidence is unreadable or contradicts (unrecognised code)           |
 * | pending   | succeeded | final positive                                                            |
 * | pending   | failed    | definitive reject / return                                                |
 * | pending   | unknown   | later evidence is unreadable or contradicts                               |
 * | unknown   | accepted  | a query finds it accepted                                                 |
 * | unknown   | pending   | a query finds it in process                                               |
 * | unknown   | succeeded | query or statement shows it executed                                      |
 * | unknown   | failed    | query or statement proves it was not executed                             |
 *
 * succeeded and failed are final for the attempt. A later return changes the PAYOUT
 * (succeeded → returned), not the attempt: the instruction did execute. pending → accepted is
 * absent: status does not go backwards, a stale ACTC after ACSP is ignored by the caller.
 */
export const ATTEMPT_TRANSITIONS: Readonly<Record<AttemptState, readonly AttemptState[]>> = Object.freeze({
  sending: Object.freeze(['accepted', 'pending', 'succeeded', 'failed', 'unknown'] as const),
  accepted: Object.freeze(['pending', 'succeeded', 'failed', 'unknown'] as const),
  pending: Object.freeze(['succeeded', 'failed', 'unknown'] as const),
  unknown: Object.freeze(['accepted', 'pending', 'succeeded', 'failed'] as const),
  succeeded: Object.freeze([] as const),
  failed: Object.freeze([] as const),
});

export function transitionAttempt(from: AttemptState, to: AttemptState): TransitionResult<AttemptState> {
  return lookupTransition('attempt', ATTEMPT_TRANSITIONS, from, to);
}

/** @throws PayoutError PAYOUT_E_INVALID_TRANSITION */
export function assertAttemptTransition(from: AttemptState, to: AttemptState): AttemptState {
  const r = transitionAttempt(from, to);
  if (!r.ok) throw new PayoutError(r.code, r.message, { machine: 'attempt', from, to });
  return r.to;
}
