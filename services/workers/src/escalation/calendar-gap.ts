import { askCalendar, calendarGapOf, type CalendarAnswer, type CalendarGap } from '@payout/calendar';
import type { ErrorCode } from '@payout/domain';

export { askCalendar, calendarGapOf, type CalendarAnswer, type CalendarGap };

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
