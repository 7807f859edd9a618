import type { QueryOutcome, SubmitOutcome } from '@payout/bank';
import { classifyReason } from '@payout/domain';
import { planAfterAttemptFailure, type AnswerPlan, type AttemptChange, type PayoutPlan } from '@payout/lifecycle';
import { askCalendar, DEFAULT_CALENDAR_RECHECK_MS, type CalendarGap } from '../escalation/calendar-gap.ts';
import { verificationDue } from '../escalation/escalation-date.ts';
import { nextPoll, type EscalationWhy } from '../poll/poll-schedule.ts';
import { retryDelayMs } from '../retry/retry-backoff.ts';
import type { PlanContext } from './plan-context.ts';

// NOOR, what an instruction that provably never reached the bank is failed with, is the lifecycle's.
export { NOT_FOUND_REASON } from '@payout/lifecycle';

/**
 * The answer to a submission → the attempt's and the payout's next state. Invariants:
 * only a definitive reject fails an attempt; anything that may hide an execution is
 * `unknown` and polled; a new attempt follows only when the domain's no-double-payout rule
 * allows it; an instruction that provably never left is re-sent as the SAME attempt.
 */
export function planSubmitOutcome(ctx: PlanContext, outcome: SubmitOutcome): AnswerPlan {
  switch (outcome.kind) {
    case 'accepted':
      return {
        attempt: { to: 'accepted', bankStatus: outcome.bankStatus, bankReference: outcome.bankReference, countPoll: false },
        payout: pollNext(ctx, 0),
      };
    case 'pending':
      return {
        attempt: { to: 'pending', bankStatus: outcome.bankStatus, bankReference: outcome.bankReference, countPoll: false },
        payout: pollNext(ctx, 0),
      };
    case 'succeeded':
      return {
        attempt: { to: 'succeeded', bankStatus: outcome.bankStatus, bankReference: outcome.bankReference, countPoll: false },
        payout: { kind: 'succeeded' },
        channelSuccess: true,
      };
    case 'rejected':
      return definitiveFailure(ctx, outcome.code, rejectText(outcome), outcome.bankStatus, false);
    case 'unknown':
      if (outcome.cause === 'blocked') {
        return {
          attempt: { to: 'unknown', bankStatus: outcome.bankStatus, countPoll: false },
          payout: { kind: 'manual_review', reason: `the bank blocked the instruction for manual handling (${outcome.detail})` },
        };
      }
      return {
        attempt: { to: 'unknown', bankStatus: outcome.bankStatus, reasonText: `${outcome.cause}: ${outcome.detail}`, countPoll: false },
        payout: pollNext(ctx, 0),
        channelSuccess: false,
      };
    case 'not_sent':
      return {
        attempt: { countPoll: false },
        payout: {
          kind: 'resend',
          at: new Date(ctx.now.getTime() + ctx.clockMsForReal(ctx.resendDelayMs ?? 1_000)),
          reason: `not sent (${outcome.cause}): ${outcome.detail}`,
        },
      };
    case 'unavailable':
      return {
        attempt: { countPoll: false },
        payout: {
          kind: 'resend',
          at: new Date(ctx.now.getTime() + ctx.clockMsForReal(Math.max(outcome.retryAfterMs, ctx.resendDelayMs ?? 1_000))),
          reason: `bank unavailable (${outcome.cause})`,
        },
      };
  }
}

/** The answer to a status query → the attempt's and the payout's next state. */
export function planQueryOutcome(ctx: PlanContext, outcome: QueryOutcome): AnswerPlan {
  const from = ctx.attempt.state;
  const polls = ctx.attempt.pollsDone + 1;
  switch (outcome.kind) {
    case 'accepted': {
      const to = from === 'sending' || from === 'unknown' ? 'accepted' : undefined;
      return {
        attempt: { to, bankStatus: outcome.bankStatus, bankReference: outcome.bankReference, countPoll: true },
        payout: pollNext(ctx, polls),
      };
    }
    case 'pending': {
      const to = from === 'pending' ? undefined : 'pending';
      return {
        attempt: { to, bankStatus: outcome.bankStatus, bankReference: outcome.bankReference, countPoll: true },
        payout: pollNext(ctx, polls),
      };
    }
    case 'succeeded':
      return {
        attempt: { to: 'succeeded', bankStatus: outcome.bankStatus, bankReference: outcome.bankReference, countPoll: true },
        payout: { kind: 'succeeded' },
        channelSuccess: true,
      };
    case 'returned':
      return queryReturned(outcome);
    case 'rejected':
      return definitiveFailure(ctx, outcome.code, rejectText(outcome), outcome.bankStatus, true);
    case 'not_found':
      return queryNotFound(ctx, outcome);
    case 'unknown':
      return queryUnknown(ctx, outcome);
    case 'unavailable':
      return { attempt: { countPoll: false }, payout: pollAfter(ctx, ctx.clockMsForReal(outcome.retryAfterMs), `query ${outcome.cause}`) };
  }
}

/** The bank executed the instruction and the money came back. */
function queryReturned(outcome: Extract<QueryOutcome, { kind: 'returned' }>): AnswerPlan {
  return {
    attempt: {
      to: 'succeeded',
      bankStatus: outcome.bankStatus,
      bankReference: outcome.bankReference,
      reasonCode: outcome.code,
      countPoll: true,
    },
    payout: {
      kind: 'returned',
      reasonCode: outcome.code,
      reason: `returned by the bank: ${outcome.code} ${outcome.reason.description}`,
    },
    channelSuccess: true,
  };
}

/** "Not found": polled on (or, after an acknowledgement, a case for a person); it never fails an attempt that may have been sent. */
function queryNotFound(ctx: PlanContext, outcome: Extract<QueryOutcome, { kind: 'not_found' }>): AnswerPlan {
  const from = ctx.attempt.state;
  const polls = ctx.attempt.pollsDone + 1;
  if (outcome.mayStillBeProcessing || ctx.bank.notFoundMeansProcessing || !ctx.bank.notFoundSettled) {
    return { attempt: { to: from === 'sending' ? 'unknown' : undefined, countPoll: true }, payout: pollNext(ctx, polls) };
  }
  if (from === 'accepted' || from === 'pending') {
    // The bank acknowledged it earlier and now has no trace: contradicting evidence.
    return {
      attempt: { to: 'unknown', reasonText: 'acknowledged earlier, now not found', countPoll: true },
      payout: { kind: 'manual_review', reason: 'the bank acknowledged the instruction earlier but now reports it not found' },
    };
  }
  // Even where the bank calls "not found" final, our request may still reach it late (a
  // submit that timed out can sit in a queue anywhere between us and the bank's intake)
  // and execute then: a demo under heavy load did exactly that, and a retry on another
  // channel paid twice. So "not found" never fails an attempt that may have been sent; it
  // stays unknown, is polled through its budget and then goes to next-day verification,
  // where a complete statement period without the debit plus the bank's answer decide.
  return {
    attempt: { to: from === 'sending' ? 'unknown' : undefined, reasonText: 'the bank has no record of it yet', countPoll: true },
    payout: pollNext(ctx, polls),
  };
}

/** A query answer that could not be read, or a query that failed. */
function queryUnknown(ctx: PlanContext, outcome: Extract<QueryOutcome, { kind: 'unknown' }>): AnswerPlan {
  const from = ctx.attempt.state;
  const polls = ctx.attempt.pollsDone + 1;
  if (outcome.cause === 'blocked') {
    return {
      attempt: { to: 'unknown', bankStatus: outcome.bankStatus, countPoll: true },
      payout: { kind: 'manual_review', reason: `the bank blocked the instruction for manual handling (${outcome.detail})` },
    };
  }
  // Unreadable evidence makes the attempt unknown; a failed query says nothing about it,
  // except that an attempt still marked `sending` (a crash before its answer) is unknown now.
  const unreadable =
    outcome.cause === 'unrecognised_status' || outcome.cause === 'unrecognised_reason' || outcome.cause === 'bank_system_error';
  const to = from === 'sending' || (unreadable && from !== 'unknown') ? 'unknown' : undefined;
  return {
    attempt: { to, bankStatus: outcome.bankStatus, reasonText: `${outcome.cause}: ${outcome.detail}`, countPoll: true },
    payout: pollNext(ctx, polls),
  };
}

/** When a poll is due but no query was made (crash recovery found nothing to do, or a lease expired). */
export function planPollNext(ctx: PlanContext): PayoutPlan {
  return pollNext(ctx, ctx.attempt.pollsDone);
}

function rejectText(o: {
  readonly code: string;
  readonly reason: { readonly description: string };
  readonly bankCode?: string | undefined;
  readonly bankMessage?: string | undefined;
}): string {
  const bank =
    o.bankCode !== undefined && o.bankCode !== o.code
      ? ` (bank code ${o.bankCode}${o.bankMessage !== undefined ? `: ${o.bankMessage}` : ''})`
      : '';
  return `${o.code} ${o.reason.description}${bank}`;
}

function definitiveFailure(ctx: PlanContext, code: string, text: string, bankStatus: string | undefined, countPoll: boolean): AnswerPlan {
  const attempt: AttemptChange = { to: 'failed', bankStatus, reasonCode: code, reasonText: text, countPoll };
  const facts = [...ctx.earlierAttempts, { state: 'failed' as const, reasonCode: code }];
  const plan = planAfterAttemptFailure(facts, { maxAttempts: ctx.maxAttempts });
  switch (plan.status) {
    case 'accepted':
    case 'held': {
      const preferOtherChannel = plan.decision.allowed && plan.decision.preferOtherChannel;
      const delay = retryDelayMs({
        failedAttempts: facts.length,
        reasonClass: classifyReason(code).class,
        preferOtherChannel,
        random: ctx.random,
        ...(ctx.backoff !== undefined ? { policy: ctx.backoff } : {}),
      });
      return {
        attempt,
        payout: { kind: 'retry', status: plan.status, at: new Date(ctx.now.getTime() + delay), reason: `${text}; ${plan.reason}` },
        channelSuccess: false,
      };
    }
    case 'failed':
      return { attempt, payout: { kind: 'failed', reasonCode: code, reason: `${text}; ${plan.reason}` }, channelSuccess: false };
    case 'manual_review':
      return { attempt, payout: { kind: 'manual_review', reason: `${text}; ${plan.reason}` }, channelSuccess: false };
  }
}

function pollNext(ctx: PlanContext, pollsDone: number): PayoutPlan {
  const d = nextPoll({
    hint: ctx.bank.pollSchedule,
    timeZone: ctx.bank.timeZone,
    hours: ctx.bank.queryHours,
    sentAt: ctx.attempt.sentAt,
    pollsDone,
    now: ctx.now,
    random: ctx.random,
  });
  return d.kind === 'poll' ? { kind: 'poll', at: d.at } : escalate(ctx, d.why);
}

function pollAfter(ctx: PlanContext, delayMs: number, note: string): PayoutPlan {
  const at = ctx.now.getTime() + Math.max(1, delayMs);
  if (at >= ctx.attempt.sentAt.getTime() + ctx.bank.pollSchedule.budgetMs) return escalate(ctx, 'poll_budget_spent');
  if (!ctx.bank.queryHours(new Date(at)).open) return escalate(ctx, 'business_day_closed');
  return { kind: 'poll', at: new Date(at), note };
}

/**
 * Stop polling: check the statement at the bank's statement time on its next business day.
 * When that day lies in a year the bank's calendar has no data for, the payout keeps polling
 * at the re-check interval instead (a query may still find the answer; once the year is
 * imported the next escalation finds its date) — never manual review for a missing year.
 */
export function escalate(ctx: Pick<PlanContext, 'bank' | 'now' | 'calendarRecheckMs'>, why: EscalationWhy): PayoutPlan {
  const reason =
    why === 'poll_budget_spent'
      ? 'poll budget spent with the outcome still open'
      : "the bank's business day closed with the outcome still open";
  const due = askCalendar(() => verificationDue(ctx.bank, ctx.now));
  if (due.ok) return { kind: 'awaiting_verification', at: due.value, reason };
  return calendarWait(ctx, due.gap, `${reason}, and the date of its statement check is unknown`);
}

/** Stay processing and look again after the re-check interval: `gap` holds the next step. */
export function calendarWait(ctx: Pick<PlanContext, 'now' | 'calendarRecheckMs'>, gap: CalendarGap, reason: string): PayoutPlan {
  return { kind: 'calendar_wait', at: new Date(ctx.now.getTime() + (ctx.calendarRecheckMs ?? DEFAULT_CALENDAR_RECHECK_MS)), gap, reason };
}
