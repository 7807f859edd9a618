import { PayoutError } from '@payout/domain';
import type { FundingAccountConfig, LiquidityInputsSource, PrefundingPlan } from '@payout/ledger';
import type { CliIo } from '../cli-io.ts';
import type { FundingSentInput, FundingSentOutcome } from '@payout/db/ledger';

/** The database side of `liquidity fund`: recordFundingSent with the CLI's actor filled in. */
export type RecordFundingSent = (input: Omit<FundingSentInput, 'actor'>) => Promise<FundingSentOutcome>;

/**
 * The deployment's database as the liquidity commands use it: the Postgres inputs source,
 * recording plans with their inputs, and the funding-account configuration. One short-lived
 * pool per command; `close()` ends it.
 */
export interface LiquidityDatabase {
  readonly source: LiquidityInputsSource;
  /** Records the plan and its inputs in liquidity_plans; returns the record id. */
  record(plan: PrefundingPlan, source: string): Promise<{ readonly id: string }>;
  readonly accounts: {
    list(): Promise<readonly FundingAccountConfig[]>;
    save(configs: readonly FundingAccountConfig[]): Promise<{ readonly saved: readonly string[]; readonly unchanged: readonly string[] }>;
    deactivate(id: string): Promise<boolean>;
  };
  /** Funding transfers treasury sent (the ledger's funding_sent), audited as the CLI's actor. */
  readonly funding: { readonly recordSent: RecordFundingSent };
  close(): Promise<void>;
}

/** Who the CLI records as the author of plans and configuration changes. */
export function cliActor(io: CliIo): string {
  const user = io.env['USER'] ?? io.env['LOGNAME'] ?? 'unknown';
  return `cli:${user.slice(0, 64)}`;
}

/**
 * The Postgres database at DATABASE_URL, or undefined when it is not set. The driver and the
 * ledger store load only when a database is used.
 */
export async function databaseFromEnv(io: CliIo): Promise<LiquidityDatabase | undefined> {
  const url = io.env['DATABASE_URL'];
  if (url === undefined || url === '') return undefined;
  const [dbm, store] = await Promise.all([import('@payout/db'), import('@payout/db/ledger')]);
  const db = dbm.createDb({ url, maxConnections: 2, applicationName: 'payout-cli-liquidity' });
  // Plan with the calendar years the services use: the built-in ones and the approved imports.
  await schemaHint(() => dbm.syncCalendarYears(db)).catch(async (err: unknown) => {
    await db.destroy();
    throw err;
  });
  const actor = cliActor(io);
  const source = store.pgLiquidityInputsSource(db, { description: 'postgres (DATABASE_URL)' });
  return {
    source: { description: source.description, load: (r) => schemaHint(() => source.load(r)) },
    record: (plan, description) => schemaHint(() => store.recordLiquidityPlan(db, { plan, source: description, recordedBy: actor })),
    accounts: {
      list: () => schemaHint(() => store.listFundingAccounts(db)),
      save: (configs) => schemaHint(() => store.saveFundingAccounts(db, configs, { actor })),
      deactivate: (id) => schemaHint(() => store.deactivateFundingAccount(db, id, { actor })),
    },
    funding: { recordSent: (input) => schemaHint(() => store.recordFundingSent(db, { ...input, actor })) },
    close: () => db.destroy(),
  };
}

/** A database without the ledger tables answers 42P01: say what to do instead of a stack trace. */
async function schemaHint<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { code?: unknown }).code === '42P01') {
      throw new PayoutError(
        'PAYOUT_E_CONFIG_INVALID',
        'the database at DATABASE_URL has no ledger tables — run ./dev payout migrate first',
        {},
        { cause: err },
      );
    }
    throw err;
  }
}
