// Public API of @payout/db: the only package that writes SQL.
export { createDb, type Db, type DbOptions } from './database.ts';
export { migrateToLatest, migrateDatabaseUrl } from './migrate.ts';
export { MIGRATIONS } from './migrations/migration-list.ts';
export {
  NEXT_ACTIONS,
  API_SCOPES,
  OPERATOR_ROLES,
  type Database,
  type NextAction,
  type ApiScope,
  type OperatorRole,
  type BeneficiaryJson,
} from './schema/database.types.ts';

export { payoutFromRow, type PayoutRecord, type PayoutRow } from './payouts/payout.record.ts';
export { acceptPayouts, type NewPayout, type AcceptResult, type FundingAccountRefusal } from './payouts/accept-payouts.ts';
export {
  getPayoutDetail,
  listPayouts,
  type PayoutDetail,
  type PayoutEventRecord,
  type PayoutListFilter,
  type PayoutPage,
} from './payouts/payout-query.repository.ts';
export { encodeCursor, decodeCursor, type KeysetPosition } from './payouts/keyset-cursor.ts';

// Attempts are written by the lifecycle (lifecycle/write-lifecycle-batch.repository.ts); intake only reads them.
export { listAttempts } from './attempts/attempt.repository.ts';
export { claimOverduePayouts, databaseNow, type OverduePayout, type ClaimOverdueOptions } from './sweep/claim-overdue-payouts.ts';

export {
  createApiClient,
  issueApiKey,
  findPrincipalByKey,
  revokeApiKey,
  isApiScope,
  isOperatorRole,
  CLIENT_ID_PATTERN,
  type ApiPrincipal,
  type IssuedApiKey,
} from './clients/api-client.repository.ts';
export { generateApiKey, hashApiKey, looksLikeApiKey, API_KEY_PREFIX } from './clients/api-key.ts';

export { recordIntakeRejections, type NewIntakeRejection } from './rejections/intake-rejection.repository.ts';
export { appendAuditEntries, type NewAuditEntry } from './audit/audit.repository.ts';
export {
  queryAuditLog,
  encodeAuditCursor,
  decodeAuditCursor,
  isAuditOutcome,
  AUDIT_OUTCOMES,
  type AuditLogEntry,
  type AuditLogFilter,
  type AuditLogPage,
  type AuditOutcome,
  type AuditTextMatch,
} from './audit/audit-log.query.ts';

export { createMicroBatcher, type MicroBatcher, type MicroBatcherOptions, type Settled } from './batch/micro-batcher.ts';
export { createIntakeWriter, type IntakeWriter, type IntakeWriterOptions } from './intake/intake-writer.ts';

export { sqlState, isRetryableConflict, isRowDataError, isUniqueViolation, describeDbError, isDbUnavailable } from './support/pg-errors.ts';
export { uuidv7 } from './support/uuid-v7.ts';
export { pingDatabase } from './support/ping-database.ts';

// The payout lifecycle (submit, poll, escalate, notify): claims, batch writes, day usage, outbox delivery, stats.
export * from './lifecycle/index.ts';

// Ops (issue 10): stuck lists, maker-checker proposals, bulk previews, bank request/answer log.
export * from './ops/index.ts';

// Statements and next-day verification (issue 8): ingestion, stored statements and lines, exceptions, verification history.
export * from './statements/index.ts';

// Calendars as reference data (issue 14): imported years (maker-checker) and ops alerts.
export * from './calendars/index.ts';

// Gauges a Prometheus scrape reads from the source of truth (issue 21): unknown attempts by age, verification, due work, outbox.
export {
  readOpsGauges,
  UNKNOWN_ATTEMPT_AGE_BUCKETS,
  type OpsGauges,
  type UnknownAttemptAgeBucket,
} from './metrics/ops-gauges.repository.ts';
