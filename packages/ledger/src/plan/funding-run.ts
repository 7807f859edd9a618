import { PayoutError } from '@payout/domain';
import { addDays, type BusinessCalendar, type LocalDate } from '@payout/calendar';
import { dayStatus, uncoveredDay, type CalendarGapReason, type UncoveredDay } from '../forecast/calendar-gap.ts';

/**
 * How many days without calendar data a plan lists (and counts as closed) once its run reaches
 * them: the longest closed run in any covered year (China's Spring Festival, 9 days) and the
 * business day after it. Where the run really ends is unknowable until the year is imported.
 */
export const UNCOVERED_LOOKAHEAD_DAYS = 10;

// As in the calendar: real runs are ≤ 9 days; a longer walk means broken data.
const MAX_WALK_DAYS = 31;

/**
 * The run of non-business days a plan funds, read from a calendar that may lack data for
 * some of the days: `nonBusinessRunAfter` of the day the plan is anchored on, where a day
 * without data counts as closed (no funding can land on it) and is listed in `uncovered`.
 * Fully covered, it is exactly the calendar's own answer.
 */
export interface FundingRun {
  /** The business day the plan is anchored on (`asOf`, or the first business day after it); null when no day with data is one. */
  readonly anchor: LocalDate | null;
  readonly start: LocalDate;
  readonly end: LocalDate;
  /** Closed days and days without data, in order. */
  readonly days: readonly LocalDate[];
  /** The business day funding must land by; null when no business day is known. */
  readonly lastBusinessDayBefore: LocalDate | null;
  /** The first business day after the run; null when the run reaches days without data. */
  readonly nextBusinessDay: LocalDate | null;
  /** The days of `days` the calendar has no data for. */
  readonly uncovered: readonly UncoveredDay[];
  /** True when the run's first day is one without data: the run may really start later. */
  readonly startUnknown: boolean;
}

/**
 * The run a plan made on `asOf` funds: on a business day the next run after it; on a closed
 * day the run after the next business day (the current run's deadline is gone).
 *
 * @example fundingRun(getCalendar('CN'), '2026-12-30') // { lastBusinessDayBefore: '2026-12-31', start: '2027-01-01', nextBusinessDay: null, … } until CN 2027 is imported
 */
export function fundingRun(cal: BusinessCalendar, asOf: LocalDate): FundingRun {
  const uncovered: UncoveredDay[] = [];
  const status = (d: LocalDate): boolean | CalendarGapReason => dayStatus(cal, d);

  // The anchor: the first business day at or after asOf, through closed days only. A day
  // without data stops the search: whether funding can land there is exactly what is unknown.
  let anchor: LocalDate | null = null;
  let gapFrom: { date: LocalDate; reason: CalendarGapReason } | undefined;
  for (let d = asOf, i = 0; ; d = addDays(d, 1), i++) {
    if (i > MAX_WALK_DAYS) throw broken(cal, asOf);
    const s = status(d);
    if (s === true) {
      anchor = d;
      break;
    }
    if (s !== false) {
      gapFrom = { date: d, reason: s };
      break;
    }
  }

  let start: LocalDate;
  let lastBusinessDayBefore: LocalDate | null = null;
  if (anchor === null) {
    start = gapFrom?.date ?? asOf;
  } else {
    let d = addDays(anchor, 1);
    for (let i = 0; ; d = addDays(d, 1), i++) {
      if (i > MAX_WALK_DAYS) throw broken(cal, anchor);
      const s = status(d);
      if (s !== true) break;
    }
    start = d;
    lastBusinessDayBefore = addDays(start, -1);
  }

  const days: LocalDate[] = [];
  let nextBusinessDay: LocalDate | null = null;
  for (let d = start; ; d = addDays(d, 1)) {
    const s = status(d);
    if (s === true) {
      nextBusinessDay = d;
      break;
    }
    if (s !== false) {
      if (uncovered.length >= UNCOVERED_LOOKAHEAD_DAYS) break;
      uncovered.push(uncoveredDay(d, s));
    } else if (days.length >= MAX_WALK_DAYS) {
      throw broken(cal, start);
    }
    days.push(d);
  }
  const startUnknown = uncovered[0]?.date === start;
  return Object.freeze({
    anchor,
    start,
    end: days[days.length - 1] ?? start,
    days,
    lastBusinessDayBefore,
    nextBusinessDay,
    uncovered,
    startUnknown,
  });
}

function broken(cal: BusinessCalendar, d: LocalDate): PayoutError {
  return new PayoutError(
    'PAYOUT_E_INTERNAL',
    `calendar ${cal.id}: no change between business and non-business days within ${MAX_WALK_DAYS} days of ${d}; the holiday data is broken`,
  );
}
