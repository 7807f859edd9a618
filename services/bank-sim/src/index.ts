// Public API of @payout/bank-sim: start the simulator in-process (tests, demo) or use
// main.ts as a process. The HTTP API is documented in PROTOCOL.md.
export { startBankSim, buildBankSimApp, type RunningBankSim, type StartBankSimOptions } from './server.ts';
export {
  parseSimConfig,
  simConfigSchema,
  bankConfigSchema,
  SIM_OPERATIONS,
  REQUEST_BEHAVIOURS,
  TRANSACTION_BEHAVIOURS,
  OUTAGE_MODES,
  type SimConfig,
  type SimConfigInput,
  type SimBankConfig,
  type SimBankConfigInput,
  type SimOperation,
  type RequestBehaviour,
  type TransactionBehaviour,
  type OutageMode,
  type OutageConfig,
} from './config/sim-config.schema.ts';
export { defaultSimConfig } from './config/default-config.ts';
export { loadBankSimConfig, type BankSimProcessConfig } from './config/env-config.ts';
export { createSimClock, type SimClock } from './clock/sim-clock.ts';
export { SimBank, type ScriptedBehaviour, type StatementData } from './engine/sim-bank.ts';
export type { SimTransfer, LedgerEntry, IncomingTransfer } from './engine/sim-transfer.ts';
export type { RequestRecord } from './ground-truth/request-log.ts';
export { BankSimClient, type GroundTruthTransfer, type GroundTruthRequest } from './client/bank-sim.client.ts';
export { createBankSimLogger } from './logging/bank-sim-logger.ts';
