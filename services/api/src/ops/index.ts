// The ops API (issue 10): see, retry and force-resolve stuck payouts, accountably.
export { registerOpsRoutes } from './http/ops.routes.ts';
export { opsDepsFrom, type OpsOptions } from './ops-options.ts';
export {
  DEFAULT_OPS_SETTINGS,
  type OpsDeps,
  type OpsSettings,
  type OpsWorkHints,
  type OpsLedgerPort,
  type OpsLedgerReader,
  type AttemptResolutionFact,
  type TimelinePosting,
} from './ops-deps.ts';
export type { OpsActor, OpsRequestContext, OpsOutcome } from './ops-context.ts';
export { OPS_ROLES, OPS_ACTIONS, roleMayPerform, type OpsRole, type OpsAction } from './policy/ops-role.ts';
export { DEFAULT_STUCK_THRESHOLDS, STUCK_STATES, type StuckState, type StuckThresholds } from './policy/stuck-thresholds.ts';
export type { ForceResolveEvidence } from './policy/force-resolve-evidence.ts';
