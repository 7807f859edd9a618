import type { LocalDate } from '../date/local-date.ts';

export const CALENDAR_IDS = ['CN', 'US-FED', 'TARGET2', 'UK'] as const;
export type CalendarId = (typeof CALENDAR_IDS)[number];

/** A run of consecutive non-business days and the business days that frame it. */
export interface NonBusinessRun {
  readonly start: LocalDate;
  readonly end: LocalDate;
  /** Every day of the run, in order (`start` … `end`). */
  readonly days: readonly LocalDate[];
  /** The last business day before the whole run — the day funding must land by. */
  readonly lastBusinessDayBefore: LocalDate;
  /** The first business day after the run — the day that carries the backlog. */
  readonly nextBusinessDay: LocalDate;
}

/**
 * Business days of one market. Every question about a date in a year outside `coverage()`
 * throws PAYOUT_E_CALENDAR_NO_DATA naming the calendar and the year: a calendar never
 * guesses that an unknown year is a plain Monday–Friday year.
 *
 * @example
 *   const cn = getCalendar('CN');
 *   cn.isBusinessDay('2026-02-14'); // true: a make-up Saturday (调休)
 *   cn.nonBusinessRunAfter('2026-09-30'); // { start: '2026-10-01', end: '2026-10-07', nextBusinessDay: '2026-10-08', … }
 */
export interface BusinessCalendar {
  readonly id: CalendarId;
  /** IANA zone whose local date decides "today" for this market. */
  readonly timeZone: string;
  /** Built-in years plus the unbroken run of imported years after them. */
  coverage(): { readonly fromYear: number; readonly toYear: number };
  isBusinessDay(d: LocalDate): boolean;
  /** The first business day strictly after `d`. */
  nextBusinessDay(d: LocalDate): LocalDate;
  /** The last business day strictly before `d`. */
  previousBusinessDay(d: LocalDate): LocalDate;
  /** `n` business days after (`n` > 0) or before (`n` < 0) `d`; `n` = 0 returns `d`. */
  addBusinessDays(d: LocalDate, n: number): LocalDate;
  /**
   * The first run of consecutive non-business days strictly after `d`. When `d` itself is
   * inside a run, the result is the rest of that run (starting `d` + 1), and
   * `lastBusinessDayBefore` is still the business day before the whole run.
   */
  nonBusinessRunAfter(d: LocalDate): NonBusinessRun;
  /** The last business day strictly before `d` (same as `previousBusinessDay`). */
  lastBusinessDayBefore(d: LocalDate): LocalDate;
}

/** Why a day is or is not a business day; for displays and audits. */
export type DayKind = 'business' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  readonly date: LocalDate;
  readonly weekday: number;
  readonly business: boolean;
  readonly kind: DayKind;
  /** The holiday or make-up day's name from the data source, when there is one. */
  readonly name?: string;
}

/** A calendar that can also explain each day (what the CLI prints). */
export interface DetailedBusinessCalendar extends BusinessCalendar {
  dayInfo(d: LocalDate): DayInfo;
  /** Where the built-in data comes from, for `calendar coverage` and audits. */
  readonly source: string;
  /** The years the package itself ships. */
  builtInCoverage(): { readonly fromYear: number; readonly toYear: number };
  /** The package's own table for `year`, when it ships that year (for an import's diff). */
  builtInYearTable(year: number): YearTable | undefined;
}

/** One year of exceptions to the Monday–Friday week. */
export interface YearTable {
  /** Closed days with their names (may fall on weekends; they are closed either way). */
  readonly holidays: ReadonlyMap<LocalDate, string>;
  /** Weekend days that are working days (China's 调休 make-up days). */
  readonly workdays: ReadonlyMap<LocalDate, string>;
}

/** What a concrete calendar provides; `makeCalendar` turns it into a `BusinessCalendar`. */
export interface CalendarDefinition {
  readonly id: CalendarId;
  readonly timeZone: string;
  readonly fromYear: number;
  readonly toYear: number;
  readonly source: string;
  /** Only called for years inside `fromYear`…`toYear`. */
  yearTable(year: number): YearTable;
}
