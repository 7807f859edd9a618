import { getCalendar, nextBusinessDayAt } from '@payout/calendar';

/**
 * When an unresolved attempt is checked against the statement: the bank's statement time on
 * its next business day after the local date of `at`, in the bank's own calendar and zone.
 * Throws PAYOUT_E_CALENDAR_NO_DATA when that day lies in a year the calendar has no data
 * for (the caller parks the payout for a person instead of guessing).
 *
 * @example
 *   // CN bank, Friday 2026-11-20 17:10 Asia/Shanghai → Monday 2026-11-23 10:00 Asia/Shanghai
 *   verificationDue(cnProfile, new Date('2026-11-20T09:10:00Z')) // 2026-11-23T02:00:00.000Z
 */
export function verificationDue(profile: { readonly calendar: string; readonly statementTime: string }, at: Date): Date {
  return nextBusinessDayAt(getCalendar(profile.calendar), at, profile.statementTime);
}
