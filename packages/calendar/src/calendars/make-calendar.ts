import { PayoutError } from '@payout/domain';
import { addDays, localDateParts, weekday, type LocalDate } from '../date/local-date.ts';
import type { CalendarDefinition, DayInfo, DetailedBusinessCalendar, NonBusinessRun, YearTable } from './calendar.types.ts';
import { installedGeneration, installedYears, installedYearTable } from './installed-years.ts';

// Longest stretch we ever walk looking for a business day. Real runs are ≤ 9 days (China's
// Spring Festival); anything longer means broken data, and the walk stops with an error
// instead of spinning. Coverage errors fire long before for dates near the data's end.
const MAX_WALK_DAYS = 31;

/**
 * The years a definition answers for together with the imported years installed in this
 * process: from `fromYear` to the last year of the unbroken run of built-in and imported years.
 */
export function coveredYears(def: CalendarDefinition): { readonly fromYear: number; readonly toYear: number } {
  const imported = new Set(installedYears(def.id));
  let toYear = def.toYear;
  while (imported.has(toYear + 1)) toYear++;
  return { fromYear: def.fromYear, toYear };
}

/**
 * Builds a fail-closed `BusinessCalendar` from a definition: weekends are closed unless the
 * year table lists them as make-up working days; listed holidays are closed. A year comes from
 * the imported years installed in this process (`installCalendarYears`) when one is, else from
 * the built-in data; any other year throws PAYOUT_E_CALENDAR_NO_DATA naming the calendar and
 * the year.
 */
export function makeCalendar(def: CalendarDefinition): DetailedBusinessCalendar {
  const tables = new Map<number, YearTable>();
  let tablesGeneration = installedGeneration();

  function tableFor(d: LocalDate): YearTable {
    const { year } = localDateParts(d);
    if (tablesGeneration !== installedGeneration()) {
      tables.clear();
      tablesGeneration = installedGeneration();
    }
    let t = tables.get(year);
    if (t !== undefined) return t;
    t = installedYearTable(def.id, year);
    if (t === undefined) {
      if (year < def.fromYear || year > def.toYear) {
        const covered = coveredYears(def);
        throw new PayoutError(
          'PAYOUT_E_CALENDAR_NO_DATA',
          `calendar ${def.id} has no data for ${year} (covers ${covered.fromYear}–${covered.toYear}); asked about ${d}. Import the official ${year} list: ./dev payout calendar import ${def.id} ${year} FILE`,
          { calendar: def.id, year, date: d, fromYear: covered.fromYear, toYear: covered.toYear },
        );
      }
      t = def.yearTable(year);
    }
    tables.set(year, t);
    return t;
  }

  function dayInfo(d: LocalDate): DayInfo {
    const t = tableFor(d);
    const wd = weekday(d);
    const makeup = t.workdays.get(d);
    if (makeup !== undefined) return { date: d, weekday: wd, business: true, kind: 'makeup_workday', name: makeup };
    const holiday = t.holidays.get(d);
    if (holiday !== undefined) return { date: d, weekday: wd, business: false, kind: 'holiday', name: holiday };
    if (wd === 0 || wd === 6) return { date: d, weekday: wd, business: false, kind: 'weekend' };
    return { date: d, weekday: wd, business: true, kind: 'business' };
  }

  const isBusinessDay = (d: LocalDate): boolean => dayInfo(d).business;

  function walk(d: LocalDate, step: 1 | -1): LocalDate {
    let cur = d;
    for (let i = 0; i < MAX_WALK_DAYS; i++) {
      cur = addDays(cur, step);
      if (isBusinessDay(cur)) return cur;
    }
    throw new PayoutError(
      'PAYOUT_E_INTERNAL',
      `calendar ${def.id}: no business day within ${MAX_WALK_DAYS} days of ${d}; the holiday data is broken`,
    );
  }

  const nextBusinessDay = (d: LocalDate): LocalDate => walk(d, 1);
  const previousBusinessDay = (d: LocalDate): LocalDate => walk(d, -1);

  function addBusinessDays(d: LocalDate, n: number): LocalDate {
    if (!Number.isSafeInteger(n)) {
      throw new PayoutError('PAYOUT_E_VALIDATION', `a business-day count must be an integer, got ${String(n)}`);
    }
    let cur = d;
    isBusinessDay(cur); // validates d and its coverage even when n = 0
    for (let i = 0; i < Math.abs(n); i++) cur = walk(cur, n > 0 ? 1 : -1);
    return cur;
  }

  function nonBusinessRunAfter(d: LocalDate): NonBusinessRun {
    isBusinessDay(d); // fail closed on d itself too
    let start = addDays(d, 1);
    for (let i = 0; isBusinessDay(start); i++) {
      if (i >= MAX_WALK_DAYS) {
        throw new PayoutError('PAYOUT_E_INTERNAL', `calendar ${def.id}: no non-business day within ${MAX_WALK_DAYS} days after ${d}`);
      }
      start = addDays(start, 1);
    }
    const days: LocalDate[] = [start];
    let next = addDays(start, 1);
    while (!isBusinessDay(next)) {
      if (days.length >= MAX_WALK_DAYS) {
        throw new PayoutError(
          'PAYOUT_E_INTERNAL',
          `calendar ${def.id}: a run of more than ${MAX_WALK_DAYS} non-business days from ${start}; the holiday data is broken`,
        );
      }
      days.push(next);
      next = addDays(next, 1);
    }
    return {
      start,
      end: days[days.length - 1] ?? start,
      days,
      lastBusinessDayBefore: previousBusinessDay(start),
      nextBusinessDay: next,
    };
  }

  return {
    id: def.id,
    timeZone: def.timeZone,
    source: def.source,
    coverage: () => coveredYears(def),
    builtInCoverage: () => ({ fromYear: def.fromYear, toYear: def.toYear }),
    builtInYearTable: (year) => (year < def.fromYear || year > def.toYear ? undefined : def.yearTable(year)),
    isBusinessDay,
    nextBusinessDay,
    previousBusinessDay,
    addBusinessDays,
    nonBusinessRunAfter,
    lastBusinessDayBefore: previousBusinessDay,
    dayInfo,
  };
}
