import { classifyReason } from '@payout/domain';
import type { PayoutStatus } from '@payout/domain';
import { decideNewAttempt, type AttemptFact, type NewAttemptDecision } from './new-attempt.decision.ts';

export interface AfterFailurePlan {
  /** The payout status to move to (from processing / awaiting_verification / manual_review). */
  readonly status: Extract<PayoutStatus, 'accepted' | 'held' | 'failed' | 'manual_review'>;
  readonly decision: NewAttemptDecision;
  readonly reason: string;
}

/**
 * Where a payout goes once its latest attempt is definitively failed, derived only from
 * `decideNewAttempt` and the reason classes, so the two can never disagree:
 *  - new attempt allowed → `held` when the last failure was insufficient funds (retry after
 *    funding), else `accepted` (route again; other channel if preferred);
 *  - refused because of data errors only, or the attempt limit → `failed` (final);
 *  - refused because of a duplicate, an 'other' or an unrecognised reason, or an inconsistent
 *    history (a live or succeeded attempt) → `manual_review`: a person looks before anything.
 */
export function planAfterAttemptFailure(attempts: readonly AttemptFact[], opts?: { maxAttempts?: number }): AfterFailurePlan {
  const decision = decideNewAttempt(attempts, opts);
  if (decision.allowed) {
    const last = attempts.at(-1);
    const lastClass = last === undefined ? undefined : classifyReason(last.reasonCode).class;
    return lastClass === 'insufficient_funds'
      ? { status: 'held', decision, reason: 'insufficient funds: retry after the account is funded' }
      : { status: 'accepted', decision, reason: decision.preferOtherChannel ? 'retry on another channel' : 'retry allowed' };
  }
  switch (decision.code) {
    case 'PAYOUT_E_RETRY_LIMIT':
      return { status: 'failed', decision, reason: decision.message };
    case 'PAYOUT_E_REASON_FORBIDS_RETRY': {
      const onlyDataErrors = attempts.every((a) => {
        const c = classifyReason(a.reasonCode);
        return c.permitsNewAttempt || c.class === 'data_error';
      });
      return { status: onlyDataErrors ? 'failed' : 'manual_review', decision, reason: decision.message };
    }
    case 'PAYOUT_E_ATTEMPT_LIVE':
    case 'PAYOUT_E_ALREADY_SUCCEEDED':
      return { status: 'manual_review', decision, reason: `inconsistent attempt history: ${decision.message}` };
  }
}
