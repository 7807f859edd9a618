import { PayoutError } from '@payout/domain';
import { z } from 'zod';
import { localDateParts, parseLocalDate, weekday, type LocalDate } from '../date/local-date.ts';
import { CALENDAR_IDS, type CalendarId, type YearTable } from './calendar.types.ts';

/**
 * One year of a calendar as operators import it (docs/calendar-import.md): the official
 * list of closed days and, for calendars that have them, make-up working days (调休), with
 * where the list comes from. Built-in years ship with the package; an approved imported year
 * is layered on top (see `installCalendarYears`).
 *
 * @example
 *   {
 *     "calendar": "CN", "year": 2027,
 *     "source": { "url": "https://www.gov.cn/…", "notice": "国办发明电〔2026〕…号" },
 *     "holidays": [{ "date": "2027-01-01", "name": "New Year's Day (元旦)" }],
 *     "workdays": [{ "date": "2027-02-20", "name": "Spring Festival make-up day (春节调休)" }]
 *   }
 */
export interface CalendarYearFile {
  readonly calendar: CalendarId;
  readonly year: number;
  readonly source: { readonly url?: string | undefined; readonly notice?: string | undefined };
  readonly holidays: readonly CalendarYearEntry[];
  readonly workdays: readonly CalendarYearEntry[];
}

export interface CalendarYearEntry {
  readonly date: LocalDate;
  readonly name: string;
  /** Optional cross-check written in the file: `Mon` … `Sun`; must match the date. */
  readonly weekday?: string | undefined;
}

/** Calendars whose official lists contain weekend days that are working days. */
const HAS_MAKEUP_DAYS: ReadonlySet<CalendarId> = new Set<CalendarId>(['CN']);
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
/** Imports may name years from here on; earlier years are history, not reference data to change. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2199;

const entrySchema = z.strictObject({
  date: z.string(),
  name: z.string().trim().min(1, 'a name is required').max(200),
  weekday: z.enum(WEEKDAY_NAMES).optional(),
});

const fileSchema = z.strictObject({
  calendar: z.enum(CALENDAR_IDS),
  year: z.number().int().min(MIN_YEAR).max(MAX_YEAR),
  source: z
    .strictObject({
      url: z
        .url({ protocol: /^https?$/ })
        .max(500)
        .optional(),
      notice: z.string().trim().min(1).max(300).optional(),
    })
    .refine((s) => s.url !== undefined || s.notice !== undefined, 'name the source: a url, a notice id, or both'),
  holidays: z.array(entrySchema).max(366),
  workdays: z.array(entrySchema).max(366).default([]),
});

/** What differs from the built-in data of the same year. */
export interface CalendarYearDiff {
  readonly holidaysAdded: readonly LocalDate[];
  readonly holidaysRemoved: readonly LocalDate[];
  readonly workdaysAdded: readonly LocalDate[];
  readonly workdaysRemoved: readonly LocalDate[];
}

export interface CalendarYearCheck {
  /** The file, normalised (entries sorted by date). */
  readonly file: CalendarYearFile;
  /** Facts an approver should read (not errors). */
  readonly notes: readonly string[];
  /** Against the built-in data of the same year, when the package ships that year. */
  readonly diffAgainstBuiltIn: CalendarYearDiff | null;
}

/**
 * Checks an import file before it can be proposed: its shape; every date real and in the
 * named year; make-up working days only where the calendar has them and only on Saturday or
 * Sunday; no date listed twice; every written weekday right; at least one holiday. Every
 * problem is reported at once, each naming the date. Throws PAYOUT_E_CALENDAR_IMPORT_INVALID.
 *
 * `builtIn` is the package's own table for that year, when it has one: the result then
 * carries the difference, so the approver sees what the import changes.
 */
export function checkCalendarYearFile(input: unknown, builtIn?: YearTable): CalendarYearCheck {
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(file)'}: ${i.message}`);
    throw invalid(problems, undefined);
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const check = (entries: readonly z.infer<typeof entrySchema>[], list: 'holidays' | 'workdays'): CalendarYearEntry[] => {
    const out: CalendarYearEntry[] = [];
    entries.forEach((e, i) => {
      const at = `${list}[${i}] ${e.date}`;
      let year: number;
      try {
        year = localDateParts(e.date).year;
      } catch {
        problems.push(`${list}[${i}]: "${e.date.slice(0, 20)}" is not a real YYYY-MM-DD date`);
        return;
      }
      const date = parseLocalDate(e.date);
      if (year !== raw.year) problems.push(`${at}: is not in ${raw.year}; a file holds one year of ${raw.calendar} only`);
      const wd = weekday(date);
      if (e.weekday !== undefined && WEEKDAY_NAMES[wd] !== e.weekday)
        problems.push(`${at}: the file says ${e.weekday} but it is a ${WEEKDAY_NAMES[wd]}`);
      if (list === 'workdays') {
        if (!HAS_MAKEUP_DAYS.has(raw.calendar))
          problems.push(`${at}: calendar ${raw.calendar} has no make-up working days; list only closed days`);
        else if (wd !== 0 && wd !== 6)
          problems.push(`${at}: a make-up working day must fall on a Saturday or Sunday, but ${date} is a ${WEEKDAY_NAMES[wd]}`);
      }
      const before = seen.get(date);
      if (before !== undefined) problems.push(`${at}: listed twice (also in ${before})`);
      else seen.set(date, `${list}[${i}]`);
      out.push({ date, name: e.name, ...(e.weekday !== undefined ? { weekday: e.weekday } : {}) });
    });
    return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  };
  const holidays = check(raw.holidays, 'holidays');
  const workdays = check(raw.workdays, 'workdays');
  if (raw.holidays.length === 0)
    problems.push(`holidays: the file lists no closed day for ${raw.year}; every calendar this product knows has some`);
  if (problems.length > 0) throw invalid(problems, raw);

  const file: CalendarYearFile = {
    calendar: raw.calendar,
    year: raw.year,
    source: {
      ...(raw.source.url !== undefined ? { url: raw.source.url } : {}),
      ...(raw.source.notice !== undefined ? { notice: raw.source.notice } : {}),
    },
    holidays,
    workdays,
  };
  const notes: string[] = [];
  const weekendHolidays = holidays.filter((h) => [0, 6].includes(weekday(h.date))).length;
  notes.push(`${holidays.length} closed day(s) (${weekendHolidays} on a weekend), ${workdays.length} make-up working day(s)`);
  let diff: CalendarYearDiff | null = null;
  if (builtIn !== undefined) {
    diff = diffTables(builtIn, yearTableOf(file));
    const changed = diff.holidaysAdded.length + diff.holidaysRemoved.length + diff.workdaysAdded.length + diff.workdaysRemoved.length;
    notes.push(
      changed === 0
        ? `identical to the built-in ${file.calendar} ${file.year} data`
        : `differs from the built-in ${file.calendar} ${file.year} data on ${changed} day(s); approving it replaces the built-in year`,
    );
  }
  return { file, notes, diffAgainstBuiltIn: diff };
}

/** The year table an imported file stands for. */
export function yearTableOf(file: CalendarYearFile): YearTable {
  return {
    holidays: new Map(file.holidays.map((h) => [h.date, h.name])),
    workdays: new Map(file.workdays.map((w) => [w.date, w.name])),
  };
}

function diffTables(builtIn: YearTable, imported: YearTable): CalendarYearDiff {
  const minus = (a: ReadonlyMap<LocalDate, string>, b: ReadonlyMap<LocalDate, string>) => [...a.keys()].filter((d) => !b.has(d)).sort();
  return {
    holidaysAdded: minus(imported.holidays, builtIn.holidays),
    holidaysRemoved: minus(builtIn.holidays, imported.holidays),
    workdaysAdded: minus(imported.workdays, builtIn.workdays),
    workdaysRemoved: minus(builtIn.workdays, imported.workdays),
  };
}

function invalid(problems: readonly string[], raw: { calendar: string; year: number } | undefined): PayoutError {
  const what = raw === undefined ? 'the calendar file' : `the ${raw.calendar} ${raw.year} calendar file`;
  return new PayoutError(
    'PAYOUT_E_CALENDAR_IMPORT_INVALID',
    `${what} was refused (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.slice(0, 20).join('; ')}`,
    {
      problems: problems.slice(0, 100),
    },
  );
}
