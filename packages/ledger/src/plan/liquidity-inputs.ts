import type { Money } from '@payout/domain';
import type { LocalDate } from '@payout/calendar';
import type { FundingAccountConfig } from '../liquidity/funding-account.config.ts';
import type { Position } from '../positions/position.ts';

/** A payout accepted for a future execution date and not yet reserved (not submitted). */
export interface ScheduledPayout {
  readonly payoutId: string;
  readonly fundingAccountId: string;
  readonly amount: Money;
  readonly requestedExecutionDate: LocalDate;
}

/** Money confirmed to arrive (e.g. a settlement the counterparty's bank has confirmed), not yet on a statement. */
export interface ConfirmedInflow {
  readonly reference: string;
  readonly fundingAccountId: string;
  readonly amount: Money;
  readonly expectedDate: LocalDate;
}

/** One day's outflow of one account, for the forecast. */
export interface AccountOutflowObservation {
  readonly fundingAccountId: string;
  readonly date: LocalDate;
  readonly outflowMinor: bigint;
}

/** Everything the pre-funding plan reads; recorded with the plan for audit. */
export interface LiquidityInputs {
  readonly accounts: readonly FundingAccountConfig[];
  /** Positions derived from the ledger (computePositions). */
  readonly positions: readonly Position[];
  readonly scheduled: readonly ScheduledPayout[];
  readonly history: readonly AccountOutflowObservation[];
  readonly confirmedInflows: readonly ConfirmedInflow[];
}

/**
 * Where the plan's inputs come from. The Postgres implementation reads positions from the
 * ledger store, scheduled payouts and outflow history from the payouts tables, and accounts
 * from configuration; a JSON file or an in-memory value serve tests and the CLI meanwhile.
 *
 * @example
 *   const inputs = await source.load({ now: clock(), asOf: '2026-09-30' });
 *   const plan = planPrefunding({ now: clock(), asOf: '2026-09-30', inputs });
 */
export interface LiquidityInputsSource {
  /** Human description for logs and the CLI ("file ./inputs.json", "postgres …"). */
  readonly description: string;
  load(request: { readonly now: Date; readonly asOf?: LocalDate | undefined }): Promise<LiquidityInputs>;
}

/** A source that always answers with the same inputs (tests, files already parsed). */
export function staticLiquidityInputsSource(inputs: LiquidityInputs, description = 'static inputs'): LiquidityInputsSource {
  return { description, load: () => Promise.resolve(inputs) };
}
