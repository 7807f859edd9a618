import { parseIsoInstant, parseLocalDate } from '@payout/calendar';
import { isPayoutError, PayoutError } from '@payout/domain';
import {
  DEFAULT_BACKTEST_END,
  QUANTILE_METHODS,
  formatBacktestReport,
  formatPrefundingPlan,
  fundingAlerts,
  parseQuantile,
  planPrefunding,
  runBacktest,
  toJsonSafe,
  type LiquidityInputsSource,
  type QuantileMethod,
} from '@payout/ledger';
import type { CliCommand, CliIo } from '../cli-io.ts';
import { ACCOUNTS_USAGE, liquidityAccounts } from './liquidity-accounts.command.ts';
import { databaseFromEnv, type LiquidityDatabase } from './liquidity-database.ts';
import { FUND_USAGE, liquidityFund } from './liquidity-fund.command.ts';
import { jsonFileLiquidityInputsSource } from './liquidity-inputs.file-source.ts';

const USAGE = [
  'usage:',
  '  payout liquidity plan [--date YYYY-MM-DD] [--now INSTANT] [--inputs FILE] [--quantile 0.95] [--json]',
  '      the pre-funding plan: for each funding account, the next run of non-business days, what',
  '      it must hold, the transfer to make and its deadline; alerts for deadlines near a shortfall.',
  '      Days a calendar has no data for (a year not imported yet) make the plan PARTIAL: they are',
  '      listed as unknown, never used as business days, and an alert names the year to import',
  '  payout liquidity backtest [--quantile 0.95] [--days 120] [--seed N] [--end YYYY-MM-DD]',
  '                            [--method predictive|nearest_rank] [--json]',
  '      replays the funding rule over synthetic history (CN calendar, National Day and Spring',
  '      Festival included) and prints the shortfall rate and the idle cash',
  ACCOUNTS_USAGE,
  FUND_USAGE,
  '',
  'With DATABASE_URL set, `plan` reads positions from the ledger, scheduled payouts and outflow',
  'history from Postgres and the funding accounts from `liquidity accounts`, and records the plan',
  'with its inputs (liquidity_plans). --inputs FILE plans from a file instead, recording nothing',
  '(example: services/cli/src/commands/fixtures/liquidity-inputs.example.json).',
].join('\n');

const HINTS: Readonly<Record<string, string>> = {
  PAYOUT_E_CALENDAR_NO_DATA: 'the history reaches back before the years the calendar has data for; see ./dev payout calendar coverage',
  PAYOUT_E_VALIDATION: 'run ./dev payout liquidity --help for the accepted forms',
  PAYOUT_E_CONFIG_INVALID: 'fix the funding account configuration named in the message',
  PAYOUT_E_INVALID_AMOUNT: 'give the amount as a plain decimal in major units with at most the currency\'s decimals, e.g. 5000.00',
  PAYOUT_E_CONFLICT: 'each funding transfer needs its own reference',
};

export interface LiquidityCommandDeps {
  readonly clock: () => Date;
  /** The database-backed inputs source, when the deployment has one configured. */
  readonly databaseSource?: ((io: CliIo) => LiquidityInputsSource | undefined) | undefined;
  /** The deployment's database (DATABASE_URL): inputs, recorded plans, funding accounts. */
  readonly database?: ((io: CliIo) => Promise<LiquidityDatabase | undefined>) | undefined;
}

/**
 * `./dev payout liquidity plan|backtest|accounts|fund`. Exit 0 on success, 1 when the inputs or calendars
 * refuse the question, 2 for malformed arguments or when no inputs source is configured.
 */
export function makeLiquidityCommand(deps: LiquidityCommandDeps): CliCommand {
  return async (argv, io) => {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
      (sub === undefined ? io.stderr : io.stdout)(USAGE);
      return sub === undefined ? 2 : 0;
    }
    try {
      if (sub === 'accounts') return await withDatabase(deps, io, (db) => liquidityAccounts(rest, io, db));
      if (sub === 'fund') return await withDatabase(deps, io, (db) => liquidityFund(rest, io, db, deps.clock()));
      const opts = parseOptions(rest);
      if (opts.help) {
        io.stdout(USAGE);
        return 0;
      }
      if (sub === 'plan') return await plan(opts, io, deps);
      if (sub === 'backtest') return backtest(opts, io);
      return usageError(io, `unknown subcommand '${sub}'`);
    } catch (err) {
      if (!isPayoutError(err)) throw err;
      const hint = HINTS[err.code];
      io.stderr(`error [${err.code}]: ${err.message}${hint === undefined ? '' : ` — ${hint}`}`);
      return err.code === 'PAYOUT_E_VALIDATION' ? 2 : 1;
    }
  };
}

export const liquidityCommand: CliCommand = makeLiquidityCommand({ clock: () => new Date(), database: databaseFromEnv });

interface Options {
  readonly help: boolean;
  readonly json: boolean;
  readonly values: ReadonlyMap<string, string>;
}

const VALUE_FLAGS = new Set(['--date', '--now', '--inputs', '--quantile', '--days', '--seed', '--end', '--method']);

function parseOptions(args: readonly string[]): Options {
  const values = new Map<string, string>();
  let json = false;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') help = true;
    else if (VALUE_FLAGS.has(a)) {
      const v = args[++i];
      if (v === undefined) throw new PayoutError('PAYOUT_E_VALIDATION', `${a} needs a value`);
      values.set(a, v);
    } else throw new PayoutError('PAYOUT_E_VALIDATION', `unknown argument '${a.slice(0, 40)}'`);
  }
  return { help, json, values };
}

async function plan(opts: Options, io: CliIo, deps: LiquidityCommandDeps): Promise<number> {
  for (const f of ['--days', '--seed', '--end', '--method']) if (opts.values.has(f)) return usageError(io, `${f} belongs to \`liquidity backtest\``);
  const now = opts.values.has('--now') ? parseIsoInstant(opts.values.get('--now')) : deps.clock();
  const asOf = opts.values.has('--date') ? parseLocalDate(opts.values.get('--date')) : undefined;
  const file = opts.values.get('--inputs');
  const quantile = quantileSettings(opts);
  if (file !== undefined) return planFrom(jsonFileLiquidityInputsSource(file), undefined);
  const injected = deps.databaseSource?.(io);
  if (injected !== undefined) return planFrom(injected, undefined);
  return withDatabase(deps, io, async (db) => {
    if (db === undefined) {
      io.stderr(
        'error [PAYOUT_E_CONFIG_INVALID]: no liquidity inputs source: the database source (positions from the ledger, scheduled payouts and outflow history from Postgres) is not configured — set DATABASE_URL, or pass --inputs FILE (see services/cli/src/commands/fixtures/liquidity-inputs.example.json)',
      );
      return 2;
    }
    return planFrom(db.source, db);
  });

  /** Plans from `source`; a plan from the database is recorded there with its inputs. */
  async function planFrom(source: LiquidityInputsSource, db: LiquidityDatabase | undefined): Promise<number> {
    const inputs = await source.load({ now, asOf });
    const result = planPrefunding({ now, asOf, inputs, settings: quantile });
    const alerts = fundingAlerts(result, now);
    const recorded = db === undefined ? undefined : await db.record(result, source.description);
    if (opts.json) io.stdout(JSON.stringify(toJsonSafe({ source: source.description, recordedPlanId: recorded?.id, plan: result, alerts }), null, 2));
    else {
      io.stdout(`inputs: ${source.description}`);
      if (inputs.accounts.length === 0) io.stdout('no funding accounts configured — add them with ./dev payout liquidity accounts --import FILE');
      for (const line of formatPrefundingPlan(result, alerts)) io.stdout(line);
      if (recorded !== undefined) io.stdout(`recorded as liquidity plan ${recorded.id} (with its inputs)`);
    }
    return 0;
  }
}

function quantileSettings(opts: Options): { quantileBps: ReturnType<typeof parseQuantile> } | undefined {
  const q = opts.values.get('--quantile');
  return q === undefined ? undefined : { quantileBps: parseQuantile(q) };
}

/** Opens the deployment's database (undefined when none is configured) and always closes it. */
async function withDatabase(deps: LiquidityCommandDeps, io: CliIo, fn: (db: LiquidityDatabase | undefined) => Promise<number>): Promise<number> {
  const db = await deps.database?.(io);
  try {
    return await fn(db);
  } finally {
    await db?.close();
  }
}

function backtest(opts: Options, io: CliIo): number {
  for (const f of ['--date', '--now', '--inputs']) if (opts.values.has(f)) return usageError(io, `${f} belongs to \`liquidity plan\``);
  const method = opts.values.get('--method') ?? 'predictive';
  if (!(QUANTILE_METHODS as readonly string[]).includes(method)) return usageError(io, `--method must be one of ${QUANTILE_METHODS.join(', ')}`);
  const report = runBacktest({
    quantileBps: parseQuantile(opts.values.get('--quantile') ?? '0.95'),
    days: integer(opts.values.get('--days') ?? '120', '--days'),
    seed: integer(opts.values.get('--seed') ?? '42', '--seed'),
    end: parseLocalDate(opts.values.get('--end') ?? DEFAULT_BACKTEST_END),
    method: method as QuantileMethod,
  });
  if (opts.json) io.stdout(JSON.stringify(toJsonSafe(report), null, 2));
  else for (const line of formatBacktestReport(report)) io.stdout(line);
  return 0;
}

function integer(s: string, flag: string): number {
  if (!/^\d{1,9}$/.test(s)) throw new PayoutError('PAYOUT_E_VALIDATION', `${flag} must be a whole number, got '${s.slice(0, 20)}'`);
  return Number(s);
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`error [PAYOUT_E_VALIDATION]: ${message} — run ./dev payout liquidity --help`);
  return 2;
}
