// The ledger in Postgres (`@payout/db/ledger`): the LedgerStore of @payout/ledger (its port and
// contract suite stay there), the lifecycle's batch booking, positions and drift in SQL,
// funding-account configuration, the liquidity inputs source and recorded plans. Tables:
// migration 0100_ledger (../migrations/0100-ledger.ts), typed in ../schema/ledger.tables.ts.
export { PgLedgerStore } from './pg-ledger.store.ts';
export { appendPostings } from './append-postings.ts';
export {
  appendLifecyclePostings,
  isFundingLedgerEvent,
  type LedgerLifecycleEvent,
  type LifecyclePostingOutcome,
  type LifecyclePostingsOptions,
  type LifecyclePostingsResult,
} from './lifecycle-postings.ts';
export { loadPositions } from './positions.query.ts';
export { lockFundingAccounts } from './funding-account-lock.ts';
export { loadDrift } from './drift.query.ts';
export { recordStatementBalance } from './statement-balances.ts';
export { recordStatementsInLedger, type StatementIntakeOutcome } from './statement-intake.ts';
export {
  saveFundingAccounts,
  deactivateFundingAccount,
  listFundingAccounts,
  type SaveFundingAccountsResult,
} from './funding-accounts.repository.ts';
export { loadOutflowHistory } from './outflow-history.query.ts';
export { loadScheduledPayouts } from './scheduled-payouts.query.ts';
export { pgLiquidityInputsSource, type PgLiquidityInputsOptions } from './pg-liquidity-inputs.source.ts';
export { liquidityInputsToJson } from './liquidity-inputs.json.ts';
export {
  recordLiquidityPlan,
  getLiquidityPlan,
  listLiquidityPlans,
  replayRecordedPlan,
  type RecordedLiquidityPlan,
} from './liquidity-plan.repository.ts';
export { planLiquidityFromDatabase, type DatabasePlanRequest, type DatabasePlanResult } from './plan-from-database.ts';
export { fundingTransfersOf, type FundingTransfer, type FundingTransferState } from './funding-transfer.view.ts';
export { pendingFundingTransfers } from './pending-funding-transfers.query.ts';
export { recordFundingSent, FUNDING_REFERENCE, type FundingSentInput, type FundingSentOutcome } from './record-funding-sent.ts';
