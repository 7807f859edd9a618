import { readFileSync } from 'node:fs';
import { checkCalendarYearFile, getCalendar, isCalendarId } from '@payout/calendar';
import { createDb, syncCalendarYears } from '@payout/db';
import { isPayoutError, PayoutError } from '@payout/domain';
import type { CliIo } from '../cli-io.ts';
import { defineCommand, helpText, parseCommand, type CliOptions, type CommandSpec } from '../args.ts';
import { opsArgs, single } from './ops/ops-args.ts';
import { ApiProblem, createOpsApiClient, type FetchLike } from './ops/ops-client.ts';

/** Subcommands of `payout calendar` that work on imported years. */
export const IMPORT_COMMANDS = ['check', 'import', 'imports', 'show', 'approve', 'reject', 'withdraw', 'alerts'] as const;

export const IMPORT_USAGE = [
  '  payout calendar check <FILE> [--json]             check a calendar year file (docs/calendar-import.md); stores nothing',
  '  payout calendar import <CALENDAR> <YEAR> <FILE> --reason R',
  '                                                      propose the year (maker); a second person approves it',
  '  payout calendar imports [--status S] [--calendar C] proposed / approved / … years, newest first',
  '  payout calendar show <ID>                         one imported year: its checks, diff and decision',
  '  payout calendar approve <ID> [--reason R]         approve (an approver, not the proposer): in force within a minute',
  '  payout calendar reject|withdraw <ID> --reason R',
  '  payout calendar alerts                            ops alerts (calendar coverage running out)',
  '      import … alerts talk to the ops API with your own key: PAYOUT_API_KEY, PAYOUT_API_URL (default http://127.0.0.1:3000)',
];

const JSON_OPTION = { json: { type: 'boolean', description: 'print the answer as JSON' } } as const satisfies CliOptions;
const API_NOTE = 'Talks to the ops API with your own key: PAYOUT_API_KEY, PAYOUT_API_URL (default http://127.0.0.1:3000).';
const DECISION = defineCommand({
  usage: `usage: payout calendar approve <ID> [--reason R] | reject|withdraw <ID> --reason R\n\nDecides a proposed year (approving needs an approver other than the proposer; in force within a minute).\n${API_NOTE}`,
  options: { reason: { type: 'string', value: 'R', description: 'why (required to reject or withdraw)' }, ...JSON_OPTION },
  positionals: true,
  repeated: 'error',
});

/** One spec per import subcommand (`payout calendar <subcommand> --help`). */
export const IMPORT_SPECS: Readonly<Record<(typeof IMPORT_COMMANDS)[number], CommandSpec>> = {
  check: defineCommand({
    usage:
      'usage: payout calendar check <FILE> [--json]\n\nChecks a calendar year file (docs/calendar-import.md); stores nothing, needs no key.',
    options: JSON_OPTION,
    positionals: true,
    repeated: 'error',
  }),
  import: defineCommand({
    usage: `usage: payout calendar import <CALENDAR> <YEAR> <FILE> --reason R [--json]\n\nProposes the year (maker); a second person approves it.\n${API_NOTE}`,
    options: {
      reason: { type: 'string', value: 'R', description: 'why, e.g. the official notice the list comes from (required)' },
      ...JSON_OPTION,
    },
    positionals: true,
    repeated: 'error',
  }),
  imports: defineCommand({
    usage: `usage: payout calendar imports [--status S] [--calendar C] [--limit N] [--json]\n\nProposed / approved / … years, newest first.\n${API_NOTE}`,
    options: {
      status: { type: 'string', value: 'S', description: 'proposed, approved, rejected or withdrawn' },
      calendar: { type: 'string', value: 'C', description: 'one calendar only' },
      limit: { type: 'string', value: 'N', description: 'at most N years' },
      ...JSON_OPTION,
    },
    positionals: true,
    repeated: 'error',
  }),
  show: defineCommand({
    usage: `usage: payout calendar show <ID> [--json]\n\nOne imported year: its checks, diff and decision.\n${API_NOTE}`,
    options: JSON_OPTION,
    positionals: true,
    repeated: 'error',
  }),
  approve: DECISION,
  reject: DECISION,
  withdraw: DECISION,
  alerts: defineCommand({
    usage: `usage: payout calendar alerts [--limit N] [--json]\n\nOps alerts (calendar coverage running out).\n${API_NOTE}`,
    options: { limit: { type: 'string', value: 'N', description: 'at most N alerts' }, ...JSON_OPTION },
    positionals: true,
    repeated: 'error',
  }),
};

const HINTS: Readonly<Record<string, string>> = {
  PAYOUT_E_CALENDAR_IMPORT_INVALID: 'correct the file against the official notice; docs/calendar-import.md describes the format',
  PAYOUT_E_OPS_SELF_APPROVAL: 'ask a second person with the approver role',
  PAYOUT_E_FORBIDDEN: 'proposing needs the operator or approver role, approving the approver role',
  PAYOUT_E_CONFLICT: 'run `./dev payout calendar imports` and decide the waiting proposal first',
  PAYOUT_E_UNAUTHORIZED: 'set PAYOUT_API_KEY to your own ops API key',
};

function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new PayoutError('PAYOUT_E_VALIDATION', `cannot read the calendar file ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PayoutError('PAYOUT_E_CALENDAR_IMPORT_INVALID', `${path} is not JSON: ${err instanceof Error ? err.message : String(err)}`, {
      problems: ['(file): not JSON'],
    });
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);
}

function formatYear(r: Record<string, unknown>): string[] {
  const checks = (r['checks'] ?? {}) as { notes?: string[]; diffAgainstBuiltIn?: Record<string, string[]> | null };
  const lines = [
    `${str(r['id'])}  ${str(r['calendarId'])} ${str(r['year'])}  ${str(r['status'])}`,
    `  proposed by ${str(r['proposedBy'])} (${str(r['proposedRole'])}) at ${str(r['proposedAt'])}: ${str(r['reason'])}`,
  ];
  if (r['decidedBy'] !== undefined && r['decidedBy'] !== null)
    lines.push(
      `  ${str(r['status'])} by ${str(r['decidedBy'])} at ${str(r['decidedAt'])}${r['decisionReason'] ? `: ${str(r['decisionReason'])}` : ''}`,
    );
  for (const n of checks.notes ?? []) lines.push(`  check: ${n}`);
  const diff = checks.diffAgainstBuiltIn;
  if (diff) for (const [k, v] of Object.entries(diff)) if (v.length > 0) lines.push(`  ${k}: ${v.join(', ')}`);
  return lines;
}

/**
 * Runs one import subcommand. `check` works offline; the others go through the ops API with
 * the person's own key, where the maker-checker rule and the audit live (as `payout ops`).
 * Exit codes: 0 done, 1 refused, 2 bad arguments (thrown as PAYOUT_E_VALIDATION: the caller words it).
 */
export async function runCalendarImportCommand(
  name: (typeof IMPORT_COMMANDS)[number],
  argv: readonly string[],
  io: CliIo,
  fetchImpl: FetchLike,
): Promise<number> {
  const spec = IMPORT_SPECS[name];
  const parsed = parseCommand(spec, argv);
  if (parsed.help) {
    io.stdout(helpText(spec));
    return 0;
  }
  const a = opsArgs(parsed.values, parsed.positionals);
  const json = a.switches.has('json');
  const [cmd, ...pos] = a.positionals;
  const print = (body: Record<string, unknown>, human: (b: Record<string, unknown>) => string[]): void => {
    if (json) io.stdout(JSON.stringify(body, null, 2));
    else for (const line of human(body)) io.stdout(line);
  };
  const fail = (code: string, message: string): number => {
    const hint = HINTS[code];
    io.stderr(`error [${code}]: ${message}${hint === undefined ? '' : ` — ${hint}`}`);
    return code === 'PAYOUT_E_VALIDATION' ? 2 : 1;
  };
  try {
    if (cmd === 'check') {
      if (pos.length !== 1) throw new PayoutError('PAYOUT_E_VALIDATION', '`calendar check` needs one FILE');
      const input = readJsonFile(pos[0]!);
      const id = (input as { calendar?: unknown } | null)?.calendar;
      const year = (input as { year?: unknown } | null)?.year;
      const builtIn = isCalendarId(id) && typeof year === 'number' ? getCalendar(id).builtInYearTable(year) : undefined;
      const check = checkCalendarYearFile(input, builtIn);
      print(
        {
          ok: true,
          calendar: check.file.calendar,
          year: check.file.year,
          notes: check.notes,
          diffAgainstBuiltIn: check.diffAgainstBuiltIn,
        },
        () => [`${check.file.calendar} ${check.file.year}: the file passes every check`, ...check.notes.map((n) => `  ${n}`)],
      );
      return 0;
    }
    const apiKey = io.env['PAYOUT_API_KEY']?.trim();
    if (apiKey === undefined || apiKey === '')
      return fail(
        'PAYOUT_E_UNAUTHORIZED',
        'PAYOUT_API_KEY is not set — calendar imports are made with your own API key (bound to your name and role)',
      );
    const api = createOpsApiClient({ baseUrl: io.env['PAYOUT_API_URL'] ?? 'http://127.0.0.1:3000', apiKey, fetch: fetchImpl });
    const one = (what: string): string => {
      if (pos.length !== 1) throw new PayoutError('PAYOUT_E_VALIDATION', `expected one ${what}`);
      return encodeURIComponent(pos[0]!);
    };
    switch (cmd) {
      case 'import': {
        const [cal, year, file, ...extra] = pos;
        if (cal === undefined || year === undefined || file === undefined || extra.length > 0)
          throw new PayoutError('PAYOUT_E_VALIDATION', '`calendar import` needs CALENDAR YEAR FILE');
        if (!/^[0-9]{4}$/.test(year)) throw new PayoutError('PAYOUT_E_VALIDATION', `"${year.slice(0, 10)}" is not a four-digit year`);
        const reason = single(a, 'reason');
        if (reason === undefined || reason.trim() === '')
          throw new PayoutError('PAYOUT_E_VALIDATION', '--reason is required (e.g. the notice the list comes from)');
        const body = await api.post(`/v1/ops/calendars/${encodeURIComponent(cal)}/years/${year}`, { reason, file: readJsonFile(file) });
        print(body, (b) => [...formatYear(b), `waiting for a second person: ./dev payout calendar approve ${str(b['id'])}`]);
        return 0;
      }
      case 'imports':
        print(
          await api.get('/v1/ops/calendars/years', {
            status: single(a, 'status'),
            calendar: single(a, 'calendar'),
            limit: single(a, 'limit'),
          }),
          (b) => ((b['items'] ?? []) as Record<string, unknown>[]).flatMap(formatYear),
        );
        return 0;
      case 'show':
        print(await api.get(`/v1/ops/calendars/years/${one('calendar year id')}`), formatYear);
        return 0;
      case 'approve':
      case 'reject':
      case 'withdraw': {
        const reason = single(a, 'reason');
        if (cmd !== 'approve' && (reason === undefined || reason.trim() === ''))
          throw new PayoutError('PAYOUT_E_VALIDATION', '--reason is required');
        const body = await api.post(`/v1/ops/calendars/years/${one('calendar year id')}/${cmd}`, reason === undefined ? {} : { reason });
        print(body, (b) => {
          const cov = b['coverage'] as Record<string, unknown> | undefined;
          return [
            ...formatYear((b['calendarYear'] ?? {}) as Record<string, unknown>),
            ...(cov ? [`${str(cov['calendar'])} now covered until ${str(cov['lastCoveredDay'])} (${str(cov['daysLeft'])} days left)`] : []),
          ];
        });
        return 0;
      }
      case 'alerts':
        print(await api.get('/v1/ops/alerts', { limit: single(a, 'limit') }), (b) =>
          ((b['items'] ?? []) as Record<string, unknown>[]).map(
            (x) => `${str(x['raisedAt'])}  ${str(x['severity']).padEnd(8)} ${str(x['message'])}`,
          ),
        );
        return 0;
      default:
        throw new PayoutError('PAYOUT_E_VALIDATION', `unknown calendar command ${String(cmd)}`);
    }
  } catch (err) {
    if (err instanceof ApiProblem)
      return fail(err.code, `${err.message}${err.requestId === undefined ? '' : ` (request ${err.requestId})`}`);
    if (!isPayoutError(err)) throw err;
    const problems = (err.details as { problems?: unknown } | undefined)?.problems;
    if (err.code === 'PAYOUT_E_CALENDAR_IMPORT_INVALID' && Array.isArray(problems) && !json) {
      io.stderr(`error [${err.code}]: the file was refused:`);
      for (const p of problems) io.stderr(`  - ${String(p)}`);
      io.stderr(`  ${HINTS[err.code] ?? ''}`);
      return 1;
    }
    return fail(err.code, err.message);
  }
}

/**
 * Installs the approved imported years from DATABASE_URL into this CLI process, so month
 * views, coverage and plans answer as the services do. Without DATABASE_URL only the
 * built-in years are known (and the command says so).
 */
export async function installImportedYearsFrom(env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const url = env['DATABASE_URL'];
  if (url === undefined || url === '') return undefined;
  const db = createDb({ url, maxConnections: 1, applicationName: 'payout-cli' });
  try {
    const r = await syncCalendarYears(db);
    return r.years.length === 0 ? 'no imported years' : `imported: ${r.years.join(', ')}`;
  } finally {
    await db.destroy();
  }
}
