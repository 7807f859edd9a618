import {
  CALENDAR_IDS,
  addDays,
  calendarCoverageAt,
  daysInMonth,
  getCalendar,
  instantToZoned,
  localDateOf,
  parseIsoInstant,
  parseLocalDate,
  type DayInfo,
  type DetailedBusinessCalendar,
  type LocalDate,
} from '@payout/calendar';
import { isPayoutError, PayoutError } from '@payout/domain';
import type { CliCommand, CliIo } from '../cli-io.ts';
import { defineCommand, helpText, parseCommand, subcommandOf } from '../args.ts';
import { IMPORT_COMMANDS, IMPORT_SPECS, IMPORT_USAGE, installImportedYearsFrom, runCalendarImportCommand } from './calendar-imports.ts';
import type { FetchLike } from './ops/ops-client.ts';

const USAGE = [
  'usage:',
  '  payout calendar <CALENDAR> <YYYY-MM> [--json]       the month, non-business days marked *',
  '                                                      and make-up working days marked +',
  '  payout calendar next <CALENDAR> <INSTANT|DATE> [--json]',
  '                                                      the next business day after the local date',
  '                                                      of INSTANT (e.g. 2026-09-30T17:30+08:00) in',
  "                                                      the calendar's time zone, or after DATE",
  '  payout calendar coverage [--at INSTANT] [--json]   the years each calendar covers, its last covered day',
  '                                                      and the days left (from now, or from INSTANT)',
  ...IMPORT_USAGE,
  '',
  '  With DATABASE_URL set, the approved imported years are used too; without it, only built-in years.',
  `calendars: ${CALENDAR_IDS.join(', ')}`,
].join('\n');

const JSON_OPTION = { json: { type: 'boolean', description: 'print the answer as JSON' } } as const;
const DATA_NOTE = 'With DATABASE_URL set, the approved imported years are used too; without it, only built-in years.';

/** The three views; the import subcommands' specs are IMPORT_SPECS (calendar-imports.ts). */
const VIEW_SPECS = {
  month: defineCommand({
    usage: `usage: payout calendar <CALENDAR> <YYYY-MM> [--json]\n\nThe month, non-business days marked * and make-up working days marked +.\n${DATA_NOTE}\ncalendars: ${CALENDAR_IDS.join(', ')}`,
    options: JSON_OPTION,
    positionals: true,
  }),
  next: defineCommand({
    usage: `usage: payout calendar next <CALENDAR> <INSTANT|DATE> [--json]\n\nThe next business day after the local date of INSTANT (e.g. 2026-09-30T17:30+08:00) in the\ncalendar's time zone, or after DATE.\n${DATA_NOTE}\ncalendars: ${CALENDAR_IDS.join(', ')}`,
    options: JSON_OPTION,
    positionals: true,
  }),
  coverage: defineCommand({
    usage: `usage: payout calendar coverage [--at INSTANT] [--json]\n\nThe years each calendar covers, its last covered day and the days left (from now, or from INSTANT).\n${DATA_NOTE}`,
    options: {
      at: {
        type: 'string',
        value: 'INSTANT',
        description: 'count the days left from this instant (e.g. 2026-12-01T00:00:00Z) instead of now',
      },
      ...JSON_OPTION,
    },
    positionals: true,
  }),
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH = /^(\d{4})-(\d{2})$/;

/** What to do about an error, by code (the message says what was wrong). */
const HINTS: Readonly<Record<string, string>> = {
  PAYOUT_E_CALENDAR_NO_DATA:
    'run `./dev payout calendar coverage` for the covered years; import a year with `./dev payout calendar import` (docs/calendar-import.md)',
  PAYOUT_E_UNKNOWN_CALENDAR: `use one of ${CALENDAR_IDS.join(', ')}`,
  PAYOUT_E_VALIDATION: 'run `./dev payout calendar --help` for the accepted forms',
};

/**
 * `./dev payout calendar …`: a month view, the next business day after an instant, the
 * covered years with days left — each also as JSON — and the import of further years with
 * maker-checker (calendar-imports.ts). Exit 0 on success, 1 when the calendar refuses the
 * question (an uncovered year, an unknown calendar), 2 for malformed arguments.
 */
export function createCalendarCommand(deps: { readonly fetch: FetchLike; readonly now: () => Date }): CliCommand {
  return async (argv, io) => {
    const name = subcommandOf(argv, { ...VIEW_SPECS, ...IMPORT_SPECS });
    if (name === undefined || name === 'help') {
      const help = name === 'help' || argv.includes('--help') || argv.includes('-h');
      (help ? io.stdout : io.stderr)(USAGE);
      return help ? 0 : 2;
    }
    const importCommand = IMPORT_COMMANDS.find((c) => c === name);
    try {
      if (importCommand !== undefined) return await runCalendarImportCommand(importCommand, argv, io, deps.fetch);
      // The views' options are a subset of coverage's: read them through its type.
      const spec = (name === 'next' || name === 'coverage' ? VIEW_SPECS[name] : VIEW_SPECS.month) as typeof VIEW_SPECS.coverage;
      const parsed = parseCommand(spec, argv);
      if (parsed.help) {
        io.stdout(helpText(spec));
        return 0;
      }
      return await viewCommand(parsed.positionals, parsed.values, io, deps.now);
    } catch (err) {
      if (!isPayoutError(err) || err.code !== 'PAYOUT_E_VALIDATION') throw err;
      return usageError(io, err.message);
    }
  };
}

export const calendarCommand: CliCommand = createCalendarCommand({ fetch: (url, init) => fetch(url, init), now: () => new Date() });

async function viewCommand(
  args: readonly string[],
  o: { readonly json?: boolean; readonly at?: string },
  io: CliIo,
  clock: () => Date,
): Promise<number> {
  const json = o.json === true;
  const atArg = o.at;
  try {
    const imported = await installImportedYearsFrom(io.env);
    const [first, ...rest] = args;
    if (first === 'coverage') {
      if (rest.length > 0) return usageError(io, '`calendar coverage` takes no arguments');
      printCoverage(io, json, atArg === undefined ? clock() : parseIsoInstant(atArg), imported);
      return 0;
    }
    if (first === 'next') {
      const [id, when, ...extra] = rest;
      if (id === undefined || when === undefined || extra.length > 0)
        return usageError(io, '`calendar next` needs a calendar and an instant');
      printNext(io, json, getCalendar(id), when);
      return 0;
    }
    const [month, ...extra] = rest;
    if (first === undefined || month === undefined || extra.length > 0) return usageError(io, 'expected a calendar and a month (YYYY-MM)');
    printMonth(io, json, getCalendar(first), month);
    return 0;
  } catch (err) {
    if (!isPayoutError(err)) throw err;
    const hint = HINTS[err.code];
    io.stderr(`error [${err.code}]: ${err.message}${hint === undefined ? '' : ` — ${hint}`}`);
    return err.code === 'PAYOUT_E_VALIDATION' ? 2 : 1;
  }
}

function usageError(io: CliIo, what: string): number {
  io.stderr(`error [PAYOUT_E_VALIDATION]: ${what} — run \`./dev payout calendar --help\` for the accepted forms`);
  return 2;
}

function printCoverage(io: CliIo, json: boolean, now: Date, imported: string | undefined): void {
  const rows = calendarCoverageAt(now).map((c) => ({ ...c, fromYear: c.builtIn.fromYear, toYear: Number(c.lastCoveredDay.slice(0, 4)) }));
  if (json) {
    io.stdout(
      JSON.stringify({
        asOf: now.toISOString(),
        importedYearsFrom: imported === undefined ? 'none (DATABASE_URL not set)' : 'database',
        calendars: rows,
      }),
    );
    return;
  }
  io.stdout(
    `as of ${now.toISOString()}; ${imported === undefined ? 'built-in years only (set DATABASE_URL to include imported years)' : imported}`,
  );
  for (const r of rows) {
    const left = r.daysLeft < 0 ? `OUT OF DATA since ${-r.daysLeft} day(s)` : `${r.daysLeft} days left`;
    const alert =
      r.alertThreshold === null ? '' : r.alertThreshold === 0 ? '  !! import the next year' : `  ! under ${r.alertThreshold} days`;
    const extra = r.importedYears.length === 0 ? '' : ` (imported: ${r.importedYears.join(', ')})`;
    io.stdout(
      `${r.calendar.padEnd(8)} ${r.fromYear}–${r.toYear}  until ${r.lastCoveredDay}  ${left.padEnd(24)} ${r.timeZone.padEnd(17)} ${r.source}${extra}${alert}`,
    );
  }
}

function printNext(io: CliIo, json: boolean, cal: DetailedBusinessCalendar, when: string): void {
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(when);
  const localDate = isDate ? parseLocalDate(when) : instantToZoned(parseIsoInstant(when), cal.timeZone).date;
  const next = cal.nextBusinessDay(localDate);
  const info = cal.dayInfo(next);
  if (json) {
    io.stdout(JSON.stringify({ calendar: cal.id, timeZone: cal.timeZone, input: when, localDate, nextBusinessDay: next, day: info }));
    return;
  }
  const from = isDate ? localDate : `${localDate} (local date of ${when} in ${cal.timeZone})`;
  io.stdout(
    `${next} ${WEEKDAYS[info.weekday] ?? ''}${info.kind === 'makeup_workday' ? ' (make-up working day)' : ''} — next ${cal.id} business day after ${from}`,
  );
}

function parseMonth(s: string): { year: number; month: number } {
  const m = MONTH.exec(s);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (m === null || month < 1 || month > 12 || year < 1) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `"${s.slice(0, 20)}" is not a month of the form YYYY-MM`);
  }
  return { year, month };
}

function printMonth(io: CliIo, json: boolean, cal: DetailedBusinessCalendar, monthArg: string): void {
  const { year, month } = parseMonth(monthArg);
  const first = localDateOf(year, month, 1);
  const days: DayInfo[] = [];
  for (let d: LocalDate = first, i = 0; i < daysInMonth(year, month); i++, d = addDays(d, 1)) days.push(cal.dayInfo(d));
  const businessDays = days.filter((d) => d.business).length;
  if (json) {
    io.stdout(JSON.stringify({ calendar: cal.id, timeZone: cal.timeZone, month: monthArg, businessDays, days }));
    return;
  }
  io.stdout(`${cal.id} ${monthArg} (${cal.timeZone})   * non-business day   + make-up working day`);
  // Weeks start on Monday, as bank calendars in all four markets do.
  io.stdout([1, 2, 3, 4, 5, 6, 0].map((wd) => ` ${WEEKDAYS[wd] ?? ''}`).join(''));
  let line = '    '.repeat(((days[0]?.weekday ?? 1) + 6) % 7);
  for (const d of days) {
    const mark = d.kind === 'makeup_workday' ? '+' : d.business ? ' ' : '*';
    line += `${String(Number(d.date.slice(8))).padStart(3)}${mark}`;
    if (d.weekday === 0) {
      io.stdout(line.trimEnd());
      line = '';
    }
  }
  if (line !== '') io.stdout(line.trimEnd());
  io.stdout('');
  io.stdout(`business days: ${businessDays} of ${days.length}`);
  for (const d of days) {
    if (d.name === undefined) continue;
    const kind = d.kind === 'makeup_workday' ? 'make-up working day' : d.kind;
    io.stdout(`${d.date} ${WEEKDAYS[d.weekday] ?? ''}  ${kind.padEnd(19)} ${d.name}`);
  }
}
