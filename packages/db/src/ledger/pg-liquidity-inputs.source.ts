import { addDays, localDateIn, type LocalDate } from '@payout/calendar';
import type { LiquidityInputs, LiquidityInputsSource } from '@payout/ledger';
import { listFundingAccounts } from './funding-accounts.repository.ts';
import type { Db } from '../database.ts';
import { loadOutflowHistory } from './outflow-history.query.ts';
import { loadPositions } from './positions.query.ts';
import { loadScheduledPayouts } from './scheduled-payouts.query.ts';

export interface PgLiquidityInputsOptions {
  /** Days of outflow history before the planning day (default 401: the forecast looks back 400). */
  readonly historyDays?: number;
  /** How far past the planning day scheduled payouts are read (default 45; the longest run plus its next business day is far shorter). */
  readonly scheduleDays?: number;
  /** Shown in the CLI and recorded with the plan (default "postgres"). */
  readonly description?: string;
}

/**
 * The pre-funding plan's inputs from Postgres:
 * - accounts: the active funding-account configurations (liquidity_funding_accounts);
 * - positions: sums of the ledger's postings per account and kind;
 * - scheduled: accepted or held payouts (no reservation yet) of each account, by requested
 *   execution date (payouts.requested_execution_date; none = due now);
 * - history: statement-confirmed daily outflow per account (ledger debits by booking date);
 * - confirmed inflows: none beyond the ledger's funding in transit, which the positions carry
 *   (returns count only once a statement shows them).
 *
 * @example
 *   const inputs = await pgLiquidityInputsSource(db).load({ now, asOf: '2026-09-30' });
 *   const plan = planPrefunding({ now, asOf: '2026-09-30', inputs });
 */
export function pgLiquidityInputsSource(db: Db, options: PgLiquidityInputsOptions = {}): LiquidityInputsSource {
  const historyDays = options.historyDays ?? 401;
  const scheduleDays = options.scheduleDays ?? 45;
  return {
    description: options.description ?? 'postgres',
    load({ now, asOf }): Promise<LiquidityInputs> {
      const read = async (tx: Db): Promise<LiquidityInputs> => {
        const accounts = await listFundingAccounts(tx);
        if (accounts.length === 0) return { accounts, positions: [], scheduled: [], history: [], confirmedInflows: [] };
        // Without --date each account plans from its own local date of `now`: read a window wide enough for every zone.
        const day: LocalDate = asOf ?? localDateIn(now, 'UTC');
        const historyEnd = asOf ?? addDays(day, 1);
        const pairs = accounts.map((a) => ({ id: a.id, currency: a.currency }));
        const positions = await loadPositions(tx, { fundingAccountIds: accounts.map((a) => a.id) });
        const scheduled = await loadScheduledPayouts(tx, pairs, day, addDays(day, scheduleDays));
        const history = await loadOutflowHistory(tx, pairs, addDays(day, -historyDays), historyEnd);
        return { accounts, positions, scheduled, history, confirmedInflows: [] };
      };
      // One snapshot: positions, scheduled payouts and history must describe the same moment.
      return db.isTransaction ? read(db) : db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
    },
  };
}
