// Public API of @payout/statements. Pure: no file or network I/O; callers hand in chunks.
export {
  STATEMENT_FORMATS,
  isStatementFormat,
  type AccountIdScheme,
  type BankTransactionCode,
  type Counterparty,
  type LineDirection,
  type LineStatus,
  type ReturnReason,
  type Statement,
  type StatementAccount,
  type StatementBalance,
  type StatementFormat,
  type StatementHeader,
  type StatementLine,
  type StatementSequence,
  type StatementTotals,
  type StatementWarning,
} from './statement.model.ts';
export type { StatementEvent } from './statement-event.ts';
export type { StatementParseOptions } from './statement-parser.ts';
export { STATEMENT_ENCODINGS, statementEncoding, type StatementEncoding, type StatementSource } from './source/decode-source.ts';
export { streamStatements, streamStatementBatches, parseStatements, parseStatementText, type StatementFile } from './parse-statements.ts';
export { detectFormat, DETECT_HEAD_CHARS } from './detect-format.ts';
export { checkContinuity, totalsOf, type ContinuityResult } from './continuity/continuity.ts';
export { checkSequence, type SequenceBreak, type SequenceResult } from './continuity/sequence.ts';
export { parseCsvMapping, type CsvMapping, type CsvColumns, type ColumnRef } from './csv/csv-mapping.ts';
export { SUPPORTED_CAMT_VERSIONS } from './camt/camt-namespace.ts';
export { writeCamt053, type Camt053WriteOptions } from './writers/camt053.writer.ts';
export { writeMt940, type Mt940WriteOptions } from './writers/mt940.writer.ts';
export type { WritableLine, WritableStatement } from './writers/writable-statement.ts';
// CSV with a key,value preamble (statement number and balances above the table), and the CN bank preset.
export { streamCsvWithPreamble, parseCsvWithPreamble, type CsvPreamble, type CsvWithPreambleOptions } from './csv/csv-preamble.ts';
export { CN_BANK_CSV } from './csv/cn-bank-csv.preset.ts';
export {
  streamStatementFile,
  isStatementFileFormat,
  STATEMENT_FILE_FORMATS,
  type StatementFileFormat,
  type StatementFileOptions,
} from './stream-statement-file.ts';
// Statement matching: which lines answer which unresolved payout attempts (pure, streaming).
export {
  StatementMatcher,
  matchLines,
  type AttemptMatch,
  type KnownReturn,
  type MatchOptions,
  type MatchResult,
  type MatchStats,
  type StatementException,
  type StatementExceptionKind,
} from './match/match.ts';
export { lineRef, retainedLine, type KnownAttemptRef, type LineRef, type UnresolvedAttempt, type VerifyLine } from './match/match.model.ts';
