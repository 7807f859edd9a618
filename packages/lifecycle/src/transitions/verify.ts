import type { AttemptState } from '@payout/domain';
import { planAfterAttemptFailure } from '../attempts/after-failure.plan.ts';
import { decideNewAttempt, type AttemptFact } from '../attempts/new-attempt.decision.ts';
import { attemptEvent, attemptUpdate, payoutUpdate, statusEvent, stayEvent } from '../records/build.ts';
import type { LifecycleEvent, PayoutRef } from '../records/lifecycle-records.ts';
import { transitionAttempt } from '../state/attempt-transitions.ts';
import { CALENDAR_NO_DATA, calendarGapReason, type CalendarGapRef } from './calendar-gap-reason.ts';
import type { Transition } from './transition.ts';

// The verification step's transitions: what a statement proves about an attempt the bank's
// answers left open (executed, executed then returned, not executed, undecidable, not yet
// knowable), and a return credit for a payout that had succeeded.

/** The attempt a statement decision is about, as it was read (locked) when it is applied. */
export interface VerifiedAttempt {
  readonly id: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly endToEndId: string;
  readonly state: AttemptState;
}

/** A statement line as the events show it (the matcher's `LineRef` fits; it is stored as given). */
export interface StatementLine {
  readonly lineId: string;
  readonly bookingDate: string | undefined;
  readonly bankReference: string | undefined;
}

/** The debit a statement shows for the attempt, how it was matched, and a return credit for it in the same statements. */
export interface ExecutedEvidence<L extends StatementLine = StatementLine> {
  readonly evidence: L;
  readonly via: string;
  readonly returned: { readonly line: L; readonly code: string | undefined } | undefined;
}

function attemptData(a: VerifiedAttempt): { attemptNo: number; channelId: string; endToEndId: string } {
  return { attemptNo: a.attemptNo, channelId: a.channelId, endToEndId: a.endToEndId };
}

/**
 * A statement debit proves the attempt executed: the attempt becomes succeeded (status code
 * `STMT`) and the payout succeeded — then returned, when a return credit for it is in the same
 * statements. Undefined when the attempt can no longer become succeeded (stale decision).
 *
 * @example
 *   verifiedExecuted(payout, attempt, { evidence: line, via: 'end_to_end_id', returned: undefined }, now)
 *   // awaiting_verification → succeeded, payout.succeeded (verifiedBy 'statement'), attempt → succeeded
 */
export function verifiedExecuted(payout: PayoutRef, a: VerifiedAttempt, e: ExecutedEvidence, now: Date): Transition | undefined {
  if (a.state !== 'succeeded' && !transitionAttempt(a.state, 'succeeded').ok) return undefined;
  const attempt =
    a.state === 'succeeded' ? undefined : attemptUpdate(a, { state: 'succeeded', statusCode: 'STMT', answeredAt: now, pollCountDelta: 0 });
  const data = attemptData(a);
  const evidence = { line: e.evidence, via: e.via, statementLineId: e.evidence.lineId };
  const events: LifecycleEvent[] = [
    statusEvent(payout.status, 'succeeded', { ...data, attemptState: 'succeeded', verifiedBy: 'statement', evidence }),
  ];
  const debit = `statement debit ${e.evidence.bankReference ?? e.evidence.lineId} booked ${e.evidence.bookingDate ?? '?'} (matched by ${e.via.replaceAll('_', ' ')})`;
  if (e.returned === undefined) {
    return {
      attempt,
      payout: payoutUpdate(payout, { status: 'succeeded', reason: debit, next: null, at: null, events }),
      status: 'succeeded',
    };
  }
  events.push(statusEvent('succeeded', 'returned', { ...data, returnReason: e.returned.code ?? null, returnLine: e.returned.line }));
  const reason = `returned (${e.returned.code ?? 'no reason given'}) after ${debit}`;
  return { attempt, payout: payoutUpdate(payout, { status: 'returned', reason, next: null, at: null, events }), status: 'returned' };
}

/** One of the payout's attempts as read, for the new-attempt rule. */
export interface PayoutAttempt {
  readonly id: string;
  readonly state: AttemptState;
  readonly reasonCode?: string | null | undefined;
}

/** Complete statements show no debit and the bank confirms it did not execute; `reasonCode` is its reject reason when it gave one. */
export interface NotExecutedEvidence {
  readonly reasonCode: string | undefined;
  readonly detail: string;
}

/**
 * Complete statements prove the attempt was not executed: the attempt becomes failed (status
 * code `STMT`). Without a bank reason the payout is failed for good (upstream may send a new
 * payout; `newAttemptAllowed` says whether the rule would allow one); with one, the payout goes
 * where `planAfterAttemptFailure` says (a new attempt now, held for funds, failed, or a person).
 * `attempts` are all of the payout's attempts as read (this one among them). Undefined when the
 * attempt can no longer become failed (stale decision).
 */
export function verifiedNotExecuted(
  payout: PayoutRef,
  a: VerifiedAttempt,
  attempts: readonly PayoutAttempt[],
  e: NotExecutedEvidence,
  now: Date,
): Transition | undefined {
  if (!transitionAttempt(a.state, 'failed').ok) return undefined;
  const attempt = attemptUpdate(a, { state: 'failed', statusCode: 'STMT', reasonCode: e.reasonCode, answeredAt: now, pollCountDelta: 0 });
  const facts: AttemptFact[] = attempts.map((x) =>
    x.id === a.id ? { state: 'failed', reasonCode: e.reasonCode } : { state: x.state, reasonCode: x.reasonCode ?? undefined },
  );
  const data = attemptData(a);
  const failed = attemptEvent(payout.status, 'attempt.failed', { ...data, reasonCode: e.reasonCode ?? null, detail: e.detail });
  if (e.reasonCode === undefined) {
    // The bank has no record and complete statements show no debit: nothing was executed.
    const decision = decideNewAttempt(
      facts.map((f) => (f.state === 'failed' && f.reasonCode === undefined ? { state: 'failed', reasonCode: 'AB05' } : f)),
    );
    const reason = `verified not executed: ${e.detail}`;
    const events = [
      failed,
      statusEvent(payout.status, 'failed', { ...data, reason, verifiedBy: 'statement', newAttemptAllowed: decision.allowed }),
    ];
    return { attempt, payout: payoutUpdate(payout, { status: 'failed', reason, next: null, at: null, events }), status: 'failed' };
  }
  const plan = planAfterAttemptFailure(facts);
  const reason = `verified not executed (${e.reasonCode}): ${e.detail}; ${plan.reason}`;
  const retry = plan.status === 'accepted' || plan.status === 'held';
  const events = [
    failed,
    statusEvent(payout.status, plan.status, { ...data, reason, verifiedBy: 'statement', ...(retry ? { retryAt: now.toISOString() } : {}) }),
  ];
  return {
    attempt,
    payout: payoutUpdate(payout, { status: plan.status, reason, next: retry ? 'submit' : null, at: retry ? now : null, events }),
    status: plan.status,
  };
}

/** The statements cannot settle the attempt (ambiguous candidates, incomplete statements …): a person decides. */
export function verificationNeedsReview(
  payout: PayoutRef,
  a: VerifiedAttempt,
  r: { readonly reason: string; readonly candidates: readonly unknown[]; readonly competingAttemptIds: readonly string[] },
): Transition {
  const reason = `verification: ${r.reason}`;
  const events = [
    statusEvent(payout.status, 'manual_review', {
      ...attemptData(a),
      reason,
      candidates: r.candidates,
      competingAttemptIds: r.competingAttemptIds,
    }),
  ];
  return { payout: payoutUpdate(payout, { status: 'manual_review', reason, next: null, at: null, events }), status: 'manual_review' };
}

/**
 * The statement (or answer) that settles the attempt is not in yet: look again at `at`. When
 * the day the statement is due has no calendar data, `gap` names it (the reason then starts
 * with the calendar-gap code ops search by, and the event carries the gap's fields).
 */
export function verificationDeferred(
  payout: PayoutRef,
  a: VerifiedAttempt,
  d: { readonly reason: string; readonly at: Date; readonly waitingFor: string | undefined; readonly gap?: CalendarGapRef | undefined },
): Transition {
  const { gap } = d;
  const waiting = `verification waiting: ${d.reason}; next check ${d.at.toISOString()}`;
  const reason =
    gap === undefined
      ? waiting
      : `${calendarGapReason(gap)}; the statement of ${d.waitingFor ?? '?'} has no known due date yet; ${waiting}`;
  const gapFields = gap === undefined ? {} : { code: CALENDAR_NO_DATA, calendar: gap.calendar, year: gap.year };
  const events = [
    stayEvent(payout.status, 'verification.deferred', {
      ...attemptData(a),
      reason: d.reason,
      nextCheckAt: d.at.toISOString(),
      ...gapFields,
    }),
  ];
  return { payout: payoutUpdate(payout, { status: payout.status, reason, next: 'verify', at: d.at, events }), status: payout.status };
}

/** Awaiting verification, but no attempt at this bank is live: nothing a statement could settle, a person looks. */
export function verificationWithoutLiveAttempt(payout: PayoutRef): Transition {
  const reason = 'verification: awaiting verification without a live attempt at this bank';
  const events = [statusEvent(payout.status, 'manual_review', { reason })];
  return { payout: payoutUpdate(payout, { status: 'manual_review', reason, next: null, at: null, events }), status: 'manual_review' };
}

/** A return credit on a statement for a payout that had succeeded: it becomes returned. */
export function returnedOnStatement(
  payout: PayoutRef,
  r: {
    readonly attemptId: string;
    readonly code: string;
    readonly line: {
      readonly lineId: string;
      readonly amountMinor: bigint;
      readonly bookingDate: string | undefined;
      readonly bankReference: string | undefined;
    };
  },
): Transition {
  const line = r.line;
  const reason = `returned by the bank (${r.code}) on ${line.bookingDate ?? '?'}, statement line ${line.lineId}`;
  const returnLine = {
    lineId: line.lineId,
    amountMinor: line.amountMinor,
    bookingDate: line.bookingDate ?? null,
    bankReference: line.bankReference ?? null,
  };
  const events = [statusEvent(payout.status, 'returned', { attemptId: r.attemptId, returnReason: r.code, returnLine })];
  return { payout: payoutUpdate(payout, { status: 'returned', reason, next: null, at: null, events }), status: 'returned' };
}
