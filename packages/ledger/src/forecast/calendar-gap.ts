import {
  askCalendar,
  calendarGapOf as gapOf,
  localDateParts,
  type BusinessCalendar,
  type CalendarGap,
  type LocalDate,
} from '@payout/calendar';

export const CALENDAR_NO_DATA = 'PAYOUT_E_CALENDAR_NO_DATA';

/**
 * Why a day's business status is unknown: the calendar has no data for its year (the
 * calendar's own PAYOUT_E_CALENDAR_NO_DATA, with its details). `fromYear`…`toYear` is what the
 * calendar covered when it was asked; importing `year` makes the same question answerable.
 */
export interface CalendarGapReason {
  readonly code: typeof CALENDAR_NO_DATA;
  readonly calendar: string;
  readonly year: number;
  readonly fromYear: number | null;
  readonly toYear: number | null;
}

/**
 * A day the plan must last through whose status is unknown. The plan counts it as closed (no
 * funding can land on it) and forecasts no outflow for it (its kind is unknown).
 *
 * @example { date: '2027-01-01', kind: 'unknown', business: null, reason: { code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027, fromYear: 2019, toYear: 2026 } }
 */
export interface UncoveredDay {
  readonly date: LocalDate;
  readonly kind: 'unknown';
  readonly business: null;
  readonly reason: CalendarGapReason;
}

/** A business day, a closed day, or the reason nobody can tell yet. */
export type DayStatus = boolean | CalendarGapReason;

/** The gap a PAYOUT_E_CALENDAR_NO_DATA error names (as plans show it); undefined for any other error. */
export function calendarGapOf(error: unknown, date?: LocalDate): CalendarGapReason | undefined {
  const g = gapOf(error);
  return g === undefined ? undefined : reasonOf(g, date);
}

function reasonOf(g: CalendarGap, date?: LocalDate): CalendarGapReason {
  return {
    code: CALENDAR_NO_DATA,
    calendar: g.calendar,
    year: g.year === 0 && date !== undefined ? localDateParts(date).year : g.year,
    fromYear: g.fromYear,
    toYear: g.toYear,
  };
}

/**
 * Whether `d` is a business day on `cal`, or the gap when the calendar has no data for it.
 * Only the missing year is an answer; every other error is thrown.
 *
 * @example dayStatus(getCalendar('CN'), '2027-01-01') // { code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027, … } until CN 2027 is imported
 */
export function dayStatus(cal: Pick<BusinessCalendar, 'isBusinessDay'>, d: LocalDate): DayStatus {
  try {
    return cal.isBusinessDay(d);
  } catch (error) {
    const gap = calendarGapOf(error, d);
    if (gap === undefined) throw error;
    return gap;
  }
}

/** `fn()`, or the gap when its answer needs a year the calendar has no data for. */
export function orCalendarGap<T>(
  fn: () => T,
): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly gap: CalendarGapReason } {
  const r = askCalendar(fn);
  return r.ok ? r : { ok: false, gap: reasonOf(r.gap) };
}

export function uncoveredDay(date: LocalDate, reason: CalendarGapReason): UncoveredDay {
  return Object.freeze({ date, kind: 'unknown' as const, business: null, reason });
}

/** "calendar CN has no data for 2027 (covers 2019–2026)" */
export function describeGap(g: CalendarGapReason): string {
  const covers = g.fromYear === null || g.toYear === null ? '' : ` (covers ${g.fromYear}–${g.toYear})`;
  return `calendar ${g.calendar} has no data for ${g.year}${covers}`;
}

/** The distinct calendar-years among `gaps`, in first-seen order. */
export function distinctGaps(gaps: readonly CalendarGapReason[]): CalendarGapReason[] {
  const seen = new Map<string, CalendarGapReason>();
  for (const g of gaps) if (!seen.has(`${g.calendar}|${g.year}`)) seen.set(`${g.calendar}|${g.year}`, g);
  return [...seen.values()];
}
