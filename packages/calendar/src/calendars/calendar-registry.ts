import { PayoutError } from '@payout/domain';
import { CALENDAR_IDS, type CalendarDefinition, type CalendarId, type DetailedBusinessCalendar } from './calendar.types.ts';
import { CN_CALENDAR } from './cn.calendar.ts';
import { coveredYears, makeCalendar } from './make-calendar.ts';
import { TARGET2_CALENDAR } from './target2.calendar.ts';
import { UK_CALENDAR } from './uk.calendar.ts';
import { US_FED_CALENDAR } from './us-fed.calendar.ts';

const DEFINITIONS: Readonly<Record<CalendarId, CalendarDefinition>> = {
  CN: CN_CALENDAR,
  'US-FED': US_FED_CALENDAR,
  TARGET2: TARGET2_CALENDAR,
  UK: UK_CALENDAR,
};

const CALENDARS = new Map<CalendarId, DetailedBusinessCalendar>(CALENDAR_IDS.map((id) => [id, makeCalendar(DEFINITIONS[id])]));

export function isCalendarId(s: unknown): s is CalendarId {
  return typeof s === 'string' && (CALENDAR_IDS as readonly string[]).includes(s);
}

/**
 * The calendar with this id; throws PAYOUT_E_UNKNOWN_CALENDAR for anything else.
 *
 * @example getCalendar('US-FED').isBusinessDay('2026-07-03') // true (July 4 is a Saturday)
 */
export function getCalendar(id: string): DetailedBusinessCalendar {
  const cal = isCalendarId(id) ? CALENDARS.get(id) : undefined;
  if (cal === undefined) {
    throw new PayoutError('PAYOUT_E_UNKNOWN_CALENDAR', `unknown calendar "${String(id).slice(0, 40)}"; known: ${CALENDAR_IDS.join(', ')}`, {
      calendar: String(id).slice(0, 40),
    });
  }
  return cal;
}

/**
 * The years each calendar answers for — built-in years plus the unbroken run of imported
 * years installed in this process; any other year throws PAYOUT_E_CALENDAR_NO_DATA.
 */
export function calendarCoverage(): Readonly<Record<CalendarId, { fromYear: number; toYear: number }>> {
  const entries = CALENDAR_IDS.map((id) => [id, Object.freeze(coveredYears(DEFINITIONS[id]))] as const);
  return Object.freeze(Object.fromEntries(entries) as Record<CalendarId, { fromYear: number; toYear: number }>);
}
