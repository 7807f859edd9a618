// Public API of @payout/ledger: the double-entry ledger core, positions, the liquidity gate,
// the pre-funding plan, forecast and backtest. Pure: no I/O, no clock — every function takes
// its dates. The Postgres store implementing LedgerStore is in @payout/db (`@payout/db/ledger`).

// accounts and postings
export {
  ACCOUNT_KINDS,
  CONFIRMED_CASH_KINDS,
  accountKey,
  positionKey,
  isAccountKind,
  isConfirmedCashKind,
  type AccountKind,
  type LedgerAccountRef,
} from './accounts/ledger-account.ts';
export { fundingAccountOfChannel } from './accounts/channel-funding-account.ts';
export {
  PAYOUT_POSTING_STEPS,
  FUNDING_POSTING_STEPS,
  type Posting,
  type PostingEntry,
  type PostingCause,
  type PayoutPostingStep,
  type FundingPostingStep,
} from './postings/posting.ts';
export { buildPosting, assertBalanced, sumsByCurrency, type PostingDraft } from './postings/posting.builder.ts';
export { payoutPostingId, fundingPostingId, openingBalancePostingId, adjustmentPostingId } from './postings/posting-id.ts';
export { postingToJson, postingFromJson, postingFingerprint, type PostingJson } from './postings/posting-json.ts';

// lifecycle → postings
export {
  PAYOUT_LEDGER_EVENT_TYPES,
  FUNDING_LEDGER_EVENT_TYPES,
  type PayoutLedgerEvent,
  type PayoutLedgerEventType,
  type FundingLedgerEvent,
  type FundingLedgerEventType,
} from './lifecycle/payout-ledger-event.ts';
export type { PostingDecision } from './lifecycle/posting-decision.ts';
export { postingsForPayoutEvent } from './lifecycle/payout.postings.ts';
export { postingsForFundingEvent } from './lifecycle/funding.postings.ts';
export { recordPayoutEvent, recordFundingEvent } from './lifecycle/record-event.ts';
export {
  openingBalancePosting,
  adjustmentPosting,
  type OpeningBalanceInput,
  type AdjustmentInput,
} from './lifecycle/statement.postings.ts';

// positions and drift
export { accountBalances, trialBalance, type AccountBalance } from './positions/account-balances.ts';
export {
  computePositions,
  computePosition,
  emptyPosition,
  requirePosition,
  positionsFromKindBalances,
  type Position,
} from './positions/position.ts';
export type { StatementBalanceFact } from './positions/statement-balance.ts';
export { driftReport, type DriftLine } from './positions/drift.report.ts';

// store port
export type { LedgerStore, AppendResult } from './ports/ledger-store.port.ts';
export { InMemoryLedgerStore } from './ports/in-memory-ledger-store.ts';

// liquidity gate and funding windows
export { resolveFundingAccount, type FundingAccountConfig, type ResolvedFundingAccount } from './liquidity/funding-account.config.ts';
export { fundingDeadline, nextFundingOpportunity, type FundingDeadline } from './liquidity/funding-window.ts';
export {
  decideLiquidity,
  type GateCandidate,
  type GateDecision,
  type GateOptions,
  type GatePolicy,
  type GateResult,
} from './liquidity/liquidity-gate.ts';

// forecast
export {
  QUANTILE_METHODS,
  quantile,
  parseQuantile,
  formatQuantile,
  assertQuantileBps,
  type QuantileMethod,
  type QuantileBps,
  type QuantileResult,
} from './forecast/quantile.ts';
export { DAY_KINDS, DEFAULT_LONG_RUN_DAYS, makeDayClassifier, type ForecastDayKind, type DayClass } from './forecast/day-kind.ts';
export {
  calendarGapOf,
  dayStatus,
  describeGap,
  type CalendarGapReason,
  type UncoveredDay,
  type DayStatus,
} from './forecast/calendar-gap.ts';
export {
  DEFAULT_FORECAST_SETTINGS,
  makeOutflowForecaster,
  type OutflowForecaster,
  type OutflowObservation,
  type ForecastSettings,
  type ForecastBasis,
  type DayForecast,
} from './forecast/outflow-forecast.ts';

// pre-funding plan
export {
  staticLiquidityInputsSource,
  type LiquidityInputs,
  type LiquidityInputsSource,
  type ScheduledPayout,
  type ConfirmedInflow,
  type AccountOutflowObservation,
} from './plan/liquidity-inputs.ts';
export { parseLiquidityInputs } from './plan/liquidity-inputs.parse.ts';
export {
  planPrefunding,
  DEFAULT_PLAN_SETTINGS,
  type PrefundingPlan,
  type PrefundingRequest,
  type AccountPlan,
  type PlanCalendarGap,
  type FundingTransfer,
  type PlanSettings,
} from './plan/prefunding.plan.ts';
export { fundingAlerts, type FundingAlert, type DeadlineAlert, type CalendarGapAlert, type AlertOptions } from './plan/funding-alerts.ts';
export { fundingRun, UNCOVERED_LOOKAHEAD_DAYS, type FundingRun } from './plan/funding-run.ts';
export { formatPrefundingPlan, formatLocalInstant } from './plan/plan.format.ts';
export { toJsonSafe } from './plan/json-safe.ts';

// backtest
export { makePrng, type Prng } from './backtest/prng.ts';
export { syntheticOutflowHistory, type SyntheticHistoryOptions } from './backtest/synthetic-history.ts';
export { runBacktest, DEFAULT_BACKTEST_END, type BacktestOptions, type BacktestReport } from './backtest/backtest.ts';
export { formatBacktestReport, formatBps } from './backtest/backtest.format.ts';
