// The attempt's state vocabulary. The transition table lives in @payout/lifecycle.

/**
 * One attempt = one instruction to one bank with its own end-to-end id.
 *  sending    row committed, bank call about to happen / in flight
 *  accepted   the bank took it (ACTC/ACCP/RCVD …), not settled
 *  pending    settlement in process (PDNG/ACSP …) — never resubmit
 *  unknown    no trustworthy answer (timeout, 5xx, reset, unrecognised code); may have executed
 *  succeeded  executed (ACSC/ACCC or matched statement debit)
 *  failed     definitively not executed (RJCT/CANC, return, confirmed not found)
 */
export const ATTEMPT_STATES = ['sending', 'accepted', 'pending', 'unknown', 'succeeded', 'failed'] as const;

export type AttemptState = (typeof ATTEMPT_STATES)[number];

export function isAttemptState(s: unknown): s is AttemptState {
  return typeof s === 'string' && (ATTEMPT_STATES as readonly string[]).includes(s);
}

/** Everything except 'failed': a succeeded attempt also blocks any new attempt. */
export function isLiveAttemptState(s: AttemptState): boolean {
  return s !== 'failed';
}

/** succeeded or failed: nothing more will change on this attempt. */
export function isFinalAttemptState(s: AttemptState): boolean {
  return s === 'succeeded' || s === 'failed';
}
