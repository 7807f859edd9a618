import { PayoutError, type PayoutStatus } from '@payout/domain';
import { planAfterAttemptFailure } from '../attempts/after-failure.plan.ts';
import type { AttemptFact, NewAttemptDecision } from '../attempts/new-attempt.decision.ts';
import { attemptEvent, attemptInsert, attemptUpdate, payoutUpdate, statusEvent } from '../records/build.ts';
import type { PayoutRef } from '../records/lifecycle-records.ts';
import { applyAnswer, type AnsweredAttempt } from './answer.ts';
import { calendarGapReason, type CalendarGapRef } from './calendar-gap-reason.ts';
import type { Transition } from './transition.ts';

// The submit step's transitions: a payout is routed to a new attempt, waits (for a channel, for
// funds, for a calendar year), is refused, or — processing with an attempt that never left —
// has that SAME attempt sent again, waits for its bank, or has it failed unsent.

/**
 * ISO 20022 NOOR ("no original transaction received"): what is recorded for an instruction
 * that provably never reached the bank. Whether that permits a new instruction is the
 * domain's `classifyReason` to say.
 */
export const NOT_FOUND_REASON = 'NOOR';

/** A processing payout's attempt still in `sending`: committed, never answered. */
export interface UnsentAttempt {
  readonly id: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly endToEndId: string;
  readonly state: 'sending';
}

/** The new-attempt rule's yes: only with it can a new attempt be expressed. */
export type NewAttemptAllowed = Extract<NewAttemptDecision, { readonly allowed: true }>;
/** The new-attempt rule's no. */
export type NewAttemptRefused = Extract<NewAttemptDecision, { readonly allowed: false }>;

/**
 * Route the payout to a new attempt: the attempt is written in `sending` (committed before the
 * bank call), the payout moves to processing and queries the bank at `pollAt` if no answer is
 * recorded before. Takes the new-attempt rule's `allowed` decision, so a new attempt cannot be
 * expressed without it.
 */
export function sendNewAttempt(
  payout: PayoutRef,
  _allowed: NewAttemptAllowed,
  a: {
    readonly attemptId: string;
    readonly attemptNo: number;
    readonly channelId: string;
    readonly endToEndId: string;
    readonly now: Date;
    readonly pollAt: Date;
  },
): Transition {
  const insert = attemptInsert({
    id: a.attemptId,
    payoutId: payout.id,
    attemptNo: a.attemptNo,
    channelId: a.channelId,
    endToEndId: a.endToEndId,
    sentAt: a.now,
  });
  const update = payoutUpdate(payout, {
    status: 'processing',
    reason: `attempt #${a.attemptNo} sent to ${a.channelId}`,
    next: 'poll',
    at: a.pollAt,
    attemptCountDelta: 1,
    events: [statusEvent(payout.status, 'processing', { attemptNo: a.attemptNo, channelId: a.channelId, endToEndId: a.endToEndId })],
  });
  return { insert, payout: update, status: 'processing' };
}

/** The new-attempt rule refuses: failed when only data errors or the limit stand in the way, else a person looks. */
export function refuseNewAttempt(
  payout: PayoutRef,
  refusal: NewAttemptRefused,
  facts: readonly AttemptFact[],
  opts?: { readonly maxAttempts?: number },
): Transition {
  const plan = planAfterAttemptFailure(facts, opts?.maxAttempts === undefined ? undefined : { maxAttempts: opts.maxAttempts });
  const to: PayoutStatus = plan.status === 'failed' ? 'failed' : 'manual_review';
  const events = [statusEvent(payout.status, to, { code: refusal.code, reason: refusal.message })];
  return { payout: payoutUpdate(payout, { status: to, reason: refusal.message, next: null, at: null, events }), status: to };
}

/** No channel can take it now: the status stays, the submit step looks again at `retryAt`. */
export function waitForChannel(
  payout: PayoutRef,
  w: { readonly reason: string; readonly gap?: CalendarGapRef | undefined; readonly retryAt: Date },
): Transition {
  return {
    payout: payoutUpdate(payout, {
      status: payout.status,
      reason: waitingReason(w.reason, w.gap),
      next: 'submit',
      at: w.retryAt,
      events: [],
    }),
    status: payout.status,
  };
}

/** The reason of a payout waiting for a channel, led by the code when a missing calendar year is among what it waits for. */
export function waitingReason(reason: string, gap: CalendarGapRef | undefined): string {
  return gap === undefined ? `waiting for a channel: ${reason}` : `${calendarGapReason(gap)}; waiting for a channel: ${reason}`;
}

/**
 * Every channel that could take the payout needs a calendar year without data: it waits as
 * `held` (PAYOUT_E_CALENDAR_NO_DATA, the calendar and the year in its reason) and the submit
 * step looks again at `retryAt` — and routes it as soon as the year has been imported.
 * `payout.held` is emitted once, when it becomes held; later looks only refresh the reason.
 *
 * @example
 *   heldForCalendar(payout, { retryAt, reason: 'no channel can take it … (cn-hvps calendar_no_data)', gap: { calendar: 'CN', year: 2027 } })
 *   // status 'held', statusReason 'PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; held until the year is imported: …; next look …'
 */
export function heldForCalendar(
  payout: PayoutRef,
  route: { readonly retryAt: Date; readonly reason: string; readonly gap: CalendarGapRef },
): Transition {
  const events =
    payout.status === 'held'
      ? []
      : [statusEvent(payout.status, 'held', { reason: 'calendar_no_data', calendar: route.gap.calendar, year: route.gap.year })];
  const reason = `${calendarGapReason(route.gap)}; held until the year is imported: ${route.reason}; next look ${route.retryAt.toISOString()}`;
  return { payout: payoutUpdate(payout, { status: 'held', reason, next: 'submit', at: route.retryAt, events }), status: 'held' };
}

/** Never failed for lack of funds: it waits as `held`, with the reason and when funds are expected; `payout.held` once. */
export function holdForFunds(
  payout: PayoutRef,
  h: { readonly reason: string; readonly shortfallMinor: bigint; readonly currency: string; readonly retryAt: Date },
): Transition {
  const reason = `held for funds: ${h.reason}; short by ${h.shortfallMinor} minor units of ${h.currency}; next look ${h.retryAt.toISOString()}`;
  const events =
    payout.status === 'held'
      ? []
      : [
          statusEvent(payout.status, 'held', {
            reason: 'insufficient_funds',
            shortfallMinor: h.shortfallMinor.toString(),
            fundsExpectedAt: h.retryAt.toISOString(),
          }),
        ];
  return { payout: payoutUpdate(payout, { status: 'held', reason, next: 'submit', at: h.retryAt, events }), status: 'held' };
}

/** No channel can ever pay it: rejected when nothing was ever sent, else failed (final either way). */
export function refuseUnroutable(payout: PayoutRef, attemptsSoFar: number, reason: string): Transition {
  const to: PayoutStatus = attemptsSoFar === 0 && payout.status === 'accepted' ? 'rejected' : 'failed';
  return {
    payout: payoutUpdate(payout, { status: to, reason, next: null, at: null, events: [statusEvent(payout.status, to, { reason })] }),
    status: to,
  };
}

/** A processing payout the submit step cannot resend (no unsent attempt, or its channel is gone): status queries resume now. */
export function resumeStatusQueries(payout: PayoutRef, now: Date): Transition {
  return {
    payout: payoutUpdate(payout, { status: payout.status, reason: 'resuming status queries', next: 'poll', at: now, events: [] }),
    status: payout.status,
  };
}

/**
 * The SAME attempt goes out again — only ever one still in `sending` (it provably never reached
 * the bank); an `unknown` one is never resent, it is queried. Internal `attempt.resent` event.
 */
export function resendUnsent(payout: PayoutRef, attempt: UnsentAttempt, t: { readonly now: Date; readonly pollAt: Date }): Transition {
  assertUnsent(attempt);
  const write = attemptUpdate(attempt, { state: 'sending', sentAt: t.now, pollCountDelta: 0 });
  const events = [
    attemptEvent(payout.status, 'attempt.resent', {
      attemptNo: attempt.attemptNo,
      channelId: attempt.channelId,
      endToEndId: attempt.endToEndId,
    }),
  ];
  const reason = `attempt #${attempt.attemptNo} sent again to ${attempt.channelId} (it never reached the bank)`;
  return {
    attempt: write,
    payout: payoutUpdate(payout, { status: payout.status, reason, next: 'poll', at: t.pollAt, events }),
    status: payout.status,
  };
}

/** The unsent attempt's bank has its breaker open (seconds): it waits for its own bank. */
export function waitForBreaker(payout: PayoutRef, attempt: UnsentAttempt, until: Date): Transition {
  const reason = `attempt #${attempt.attemptNo} waits for ${attempt.channelId} (breaker open)`;
  return { payout: payoutUpdate(payout, { status: payout.status, reason, next: 'submit', at: until, events: [] }), status: payout.status };
}

/**
 * A processing payout whose attempt was never sent (still `sending`) and whose channel's
 * hours are unknown for lack of calendar data: the SAME attempt waits to be sent, and is
 * looked at again at `at`. Unknown hours are not a closed bank, so the attempt is not failed
 * and the payout is not rerouted for it.
 */
export function unsentWaitsForCalendar(
  payout: PayoutRef,
  attempt: { readonly attemptNo: number; readonly channelId: string },
  gap: CalendarGapRef,
  at: Date,
): Transition {
  const reason = `${calendarGapReason(gap)}; attempt #${attempt.attemptNo} waits to be sent to ${attempt.channelId}, whose hours are unknown until the year is imported; next look ${at.toISOString()}`;
  return { payout: payoutUpdate(payout, { status: payout.status, reason, next: 'submit', at, events: [] }), status: payout.status };
}

/**
 * Its bank closed before the unsent attempt went out. It provably never reached the bank, so
 * it is failed as such (NOOR) and the payout goes where the after-failure plan says — routed
 * again (to a channel that is open) when a new attempt is allowed.
 */
export function failUnsentAtClosedBank(
  payout: PayoutRef,
  attempt: UnsentAttempt,
  f: { readonly earlier: readonly AttemptFact[]; readonly maxAttempts?: number | undefined; readonly now: Date },
): Transition {
  assertUnsent(attempt);
  const plan = planAfterAttemptFailure(
    [...f.earlier, { state: 'failed', reasonCode: NOT_FOUND_REASON }],
    f.maxAttempts === undefined ? undefined : { maxAttempts: f.maxAttempts },
  );
  const reason = `attempt #${attempt.attemptNo} was never sent: ${attempt.channelId} closed before it went out; ${plan.reason}`;
  const again = plan.status === 'accepted' || plan.status === 'held';
  const write = attemptUpdate(attempt, { state: 'failed', reasonCode: NOT_FOUND_REASON, answeredAt: f.now, pollCountDelta: 0 });
  const data = {
    attemptNo: attempt.attemptNo,
    channelId: attempt.channelId,
    endToEndId: attempt.endToEndId,
    reasonCode: NOT_FOUND_REASON,
    reason,
  };
  const events = [statusEvent(payout.status, plan.status, data)];
  return {
    attempt: write,
    payout: payoutUpdate(payout, { status: plan.status, reason, next: again ? 'submit' : null, at: again ? f.now : null, events }),
    status: plan.status,
  };
}

/** The instruction could not be put on the wire (it failed validation): nothing was sent; a person fixes the data. */
export function refuseInvalidInstruction(payout: PayoutRef, attempt: AnsweredAttempt, message: string, now: Date): Transition | undefined {
  return applyAnswer(
    payout,
    attempt,
    {
      attempt: { to: 'failed', reasonText: message, countPoll: false },
      payout: { kind: 'manual_review', reason: `the instruction could not be sent: ${message}` },
    },
    now,
  );
}

function assertUnsent(attempt: { readonly id: string; readonly state: string }): void {
  if (attempt.state !== 'sending') {
    throw new PayoutError(
      'PAYOUT_E_INVALID_TRANSITION',
      `attempt ${attempt.id} is ${attempt.state}: only an attempt still in sending may be resent or failed unsent`,
    );
  }
}
