// Public API of @payout/calendar. Pure: no I/O, no clock — every function takes its dates.

// local dates and times
export {
  parseLocalDate,
  addDays,
  daysBetween,
  weekday,
  daysInMonth,
  localDateParts,
  localDateOf,
  type LocalDate,
} from './date/local-date.ts';
export { parseLocalTime, type LocalTime } from './date/local-time.ts';

// time zones
export { zonedDateTimeToInstant, instantToZoned, localDateIn, assertTimeZone, type ZonedDateTime } from './zone/time-zone.ts';
export { parseIsoInstant } from './zone/iso-instant.ts';

// business calendars
export {
  CALENDAR_IDS,
  type CalendarId,
  type BusinessCalendar,
  type DetailedBusinessCalendar,
  type NonBusinessRun,
  type DayInfo,
  type DayKind,
  type YearTable,
} from './calendars/calendar.types.ts';
export { getCalendar, calendarCoverage, isCalendarId } from './calendars/calendar-registry.ts';
export { nextBusinessDayAt } from './calendars/next-business-day-at.ts';
export {
  checkCalendarYearFile,
  yearTableOf,
  type CalendarYearFile,
  type CalendarYearEntry,
  type CalendarYearCheck,
  type CalendarYearDiff,
} from './calendars/calendar-year-file.ts';
export { installCalendarYears, installedYears } from './calendars/installed-years.ts';
export { calendarGapOf, askCalendar, type CalendarGap, type CalendarAnswer } from './calendars/calendar-gap.ts';
export { calendarCoverageAt, COVERAGE_ALERT_DAYS, type CalendarCoverageView } from './calendars/coverage-report.ts';
export { easterSunday } from './calendars/easter.ts';

// rails
export {
  RAIL_IDS,
  type RailId,
  type RailProfile,
  type RailHours,
  type RailCutoff,
  type MaintenanceWindow,
  type SettlementKind,
} from './rails/rail.types.ts';
export { RAILS, getRail, isRailId } from './rails/rail-profiles.ts';
export { isRailOpen, nextRailOpening, cutoffInstant } from './rails/rail-schedule.ts';
