import { parseLocalTime } from '../date/local-time.ts';
import { instantToZoned, zonedDateTimeToInstant } from '../zone/time-zone.ts';
import type { BusinessCalendar } from './calendar.types.ts';

/**
 * `localTime` on the calendar's next business day after the local date of `at` (in the
 * calendar's zone) — e.g. "statement time, 10:00, on the next business day".
 *
 * @example nextBusinessDayAt(getCalendar('CN'), new Date('2026-09-30T09:30:00Z'), '10:00') // 2026-10-08 10:00 Asia/Shanghai
 */
export function nextBusinessDayAt(cal: BusinessCalendar, at: Date, localTime: string): Date {
  parseLocalTime(localTime);
  const today = instantToZoned(at, cal.timeZone).date;
  return zonedDateTimeToInstant(cal.nextBusinessDay(today), localTime, cal.timeZone);
}
