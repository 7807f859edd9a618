import type { AttemptState, PayoutStatus } from '@payout/domain';
import { attemptEvent, attemptUpdate, payoutUpdate, statusEvent } from '../records/build.ts';
import type { AttemptUpdate, LifecycleEvent, NextAction, PayoutRef } from '../records/lifecycle-records.ts';
import { transitionAttempt } from '../state/attempt-transitions.ts';
import type { AnswerPlan, AttemptChange } from './answer-plan.ts';
import { calendarGapReason } from './calendar-gap-reason.ts';
import type { Transition } from './transition.ts';

/** The attempt a bank answer is about, as it was read (locked) before the answer is applied. */
export interface AnsweredAttempt {
  readonly id: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly endToEndId: string;
  readonly state: AttemptState;
}

/**
 * A decided bank answer (submit or status query) → the guarded row writes: the attempt update
 * (if anything about the attempt changes or a poll is counted), the payout update with its
 * events — `attempt.<state>` (internal) when only the attempt moves, `payout.<status>` (to the
 * outbox) when the payout moves. Undefined when the plan asks for an attempt move the attempt
 * table refuses (stale evidence, e.g. an ACTC after ACSP): nothing is written for it.
 *
 * @example
 *   applyAnswer(payout, attempt, { attempt: { to: 'succeeded', bankStatus: 'ACSC', countPoll: true }, payout: { kind: 'succeeded' } }, now)
 *   // { status: 'succeeded', attempt: pending → succeeded, payout: processing → succeeded + payout.succeeded }
 */
export function applyAnswer(payout: PayoutRef, attempt: AnsweredAttempt, plan: AnswerPlan, answeredAt: Date): Transition | undefined {
  const a = plan.attempt;
  if (a.to !== undefined && a.to !== attempt.state && !transitionAttempt(attempt.state, a.to).ok) return undefined;
  const attemptTo = a.to ?? attempt.state;
  const w = answerWriter(payout, attempt, a, attemptTo, attemptWrite(attempt, a, attemptTo, answeredAt));
  const where = `attempt #${attempt.attemptNo} at ${attempt.channelId}`;
  const bankStatus = a.bankStatus !== undefined ? ` (${a.bankStatus})` : '';
  const p = plan.payout;
  switch (p.kind) {
    case 'poll':
      return w.stay(`${where} is ${attemptTo}${bankStatus}; next status query scheduled`, 'poll', p.at, w.attemptEvents());
    case 'resend':
      return w.stay(`${where} not sent yet: ${p.reason}`, 'submit', p.at, []);
    case 'succeeded': {
      const reference = a.bankReference !== undefined ? `, reference ${a.bankReference}` : '';
      return w.move(
        'succeeded',
        `executed: ${where}${a.bankStatus !== undefined ? `, bank status ${a.bankStatus}` : ''}${reference}`,
        null,
        null,
        [w.statusEvent('succeeded')],
      );
    }
    case 'returned':
      return w.move('returned', p.reason, null, null, [
        w.statusEvent('succeeded'),
        w.statusEvent('returned', { returnReason: p.reasonCode }, 'succeeded'),
      ]);
    case 'failed':
      return w.move('failed', `${where} failed: ${p.reason}`, null, null, [w.statusEvent('failed', { reason: p.reason })]);
    case 'retry':
      return w.move(p.status, `${where} failed, new attempt scheduled: ${p.reason}`, 'submit', p.at, [
        w.statusEvent(p.status, { reason: p.reason, retryAt: p.at.toISOString() }),
      ]);
    case 'manual_review':
      return w.move('manual_review', `${where}: ${p.reason}`, null, null, [w.statusEvent('manual_review', { reason: p.reason })]);
    case 'calendar_wait':
      return w.stay(
        `${calendarGapReason(p.gap)}; ${where} is ${attemptTo}: ${p.reason}; next status query ${p.at.toISOString()}`,
        'poll',
        p.at,
        w.attemptEvents(),
      );
    case 'awaiting_verification':
      return w.move('awaiting_verification', `${where} still open: ${p.reason}; statement check at ${p.at.toISOString()}`, 'verify', p.at, [
        w.statusEvent('awaiting_verification', { reason: p.reason, verifyAt: p.at.toISOString() }),
      ]);
  }
}

/** The attempt's write: when it moves, learns a bank status or reference, or uses a poll. */
function attemptWrite(attempt: AnsweredAttempt, a: AttemptChange, to: AttemptState, answeredAt: Date): AttemptUpdate | undefined {
  if (to === attempt.state && !a.countPoll && a.bankReference === undefined && a.bankStatus === undefined) return undefined;
  return attemptUpdate(attempt, {
    state: to,
    bankReference: a.bankReference,
    statusCode: a.bankStatus,
    reasonCode: a.reasonCode,
    answeredAt,
    pollCountDelta: a.countPoll ? 1 : 0,
  });
}

/** The events and payout writes of one answer, all carrying the attempt's facts. */
function answerWriter(
  payout: PayoutRef,
  attempt: AnsweredAttempt,
  a: AttemptChange,
  attemptTo: AttemptState,
  write: AttemptUpdate | undefined,
) {
  const from = payout.status;
  const data = {
    attemptNo: attempt.attemptNo,
    channelId: attempt.channelId,
    endToEndId: attempt.endToEndId,
    ...(a.bankStatus !== undefined ? { bankStatus: a.bankStatus } : {}),
    ...(a.bankReference !== undefined ? { bankReference: a.bankReference } : {}),
    ...(a.reasonCode !== undefined ? { reasonCode: a.reasonCode } : {}),
    ...(a.reasonText !== undefined ? { detail: a.reasonText } : {}),
  };
  const move = (
    to: PayoutStatus,
    reason: string,
    next: NextAction | null,
    at: Date | null,
    events: readonly LifecycleEvent[],
  ): Transition => ({
    attempt: write,
    payout: payoutUpdate(payout, { status: to, reason, next, at, events }),
    status: to,
  });
  return {
    move,
    stay: (reason: string, next: NextAction, at: Date, events: readonly LifecycleEvent[]): Transition =>
      move(from, reason, next, at, events),
    attemptEvents: (): LifecycleEvent[] => (attemptTo !== attempt.state ? [attemptEvent(from, `attempt.${attemptTo}`, data)] : []),
    statusEvent: (to: PayoutStatus, extra: Readonly<Record<string, unknown>> = {}, eventFrom: PayoutStatus = from): LifecycleEvent =>
      statusEvent(eventFrom, to, { ...data, attemptState: attemptTo, ...extra }),
  };
}
