import type { CalendarYearFile } from './calendar-year-file.ts';
import { yearTableOf } from './calendar-year-file.ts';
import type { CalendarId, YearTable } from './calendar.types.ts';

/**
 * The imported years this process answers with, on top of the built-in data: the approved
 * rows of the `calendar_years` table, installed by the services at start and on every refresh
 * (services/workers and services/api reload them every minute), so an approved year takes
 * effect without a restart. Process-wide on purpose: every calendar question in the process —
 * the hours gate, escalation dates, statement days, the liquidity plan — must see the same
 * data at the same moment.
 *
 * An installed year replaces the built-in table of that year (a correction); a year the
 * package does not ship extends coverage.
 */
let installed: ReadonlyMap<CalendarId, ReadonlyMap<number, { readonly table: YearTable; readonly file: CalendarYearFile }>> = new Map();
let generation = 0;
let fingerprint = '';

/**
 * Replaces the installed years with `files` (already checked with `checkCalendarYearFile`).
 * Returns whether anything changed; a refresh that finds the same data costs nothing.
 */
export function installCalendarYears(files: readonly CalendarYearFile[]): boolean {
  const sorted = [...files].sort((a, b) => (a.calendar === b.calendar ? a.year - b.year : a.calendar < b.calendar ? -1 : 1));
  const next = JSON.stringify(sorted);
  if (next === fingerprint) return false;
  const byCalendar = new Map<CalendarId, Map<number, { table: YearTable; file: CalendarYearFile }>>();
  for (const f of sorted) {
    const years = byCalendar.get(f.calendar) ?? new Map<number, { table: YearTable; file: CalendarYearFile }>();
    years.set(f.year, { table: yearTableOf(f), file: f });
    byCalendar.set(f.calendar, years);
  }
  installed = byCalendar;
  fingerprint = next;
  generation++;
  return true;
}

/** The installed (imported) year table, when there is one. */
export function installedYearTable(id: CalendarId, year: number): YearTable | undefined {
  return installed.get(id)?.get(year)?.table;
}

/** The years imported for a calendar, ascending. */
export function installedYears(id: CalendarId): readonly number[] {
  return [...(installed.get(id)?.keys() ?? [])].sort((a, b) => a - b);
}

/** Changes whenever the installed data changes (calendars drop their per-year caches on it). */
export function installedGeneration(): number {
  return generation;
}
