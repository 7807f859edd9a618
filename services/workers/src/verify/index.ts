// The verify role (issue 8): next-day statement verification. The composition root starts it
// with `createVerifyWorker(deps).start()`; `verifyDue(deps)` runs one pass.
export { createVerifyWorker, createVerifyRunner, verifyDue, type VerifyWorker, type VerifyRunner } from './verify.worker.ts';
export { verifyChannel, type VerifyPassReport, type VerifyPassOptions } from './verify-pass.ts';
export { DEFAULT_VERIFY_SETTINGS, type VerifyDeps, type VerifyChannel, type VerifySettings } from './verify-deps.ts';
export { noopVerifyMetrics, type VerifyMetrics } from './verify-metrics.port.ts';
export { resolveAttempt, needsBankQuery, type Resolution, type AttemptCoverage } from './resolve.ts';
export { assessPeriod, type PeriodCoverage } from './coverage.ts';
export { verdictOf, type BankVerdict } from './bank-verdict.ts';
export { statementDueAt, latestDueStatementDate, type StatementSchedule } from './statement-availability.ts';
export { eventsOfFetchedStatement, sha256Hex } from './statement-events.ts';
export type { StoredStatement } from './verify.model.ts';
