import { askCalendar, calendarGapOf, type CalendarAnswer, type CalendarGap } from '@payout/calendar';
import { CALENDAR_NO_DATA, calendarGapReason } from '@payout/lifecycle';

export { askCalendar, calendarGapOf, type CalendarAnswer, type CalendarGap };
// The reason head is the lifecycle's (every status reason is built there); re-exported for logs and events here.
export { CALENDAR_NO_DATA, calendarGapReason };

/**
 * Clock ms between looks at a decision that waits for a calendar year (the submit
 * settings' `heldRecheckMs` overrides it): once operators import the year, the next look
 * goes on by itself.
 */
export const DEFAULT_CALENDAR_RECHECK_MS = 5 * 60_000;

/** Fields for a log line or an event about the wait. */
export function calendarGapFields(gap: CalendarGap): {
  readonly code: typeof CALENDAR_NO_DATA;
  readonly calendar: string;
  readonly year: number;
} {
  return { code: CALENDAR_NO_DATA, calendar: gap.calendar, year: gap.year };
}
