import { instantToZoned, zonedDateTimeToInstant } from '@payout/calendar';

/**
 * When a channel answers queries at an instant (the bank package's operating-hours gate fits).
 * Hours unknown for lack of calendar data count as not open here: the schedule escalates, and
 * the escalation waits for the year when it cannot date the statement check either.
 */
export type HoursGate = (at: Date) => { readonly open: boolean };

/** A bank profile's poll hints (the bank package's `PollScheduleHint`). */
export interface PollHint {
  /** Gaps between queries: 10 s, 30 s, 1 min, 2 min, 5 min …; the last one repeats. */
  readonly stepsMs: readonly number[];
  /** Local 'HH:MM' times after which a batch rail has news; when present they replace the steps. */
  readonly settlementWindows: readonly string[];
  /** Stop polling this long after the instruction was sent. */
  readonly budgetMs: number;
}

export interface PollScheduleInput {
  readonly hint: PollHint;
  readonly timeZone: string;
  /** Query hours; polls happen only while it is open. */
  readonly hours: HoursGate;
  /** When the instruction was sent (the budget runs from here). */
  readonly sentAt: Date;
  /** Queries already made for this attempt. */
  readonly pollsDone: number;
  readonly now: Date;
  /** [0, 1) — Math.random in production, seeded in tests. */
  readonly random: () => number;
  /** ± fraction of each step (default 0.2). */
  readonly jitter?: number;
  /** For settlement-window banks: look this long after a window closes (default 60 s, plus jitter). */
  readonly windowSettleMs?: number;
}

export type EscalationWhy = 'poll_budget_spent' | 'business_day_closed';

export type PollDecision = { readonly kind: 'poll'; readonly at: Date } | { readonly kind: 'escalate'; readonly why: EscalationWhy };

// Hours are sampled at this spacing between now and the next poll: a closure shorter than
// this (none of the rails has one) could be missed, a longer one never.
const HOURS_SAMPLE_MS = 60_000;

/**
 * The next status query for an attempt whose outcome is still open, or the decision to stop
 * polling and wait for the statement.
 *
 * - Step banks (HVPS-like): the next gap is `stepsMs[pollsDone]` (the last step repeats),
 *   jittered ±`jitter` so many attempts sent together do not query together; a final look is
 *   kept at the end of the budget; the budget spent → escalate.
 * - Settlement-window banks (ACH-like): the next query is shortly after the next settlement
 *   window of the bank's local day; no window left today → escalate.
 * - Either way, a query never falls after the bank's business day closes: the day closing
 *   first → escalate ('business_day_closed').
 *
 * @example
 *   nextPoll({ hint: { stepsMs: [10_000, 30_000], settlementWindows: [], budgetMs: 900_000 }, pollsDone: 0, … })
 *   // { kind: 'poll', at: now + 8–12 s }
 */
export function nextPoll(input: PollScheduleInput): PollDecision {
  const { hint, now } = input;
  const budgetEnd = input.sentAt.getTime() + hint.budgetMs;
  if (now.getTime() >= budgetEnd) return { kind: 'escalate', why: 'poll_budget_spent' };
  if (hint.settlementWindows.length > 0) return nextWindowPoll(input, budgetEnd);
  if (hint.stepsMs.length === 0) throw new RangeError('a poll schedule needs steps or settlement windows');
  const step = hint.stepsMs[Math.min(input.pollsDone, hint.stepsMs.length - 1)] ?? 0;
  const jitter = input.jitter ?? 0.2;
  const gap = Math.max(1, Math.round(step * (1 + jitter * (2 * input.random() - 1))));
  const at = Math.min(now.getTime() + gap, budgetEnd);
  if (closesBetween(input.hours, now.getTime(), at)) return { kind: 'escalate', why: 'business_day_closed' };
  return { kind: 'poll', at: new Date(at) };
}

function nextWindowPoll(input: PollScheduleInput, budgetEnd: number): PollDecision {
  const { now } = input;
  const local = instantToZoned(now, input.timeZone);
  const settle = input.windowSettleMs ?? 60_000;
  const windows = [...input.hint.settlementWindows].sort();
  for (const w of windows) {
    const windowAt = zonedDateTimeToInstant(local.date, w, input.timeZone).getTime();
    const at = windowAt + settle + Math.round(settle * input.random());
    if (at <= now.getTime()) continue;
    if (at > budgetEnd) return { kind: 'escalate', why: 'poll_budget_spent' };
    return { kind: 'poll', at: new Date(at) };
  }
  return { kind: 'escalate', why: 'business_day_closed' };
}

function closesBetween(hours: HoursGate, from: number, to: number): boolean {
  for (let t = from + HOURS_SAMPLE_MS; t < to; t += HOURS_SAMPLE_MS) {
    if (!hours(new Date(t)).open) return true;
  }
  return !hours(new Date(to)).open;
}
