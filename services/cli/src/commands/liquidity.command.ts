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
import { defineCommand, helpText, parseCommand, subcommandOf, type OptionValues } from '../args.ts';
import { ACCOUNTS_SPEC, ACCOUNTS_USAGE, liquidityAccounts } from './liquidity-accounts.command.ts';
import { databaseFromEnv, type LiquidityDatabase } from './liquidity-database.ts';
import { FUND_SPEC, FUND_USAGE, liquidityFund } from './liquidity-fund.command.ts';
import { jsonFileLiquidityInputsSource } from './liquidity-inputs.file-source.ts';

const PLAN_LINES = [
  '  payout liquidity plan [--date YYYY-MM-DD] [--now INSTANT] [--inputs FILE] [--quantile 0.95] [--json]',
  '      the pre-funding plan: for each funding account, the next run of non-business days, what',
  '      it must hold, the transfer to make and its deadline; alerts for deadlines near a shortfall.',
  '      Days a calendar has no data for (a year not imported yet) make the plan PARTIAL: they are',
  '      listed as unknown, never used as business days, and an alert names the year to import',
];
const BACKTEST_LINES = [
  '  payout liquidity backtest [--quantile 0.95] [--days 120] [--seed N] [--end YYYY-MM-DD]',
  '                            [--method predictive|nearest_rank] [--json]',
  '      replays the funding rule over synthetic history (CN calendar, National Day and Spring',
  '      Festival included) and prints the shortfall rate and the idle cash',
];
const PLAN_SOURCES = [
  'With DATABASE_URL set, `plan` reads positions from the ledger, scheduled payouts and outflow',
  'history from Postgres and the funding accounts from `liquidity accounts`, and records the plan',
  'with its inputs (liquidity_plans). --inputs FILE plans from a file instead, recording nothing',
  '(example: services/cli/src/commands/fixtures/liquidity-inputs.example.json).',
];

const USAGE = ['usage:', ...PLAN_LINES, ...BACKTEST_LINES, ACCOUNTS_USAGE, FUND_USAGE, '', ...PLAN_SOURCES].join('\n');

const QUANTILE = { type: 'string', value: 'Q', description: 'the outflow quantile to hold, 0.5 to 0.9999 (default 0.95)' } as const;
const JSON_OPTION = { type: 'boolean', description: 'print the result as JSON' } as const;

const PLAN_SPEC = defineCommand({
  usage: ['usage:', ...PLAN_LINES, '', ...PLAN_SOURCES].join('\n'),
  options: {
    date: { type: 'string', value: 'YYYY-MM-DD', description: "plan as of this business date (default: today in each account's zone)" },
    now: { type: 'string', value: 'INSTANT', description: 'the instant to plan at (default: now)' },
    inputs: { type: 'string', value: 'FILE', description: 'plan from a JSON inputs file instead of the database (records nothing)' },
    quantile: QUANTILE,
    json: JSON_OPTION,
  },
});

const BACKTEST_SPEC = defineCommand({
  usage: ['usage:', ...BACKTEST_LINES].join('\n'),
  options: {
    quantile: QUANTILE,
    days: { type: 'string', value: 'N', description: 'days of history to replay (default 120)' },
    seed: { type: 'string', value: 'N', description: "the synthetic history's seed (default 42)" },
    end: { type: 'string', value: 'YYYY-MM-DD', description: `the last day replayed (default ${DEFAULT_BACKTEST_END})` },
    method: { type: 'string', value: 'METHOD', description: `quantile method: ${QUANTILE_METHODS.join(' or ')} (default predictive)` },
    json: JSON_OPTION,
  },
});

const SUBCOMMANDS = { plan: PLAN_SPEC, backtest: BACKTEST_SPEC, accounts: ACCOUNTS_SPEC, fund: FUND_SPEC };

const HINTS: Readonly<Record<string, string>> = {
  PAYOUT_E_CALENDAR_NO_DATA: 'the history reaches back before the years the calendar has data for; see ./dev payout calendar coverage',
  PAYOUT_E_VALIDATION: 'run ./dev payout liquidity --help for the accepted forms',
  PAYOUT_E_CONFIG_INVALID: 'fix the funding account configuration named in the message',
  PAYOUT_E_INVALID_AMOUNT: "give the amount as a plain decimal in major units with at most the currency's decimals, e.g. 5000.00",
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
    const sub = subcommandOf(argv, SUBCOMMANDS);
    if (sub === undefined || sub === 'help') {
      const help = sub === 'help' || argv.includes('--help') || argv.includes('-h');
      (help ? io.stdout : io.stderr)(USAGE);
      return help ? 0 : 2;
    }
    const rest = argv.filter((_, i) => i !== argv.indexOf(sub));
    try {
      if (sub === 'accounts') return await withDatabase(deps, io, (db) => liquidityAccounts(rest, io, db));
      if (sub === 'fund') return await withDatabase(deps, io, (db) => liquidityFund(rest, io, db, deps.clock()));
      if (sub === 'plan') {
        const parsed = parseCommand(PLAN_SPEC, rest);
        return parsed.help ? printHelp(io, helpText(PLAN_SPEC)) : await plan(parsed.values, io, deps);
      }
      if (sub === 'backtest') {
        const parsed = parseCommand(BACKTEST_SPEC, rest);
        return parsed.help ? printHelp(io, helpText(BACKTEST_SPEC)) : backtest(parsed.values, io);
      }
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

type PlanOptions = OptionValues<typeof PLAN_SPEC.options>;
type BacktestOptions = OptionValues<typeof BACKTEST_SPEC.options>;

async function plan(opts: PlanOptions, io: CliIo, deps: LiquidityCommandDeps): Promise<number> {
  const now = opts.now === undefined ? deps.clock() : parseIsoInstant(opts.now);
  const asOf = opts.date === undefined ? undefined : parseLocalDate(opts.date);
  const file = opts.inputs;
  const quantile = opts.quantile === undefined ? undefined : { quantileBps: parseQuantile(opts.quantile) };
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
    if (opts.json === true)
      io.stdout(JSON.stringify(toJsonSafe({ source: source.description, recordedPlanId: recorded?.id, plan: result, alerts }), null, 2));
    else {
      io.stdout(`inputs: ${source.description}`);
      if (inputs.accounts.length === 0)
        io.stdout('no funding accounts configured — add them with ./dev payout liquidity accounts --import FILE');
      for (const line of formatPrefundingPlan(result, alerts)) io.stdout(line);
      if (recorded !== undefined) io.stdout(`recorded as liquidity plan ${recorded.id} (with its inputs)`);
    }
    return 0;
  }
}

/** Opens the deployment's database (undefined when none is configured) and always closes it. */
async function withDatabase(
  deps: LiquidityCommandDeps,
  io: CliIo,
  fn: (db: LiquidityDatabase | undefined) => Promise<number>,
): Promise<number> {
  const db = await deps.database?.(io);
  try {
    return await fn(db);
  } finally {
    await db?.close();
  }
}

function backtest(opts: BacktestOptions, io: CliIo): number {
  const method = opts.method ?? 'predictive';
  if (!(QUANTILE_METHODS as readonly string[]).includes(method))
    return usageError(io, `--method must be one of ${QUANTILE_METHODS.join(', ')}`);
  const report = runBacktest({
    quantileBps: parseQuantile(opts.quantile ?? '0.95'),
    days: integer(opts.days ?? '120', '--days'),
    seed: integer(opts.seed ?? '42', '--seed'),
    end: parseLocalDate(opts.end ?? DEFAULT_BACKTEST_END),
    method: method as QuantileMethod,
  });
  if (opts.json === true) io.stdout(JSON.stringify(toJsonSafe(report), null, 2));
  else for (const line of formatBacktestReport(report)) io.stdout(line);
  return 0;
}

function integer(s: string, flag: string): number {
  if (!/^\d{1,9}$/.test(s)) throw new PayoutError('PAYOUT_E_VALIDATION', `${flag} must be a whole number, got '${s.slice(0, 20)}'`);
  return Number(s);
}

function printHelp(io: CliIo, text: string): number {
  io.stdout(text);
  return 0;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`error [PAYOUT_E_VALIDATION]: ${message} — run ./dev payout liquidity --help`);
  return 2;
}
