import { addDays, localDateOf, type LocalDate } from '../date/local-date.ts';
import type { CalendarDefinition, YearTable } from './calendar.types.ts';
import { easterSunday } from './easter.ts';

/**
 * TARGET2 / T2 closing days as published by the ECB: Saturdays, Sundays, 1 January, Good
 * Friday, Easter Monday, 1 May, 25 and 26 December. This set has been unchanged since
 * 2002 (and kept by the T2 consolidation in March 2023), so it is computed.
 *
 * Coverage 2002–2030: from the first year of the current closing-day set to a review
 * horizon; extend after checking the ECB's TARGET calendar page.
 */
export function target2YearTable(year: number): YearTable {
  const easter = easterSunday(year);
  const holidays = new Map<LocalDate, string>([
    [localDateOf(year, 1, 1), "New Year's Day"],
    [addDays(easter, -2), 'Good Friday'],
    [addDays(easter, 1), 'Easter Monday'],
    [localDateOf(year, 5, 1), 'Labour Day'],
    [localDateOf(year, 12, 25), 'Christmas Day'],
    [localDateOf(year, 12, 26), 'Christmas Holiday (26 December)'],
  ]);
  return { holidays, workdays: new Map() };
}

export const TARGET2_CALENDAR: CalendarDefinition = {
  id: 'TARGET2',
  timeZone: 'Europe/Berlin',
  fromYear: 2002,
  toYear: 2030,
  source: 'ECB TARGET closing days (1 Jan, Good Friday, Easter Monday, 1 May, 25–26 Dec), computed',
  yearTable: target2YearTable,
};
