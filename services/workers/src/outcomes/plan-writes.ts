import type { AttemptUpdate, LifecycleEvent, PayoutUpdate } from '@payout/db';
import { transitionAttempt, type AttemptState, type PayoutStatus } from '@payout/domain';
import { calendarGapReason } from '../escalation/calendar-gap.ts';
import type { LifecyclePlan } from './lifecycle-plan.ts';

export interface PlannedAttempt {
  readonly id: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly endToEndId: string;
  readonly state: AttemptState;
}

export interface PlannedPayout {
  readonly id: string;
  readonly status: PayoutStatus;
  readonly version: number;
}

export interface PlanWrites {
  readonly attempt: AttemptUpdate | undefined;
  readonly payout: PayoutUpdate;
  /** The payout's status after the writes. */
  readonly status: PayoutStatus;
}

/**
 * Turn an outcome plan into the guarded row writes: the attempt update (if any), the payout
 * update with its events. Returns undefined when the plan asks for an attempt move the
 * attempt state machine does not allow (stale evidence, e.g. an ACTC after ACSP): nothing is
 * written for it.
 */
export function planWrites(payout: PlannedPayout, attempt: PlannedAttempt, plan: LifecyclePlan, answeredAt: Date): PlanWrites | undefined {
  const a = plan.attempt;
  const attemptTo = a.to ?? attempt.state;
  if (a.to !== undefined && a.to !== attempt.state && !transitionAttempt(attempt.state, a.to).ok) return undefined;
  const attemptChanged = attemptTo !== attempt.state;
  const attemptUpdate: AttemptUpdate | undefined =
    attemptChanged || a.countPoll || a.bankReference !== undefined || a.bankStatus !== undefined
      ? {
          attemptId: attempt.id,
          expectedState: attempt.state,
          state: attemptTo,
          bankReference: a.bankReference,
          statusCode: a.bankStatus,
          reasonCode: a.reasonCode,
          answeredAt,
          pollCountDelta: a.countPoll ? 1 : 0,
        }
      : undefined;
  const attemptData = {
    attemptNo: attempt.attemptNo,
    channelId: attempt.channelId,
    endToEndId: attempt.endToEndId,
    ...(a.bankStatus !== undefined ? { bankStatus: a.bankStatus } : {}),
    ...(a.bankReference !== undefined ? { bankReference: a.bankReference } : {}),
    ...(a.reasonCode !== undefined ? { reasonCode: a.reasonCode } : {}),
    ...(a.reasonText !== undefined ? { detail: a.reasonText } : {}),
  };
  const from = payout.status;
  const base = { payoutId: payout.id, expectedStatus: from, expectedVersion: payout.version, attemptCountDelta: 0 };
  const attemptEvent = (): LifecycleEvent[] => (attemptChanged ? [{ type: `attempt.${attemptTo}`, fromStatus: from, toStatus: from, data: attemptData, notify: false }] : []);
  const statusEvent = (to: PayoutStatus, extra: Record<string, unknown> = {}): LifecycleEvent => ({
    type: `payout.${to}`,
    fromStatus: from,
    toStatus: to,
    data: { ...attemptData, attemptState: attemptTo, ...extra },
    notify: true,
  });
  const move = (to: PayoutStatus, reason: string, next: PayoutUpdate['nextAction'], at: Date | null, events: LifecycleEvent[]): PlanWrites => ({
    attempt: attemptUpdate,
    payout: { ...base, status: to, statusReason: reason, nextAction: next, nextActionAt: at, events },
    status: to,
  });
  const where = `attempt #${attempt.attemptNo} at ${attempt.channelId}`;
  const p = plan.payout;
  switch (p.kind) {
    case 'poll':
      return move(from, `${where} is ${attemptTo}${a.bankStatus !== undefined ? ` (${a.bankStatus})` : ''}; next status query scheduled`, 'poll', p.at, attemptEvent());
    case 'resend':
      return move(from, `${where} not sent yet: ${p.reason}`, 'submit', p.at, []);
    case 'succeeded':
      return move('succeeded', `executed: ${where}${a.bankStatus !== undefined ? `, bank status ${a.bankStatus}` : ''}${a.bankReference !== undefined ? `, reference ${a.bankReference}` : ''}`, null, null, [
        statusEvent('succeeded'),
      ]);
    case 'returned':
      return move('returned', p.reason, null, null, [statusEvent('succeeded'), { ...statusEvent('returned', { returnReason: p.reasonCode }), fromStatus: 'succeeded' }]);
    case 'failed':
      return move('failed', `${where} failed: ${p.reason}`, null, null, [statusEvent('failed', { reason: p.reason })]);
    case 'retry':
      return move(p.status, `${where} failed, new attempt scheduled: ${p.reason}`, 'submit', p.at, [statusEvent(p.status, { reason: p.reason, retryAt: p.at.toISOString() })]);
    case 'manual_review':
      return move('manual_review', `${where}: ${p.reason}`, null, null, [statusEvent('manual_review', { reason: p.reason })]);
    case 'calendar_wait':
      return move(from, `${calendarGapReason(p.gap)}; ${where} is ${attemptTo}: ${p.reason}; next status query ${p.at.toISOString()}`, 'poll', p.at, attemptEvent());
    case 'awaiting_verification':
      return move('awaiting_verification', `${where} still open: ${p.reason}; statement check at ${p.at.toISOString()}`, 'verify', p.at, [
        statusEvent('awaiting_verification', { reason: p.reason, verifyAt: p.at.toISOString() }),
      ]);
  }
}
