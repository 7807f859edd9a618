import { addDays, localDateOf, weekday, type LocalDate } from '../date/local-date.ts';
import type { CalendarDefinition, YearTable } from './calendar.types.ts';
import { lastWeekdayOfMonth, nthWeekdayOfMonth } from './weekday-rules.ts';

/**
 * Federal Reserve Bank holidays (the days Fedwire and FedACH do not operate), computed from
 * the statutory list (5 U.S.C. 6103) with the Fed's own weekend rule: a holiday on a Sunday
 * closes the following Monday; a holiday on a Saturday does NOT close the Friday before
 * (unlike the federal-employee calendar — Friday 2026-07-03 is a Fed business day).
 *
 * Coverage 2022–2030: 2022 is the first year the Reserve Banks closed for Juneteenth; 2030
 * is a review horizon — the rules are statutory, but new holidays or one-off closures need
 * an act of Congress or a Fed announcement, so the range is extended on purpose after
 * checking the Fed's published holiday schedule (frbservices.org). A national day of
 * mourning (e.g. 2025-01-09) is not a closure: Fed services operated normally that day.
 */

type Rule = { readonly name: string; readonly date: (year: number) => LocalDate };

const MON = 1;
const THU = 4;

const RULES: readonly Rule[] = [
  { name: "New Year's Day", date: (y) => localDateOf(y, 1, 1) },
  { name: 'Birthday of Martin Luther King, Jr.', date: (y) => nthWeekdayOfMonth(y, 1, MON, 3) },
  { name: "Washington's Birthday", date: (y) => nthWeekdayOfMonth(y, 2, MON, 3) },
  { name: 'Memorial Day', date: (y) => lastWeekdayOfMonth(y, 5, MON) },
  { name: 'Juneteenth National Independence Day', date: (y) => localDateOf(y, 6, 19) },
  { name: 'Independence Day', date: (y) => localDateOf(y, 7, 4) },
  { name: 'Labor Day', date: (y) => nthWeekdayOfMonth(y, 9, MON, 1) },
  { name: 'Columbus Day', date: (y) => nthWeekdayOfMonth(y, 10, MON, 2) },
  { name: 'Veterans Day', date: (y) => localDateOf(y, 11, 11) },
  { name: 'Thanksgiving Day', date: (y) => nthWeekdayOfMonth(y, 11, THU, 4) },
  { name: 'Christmas Day', date: (y) => localDateOf(y, 12, 25) },
];

export function usFedYearTable(year: number): YearTable {
  const holidays = new Map<LocalDate, string>();
  for (const rule of RULES) {
    const d = rule.date(year);
    holidays.set(d, rule.name);
    // Sunday → closed Monday. Saturday → nothing extra: the Fed stays open on Friday.
    if (weekday(d) === 0) holidays.set(addDays(d, 1), `${rule.name} (observed)`);
  }
  return { holidays, workdays: new Map() };
}

export const US_FED_CALENDAR: CalendarDefinition = {
  id: 'US-FED',
  timeZone: 'America/New_York',
  fromYear: 2022,
  toYear: 2030,
  source: 'Federal Reserve Bank holidays: 5 U.S.C. 6103 dates with the Fed rule (Sunday → Monday closed, Saturday → Friday open), computed',
  yearTable: usFedYearTable,
};
