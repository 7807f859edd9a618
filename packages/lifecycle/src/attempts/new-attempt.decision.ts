import { PayoutError } from '@payout/domain';
import { classifyReason } from '@payout/domain';
import type { AttemptState } from '@payout/domain';

/** What the rule needs to know about one earlier attempt of the payout. */
export interface AttemptFact {
  readonly state: AttemptState;
  /** The bank's reject/return reason for a failed attempt (ISO 20022 or Nacha code). */
  readonly reasonCode?: string | undefined;
}

/**
 * Marks a "yes" as given by `decideNewAttempt`. The symbol is not exported, so no other code can
 * write `{ allowed: true }` by hand and hand it to `sendNewAttempt`: a new attempt cannot be
 * expressed without the rule having been asked. (Type-level only: the object has no such key.)
 */
declare const decidedByTheRule: unique symbol;

export type NewAttemptDecision =
  | { readonly allowed: true; readonly preferOtherChannel: boolean; readonly [decidedByTheRule]: true }
  | {
      readonly allowed: false;
      readonly code: 'PAYOUT_E_ATTEMPT_LIVE' | 'PAYOUT_E_REASON_FORBIDS_RETRY' | 'PAYOUT_E_ALREADY_SUCCEEDED' | 'PAYOUT_E_RETRY_LIMIT';
      readonly message: string;
    };

/** Attempts per payout unless the caller configures otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * THE no-double-payout rule. A new attempt (a new instruction with a new end-to-end id) is
 * allowed only when every earlier attempt is definitively failed AND each failure's reason
 * permits a new instruction, and fewer than `maxAttempts` attempts exist.
 *
 * Checked in this order, so the refusal names the most important cause:
 *  1. any attempt succeeded                     → PAYOUT_E_ALREADY_SUCCEEDED
 *  2. any attempt sending/accepted/pending/unknown (or an unreadable state) → PAYOUT_E_ATTEMPT_LIVE
 *  3. any failure whose reason does not permit one (data error, duplicate, other,
 *     missing or unrecognised reason)           → PAYOUT_E_REASON_FORBIDS_RETRY
 *  4. attempts.length >= maxAttempts            → PAYOUT_E_RETRY_LIMIT
 *
 * `preferOtherChannel` is true when any earlier failure was a channel limit (AM02, AM13 …):
 * the same channel would refuse again.
 *
 * @example
 *   decideNewAttempt([{ state: 'failed', reasonCode: 'AB05' }]) // { allowed: true, preferOtherChannel: false }
 *   decideNewAttempt([{ state: 'unknown' }])                     // { allowed: false, code: 'PAYOUT_E_ATTEMPT_LIVE', … }
 */
export function decideNewAttempt(attempts: readonly AttemptFact[], opts?: { maxAttempts?: number }): NewAttemptDecision {
  const maxAttempts = opts?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `maxAttempts must be a positive integer, got ${String(maxAttempts)}`);
  }

  const succeeded = attempts.findIndex((a) => a.state === 'succeeded');
  if (succeeded !== -1) {
    return {
      allowed: false,
      code: 'PAYOUT_E_ALREADY_SUCCEEDED',
      message: `attempt #${succeeded + 1} succeeded; nothing may be sent again`,
    };
  }

  // Anything other than exactly 'failed' blocks — including a state string we do not know.
  const live = attempts.findIndex((a) => a.state !== 'failed');
  if (live !== -1) {
    return {
      allowed: false,
      code: 'PAYOUT_E_ATTEMPT_LIVE',
      message: `attempt #${live + 1} is ${String(attempts[live]?.state)}, not definitively failed; the bank may still execute it`,
    };
  }

  let preferOtherChannel = false;
  for (const [i, a] of attempts.entries()) {
    const reason = classifyReason(a.reasonCode);
    if (!reason.permitsNewAttempt) {
      const shown = reason.code === '' ? 'no reason code' : `reason ${reason.code}`;
      return {
        allowed: false,
        code: 'PAYOUT_E_REASON_FORBIDS_RETRY',
        message: `attempt #${i + 1} failed with ${shown} (${reason.class}), which does not permit a new instruction`,
      };
    }
    if (reason.class === 'retry_other_channel') preferOtherChannel = true;
  }

  if (attempts.length >= maxAttempts) {
    return { allowed: false, code: 'PAYOUT_E_RETRY_LIMIT', message: `${attempts.length} of ${maxAttempts} attempts used` };
  }
  return { allowed: true, preferOtherChannel } as Extract<NewAttemptDecision, { readonly allowed: true }>;
}
