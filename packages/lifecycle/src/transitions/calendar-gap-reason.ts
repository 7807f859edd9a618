import type { ErrorCode } from '@payout/domain';

/** The calendar and year a decision waits for (the calendar's `CalendarGap` fits as it is). */
export interface CalendarGapRef {
  readonly calendar: string;
  readonly year: number;
}

/** The stable code every wait for a missing calendar year carries (the calendar's own error code). */
export const CALENDAR_NO_DATA = 'PAYOUT_E_CALENDAR_NO_DATA' satisfies ErrorCode;

/**
 * The head of every status reason a missing calendar year gives; ops search by it.
 *
 * @example calendarGapReason({ calendar: 'CN', year: 2027 }) // 'PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027'
 */
export function calendarGapReason(gap: CalendarGapRef): string {
  return `${CALENDAR_NO_DATA}: calendar ${gap.calendar} has no data for ${gap.year}`;
}
