import { addDays, daysInMonth, localDateOf, weekday, type LocalDate } from '../date/local-date.ts';

/** The `n`-th (1-based) given weekday (0 = Sunday) of a month, e.g. the 4th Thursday of November. */
export function nthWeekdayOfMonth(year: number, month: number, wd: number, n: number): LocalDate {
  const first = localDateOf(year, month, 1);
  const offset = (wd - weekday(first) + 7) % 7;
  return addDays(first, offset + 7 * (n - 1));
}

/** The last given weekday of a month, e.g. the last Monday of May. */
export function lastWeekdayOfMonth(year: number, month: number, wd: number): LocalDate {
  const last = localDateOf(year, month, daysInMonth(year, month));
  return addDays(last, -((weekday(last) - wd + 7) % 7));
}
