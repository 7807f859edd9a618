import { formatAmountMinor } from '@payout/domain';
import type { LocalDate } from '@payout/calendar';
import { CALENDAR_NO_DATA, describeGap } from '../forecast/calendar-gap.ts';
import type { AccountPlan, PrefundingPlan } from './prefunding.plan.ts';

/** A funding deadline near or past with a shortfall. */
export interface DeadlineAlert {
  readonly fundingAccountId: string;
  readonly currency: string;
  readonly severity: 'warning' | 'critical';
  readonly kind: 'deadline_approaching' | 'deadline_missed';
  readonly deadline: string;
  readonly shortfallMinor: bigint;
  /** Negative once the deadline has passed. */
  readonly msUntilDeadline: number;
  readonly message: string;
}

/**
 * An account's plan is partial: its calendar has no data for days the plan needs. Always
 * critical — the plan cannot say what the unknown days need, and the fix (importing the
 * year) is an operator's.
 */
export interface CalendarGapAlert {
  readonly fundingAccountId: string;
  readonly currency: string;
  readonly severity: 'critical';
  readonly kind: 'calendar_gap';
  readonly code: typeof CALENDAR_NO_DATA;
  readonly calendar: string;
  readonly year: number;
  /** The horizon days without data (counted as closed, not forecast). */
  readonly uncovered: readonly LocalDate[];
  /** The last known funding moment (ISO), or null when no funding day is known. */
  readonly deadline: string | null;
  /** The shortfall over the days with data only: a lower bound. */
  readonly shortfallMinor: bigint;
  /** Until `deadline`; null when there is none. */
  readonly msUntilDeadline: number | null;
  /** What to import, e.g. `./dev payout calendar import CN 2027 FILE`. */
  readonly action: string;
  readonly message: string;
}

export type FundingAlert = DeadlineAlert | CalendarGapAlert;

export interface AlertOptions {
  /** Warn this long before a deadline that still has a shortfall (default 2 h). */
  readonly warnWithinMs?: number;
}

/**
 * What needs a person now: a partial plan (a calendar year without data; critical, first), a
 * shortfall whose deadline is within `warnWithinMs` (warning) or already past (critical).
 * Fully covered accounts without a shortfall never alert. Pure: `now` is an argument, so a
 * scheduler can call it every few minutes.
 *
 * @example fundingAlerts(plan, clock(), { warnWithinMs: 90 * 60_000 })
 */
export function fundingAlerts(plan: PrefundingPlan, now: Date, options: AlertOptions = {}): FundingAlert[] {
  const warnWithinMs = options.warnWithinMs ?? 2 * 3_600_000;
  const gapAlerts: CalendarGapAlert[] = [];
  const alerts: DeadlineAlert[] = [];
  for (const a of plan.accounts) {
    const gap = calendarGapAlert(a, now);
    if (gap !== undefined) gapAlerts.push(gap);
    if (a.shortfallMinor <= 0n || a.deadline === null) continue;
    const ms = Date.parse(a.deadline.at) - now.getTime();
    if (ms > warnWithinMs) continue;
    const missed = ms <= 0;
    const m = (x: bigint): string => `${formatAmountMinor(x, a.currency)} ${a.currency}`;
    alerts.push({
      fundingAccountId: a.fundingAccountId,
      currency: a.currency,
      severity: missed ? 'critical' : 'warning',
      kind: missed ? 'deadline_missed' : 'deadline_approaching',
      deadline: a.deadline.at,
      shortfallMinor: a.shortfallMinor,
      msUntilDeadline: ms,
      message: missed
        ? `${a.fundingAccountId}: funding deadline ${a.deadline.at} passed with a shortfall of ${m(a.shortfallMinor)}; payouts over ${a.run.start}…${a.run.end} may be held`
        : `${a.fundingAccountId}: transfer ${m(a.transfer?.amountMinor ?? a.shortfallMinor)} from ${a.transfer?.fromAccountId ?? '?'} before ${a.deadline.at} (${Math.ceil(ms / 60_000)} min left)`,
    });
  }
  return [...gapAlerts, ...alerts.sort((x, y) => x.msUntilDeadline - y.msUntilDeadline)];
}

function calendarGapAlert(a: AccountPlan, now: Date): CalendarGapAlert | undefined {
  const gap = a.calendarGaps?.[0];
  if (gap === undefined) return undefined;
  const uncovered = (a.uncovered ?? []).map((u) => u.date);
  const span =
    uncovered.length === 0
      ? ''
      : ` ${uncovered[0]}${uncovered.length > 1 ? ` … ${uncovered[uncovered.length - 1]}` : ''} unknown (counted as closed, not forecast);`;
  const years = a.calendarGaps ?? [];
  const action = years.map((g) => `./dev payout calendar import ${g.calendar} ${g.year} FILE`).join(' and ');
  const deadline = a.deadline === null ? null : a.deadline.at;
  const m = `${formatAmountMinor(a.shortfallMinor, a.currency)} ${a.currency}`;
  const known =
    deadline === null
      ? ' no funding deadline is known;'
      : ` fund by ${deadline}${a.deadline?.basis === undefined ? '' : ' (the last business day with calendar data)'} at the latest — shortfall over the known days ${m};`;
  return {
    fundingAccountId: a.fundingAccountId,
    currency: a.currency,
    severity: 'critical',
    kind: 'calendar_gap',
    code: CALENDAR_NO_DATA,
    calendar: gap.calendar,
    year: gap.year,
    uncovered,
    deadline,
    shortfallMinor: a.shortfallMinor,
    msUntilDeadline: deadline === null ? null : Date.parse(deadline) - now.getTime(),
    action: `${action} (approved by a second person), then plan again`,
    message: `${a.fundingAccountId}: the plan is partial — ${years.map(describeGap).join('; ')};${span}${known} import ${years.map((g) => `${g.calendar} ${g.year}`).join(', ')} (${action}, approved by a second person) and plan again`,
  };
}
