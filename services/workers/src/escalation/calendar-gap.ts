import { calendarGapOf, type CalendarGap } from '@payout/bank';
import type { ErrorCode } from '@payout/domain';

export { calendarGapOf, type CalendarGap };

/** The stable code every wait for a missing calendar year carries (the calendar's own error code). */
export const CALENDAR_NO_DATA = 'PAYOUT_E_CALENDAR_NO_DATA' satisfies ErrorCode;

/**
 * Clock ms between looks at a decision that waits for a calendar year (the submit
 * settings' `heldRecheckMs` overrides it): once operators import the year, the next look
 * goes on by itself.
 */
export const DEFAULT_CALENDAR_RECHECK_MS = 5 * 60_000;

/**
 * The head of every status reason a missing calendar year gives; ops search by it.
 *
 * @example calendarGapReason({ calendar: 'CN', year: 2027, message: '…' }) // 'PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027'
 */
export function calendarGapReason(gap: CalendarGap): string {
  return `${CALENDAR_NO_DATA}: calendar ${gap.calendar} has no data for ${gap.year}`;
}

/** Fields for a log line or an event about the wait. */
export function calendarGapFields(gap: CalendarGap): { readonly code: typeof CALENDAR_NO_DATA; readonly calendar: string; readonly year: number } {
  return { code: CALENDAR_NO_DATA, calendar: gap.calendar, year: gap.year };
}

export type CalendarAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly gap: CalendarGap };

/**
 * `ask()`, or the gap when its answer needs a calendar year without data. Any other error
 * is thrown: only the missing year is an expected outcome.
 *
 * @example
 *   const due = askCalendar(() => verificationDue(profile, now));
 *   if (!due.ok) return waitFor(due.gap);
 */
export function askCalendar<T>(ask: () => T): CalendarAnswer<T> {
  try {
    return { ok: true, value: ask() };
  } catch (error) {
    const gap = calendarGapOf(error);
    if (gap === undefined) throw error;
    return { ok: false, gap };
  }
}
