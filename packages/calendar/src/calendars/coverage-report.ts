import { daysBetween, type LocalDate } from '../date/local-date.ts';
import { instantToZoned } from '../zone/time-zone.ts';
import { getCalendar } from './calendar-registry.ts';
import { CALENDAR_IDS, type CalendarId } from './calendar.types.ts';
import { installedYears } from './installed-years.ts';

/** Days before a calendar in use runs out at which the system raises an ops alert. */
export const COVERAGE_ALERT_DAYS = [60, 30, 7] as const;

export interface CalendarCoverageView {
  readonly calendar: CalendarId;
  readonly timeZone: string;
  readonly source: string;
  readonly builtIn: { readonly fromYear: number; readonly toYear: number };
  readonly importedYears: readonly number[];
  /** The last day of the unbroken run of covered years. */
  readonly lastCoveredDay: LocalDate;
  /** Whole days from today (in the calendar's zone) to `lastCoveredDay`; negative once past it. */
  readonly daysLeft: number;
  /** The smallest alert threshold already reached (`0` = today is past the last covered day), or null. */
  readonly alertThreshold: number | null;
}

/**
 * Each calendar's coverage as seen at `now`: what ships, what was imported, the last covered
 * day and how many days are left — for `/v1/ops/calendars`, `calendar coverage`, the
 * days-left metric and the coverage alerts.
 *
 * @example calendarCoverageAt(new Date('2026-11-01T00:00:00Z')).find((c) => c.calendar === 'CN')?.daysLeft // 60
 */
export function calendarCoverageAt(now: Date): CalendarCoverageView[] {
  return CALENDAR_IDS.map((id) => {
    const cal = getCalendar(id);
    const { toYear } = cal.coverage();
    const lastCoveredDay = `${String(toYear).padStart(4, '0')}-12-31`;
    const today = instantToZoned(now, cal.timeZone).date;
    const daysLeft = daysBetween(today, lastCoveredDay);
    const reached = COVERAGE_ALERT_DAYS.filter((t) => daysLeft <= t);
    return {
      calendar: id,
      timeZone: cal.timeZone,
      source: cal.source,
      builtIn: cal.builtInCoverage(),
      importedYears: installedYears(id),
      lastCoveredDay,
      daysLeft,
      alertThreshold: daysLeft < 0 ? 0 : reached.length === 0 ? null : Math.min(...reached),
    };
  });
}
