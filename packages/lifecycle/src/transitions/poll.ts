import type { AttemptState } from '@payout/domain';
import { payoutUpdate, statusEvent } from '../records/build.ts';
import type { PayoutRef } from '../records/lifecycle-records.ts';
import type { Transition } from './transition.ts';

/** An attempt of a payout whose due status query cannot be made. */
export interface OrphanAttempt {
  readonly attemptNo: number;
  readonly channelId: string;
  readonly state: AttemptState;
}

/** Why a due status query cannot be made: no open attempt, an attempt already succeeded, or an unconfigured channel. */
export function orphanPollReason(attempts: readonly OrphanAttempt[]): string {
  const live = attempts.find((a) => a.state !== 'failed');
  if (live === undefined) return 'a status query was due but the payout has no open attempt';
  return live.state === 'succeeded'
    ? `attempt #${live.attemptNo} succeeded but the payout was still processing`
    : `channel ${live.channelId} of attempt #${live.attemptNo} is not configured in this worker`;
}

/**
 * A poll fell due for a payout the poller cannot query. Never guess: a processing payout whose
 * attempt already succeeded follows it to succeeded, any other processing one goes to a person;
 * a payout in another status is left alone (undefined).
 */
export function resolveOrphanPoll(payout: PayoutRef, attempts: readonly OrphanAttempt[]): Transition | undefined {
  if (payout.status !== 'processing') return undefined;
  const reason = orphanPollReason(attempts);
  const live = attempts.find((a) => a.state !== 'failed');
  if (live?.state === 'succeeded') {
    const events = [statusEvent('processing', 'succeeded', { attemptNo: live.attemptNo, channelId: live.channelId })];
    return { payout: payoutUpdate(payout, { status: 'succeeded', reason, next: null, at: null, events }), status: 'succeeded' };
  }
  const events = [statusEvent('processing', 'manual_review', { reason })];
  return { payout: payoutUpdate(payout, { status: 'manual_review', reason, next: null, at: null, events }), status: 'manual_review' };
}
