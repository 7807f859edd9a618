// Statements and next-day verification (issue 8); re-exported by the package index.
export {
  ingestStatementFile,
  type IngestStatementFileInput,
  type IngestResult,
  type IngestedStatement,
  type StatementFileSource,
} from './ingest-statement-file.ts';
export { compareStatements, headerOf, chainOf, type StoredStatementRecord, type ChainStatus } from './stored-statement.ts';
export { type StoredLineRecord } from './statement-line.record.ts';
export {
  claimDueVerifications,
  countDueVerifications,
  lockPayoutsForVerification,
  type PayoutForVerification,
  type VerifyAttemptRecord,
  payoutsWithStatementEvidence,
  loadStatements,
  latestStatementDate,
  linesForAttempts,
  unreferencedDebits,
  unmatchedStatements,
  linesNeedingReview,
} from './verification-reads.repository.ts';
export {
  recordVerifications,
  recordStatementExceptions,
  resolveStatementExceptions,
  linkFallbackLines,
  markStatementsMatched,
  listStatementExceptions,
  type NewVerification,
  type NewStatementException,
  type StatementExceptionKind,
  type StatementExceptionRecord,
  type VerificationOutcome,
} from './verification-writes.repository.ts';
export { statementLedgerLines, type StatementLedgerLine } from './statement-ledger-lines.repository.ts';
export { fundingCreditLines, type FundingCreditLine } from './funding-credit-lines.repository.ts';
