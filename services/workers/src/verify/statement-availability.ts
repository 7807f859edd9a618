import { addDays, getCalendar, localDateIn, zonedDateTimeToInstant, type CalendarId } from '@payout/calendar';

/** The parts of a bank profile that say when its statements come out. */
export interface StatementSchedule {
  readonly calendar: CalendarId;
  readonly timeZone: string;
  /** 'HH:MM' local, on the next business day. */
  readonly statementTime: string;
}

/**
 * When the statement for bank-local `date` becomes available: the bank's statement time on
 * its next business day (a Saturday's statement comes with Friday's and Sunday's on Monday).
 * Throws PAYOUT_E_CALENDAR_NO_DATA for a year the calendar does not know.
 */
export function statementDueAt(schedule: StatementSchedule, date: string): Date {
  const next = getCalendar(schedule.calendar).nextBusinessDay(date);
  return zonedDateTimeToInstant(next, schedule.statementTime, schedule.timeZone);
}

/**
 * The latest bank-local date whose statement is due by `now` (its statement time on the next
 * business day has passed). Every date up to it must have a statement; later ones cannot yet.
 *
 * @example
 *   // CN bank, statements at 10:00: on Monday 2026-11-23 at 10:05 the latest is Sunday 2026-11-22.
 *   latestDueStatementDate(cn, new Date('2026-11-23T02:05:00Z')) // '2026-11-22'
 */
export function latestDueStatementDate(schedule: StatementSchedule, now: Date): string {
  let d = addDays(localDateIn(now, schedule.timeZone), -1);
  // Due times only grow with the date; a long holiday is at most a couple of weeks.
  for (let i = 0; i < 40; i++) {
    if (statementDueAt(schedule, d).getTime() <= now.getTime()) return d;
    d = addDays(d, -1);
  }
  return d;
}

/** Every date from `from` to `through` inclusive (empty when through < from). */
export function datesBetween(from: string, through: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= through && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}
