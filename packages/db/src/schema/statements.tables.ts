import type { Generated, GeneratedAlways } from 'kysely';
import type { DefaultedJson, DefaultedTimestamp, Json, LocalDateColumn, Timestamp } from './columns.ts';

// Tables of migrations 0090_statements and 0150_statement_warnings (../migrations/).
// Lines are written with COPY (statements/insert-lines.ts), not through these types.

export interface StatementFilesTable {
  id: string;
  bank_id: string;
  content_sha256: string;
  format: string;
  source: 'adapter' | 'cli' | 'api' | 'test';
  byte_size: bigint;
  statement_count: number;
  line_count: number;
  ingested_by: string;
  ingested_at: DefaultedTimestamp;
}

export interface BankStatementsTable {
  id: string;
  file_id: string;
  bank_id: string;
  account_id: string;
  statement_id: string;
  page: Generated<number>;
  last_page: boolean | null;
  electronic_seq: string | null;
  legal_seq: string | null;
  format: string;
  version: string | null;
  currency: string;
  statement_date: LocalDateColumn;
  period_from: LocalDateColumn | null;
  period_to: LocalDateColumn | null;
  bank_created_at: string | null;
  opening_minor: bigint | null;
  closing_minor: bigint | null;
  credits_minor: bigint;
  debits_minor: bigint;
  credit_count: number;
  debit_count: number;
  line_count: number;
  balance_check: 'ok' | 'mismatch' | 'not_applicable';
  chain_status: 'continuous' | 'broken' | 'unverifiable' | 'first';
  chain_detail: DefaultedJson<Record<string, unknown>>;
  matched_at: Timestamp | null;
  ingested_at: DefaultedTimestamp;
  /** Parser warnings (a non-empty JSON array), null when none. */
  warnings: Json<unknown[]> | null;
}

export interface StatementLinesTable {
  id: GeneratedAlways<bigint>;
  statement_row_id: string;
  line_index: number;
  entry_index: number;
  bank_id: string;
  account_id: string;
  currency: string;
  amount_minor: bigint;
  direction: 'debit' | 'credit';
  reversal: boolean;
  status: 'booked' | 'pending' | 'info';
  booking_date: LocalDateColumn | null;
  value_date: LocalDateColumn | null;
  bank_reference: string | null;
  customer_reference: string | null;
  end_to_end_id: string | null;
  uetr: string | null;
  bank_tx_code: string | null;
  is_return: boolean;
  return_code: string | null;
  return_info: string | null;
  counterparty_name: string | null;
  counterparty_account: string | null;
  remittance_info: string | null;
  location: string;
  raw: string;
  attempt_id: string | null;
  payout_id: string | null;
  match_kind: 'end_to_end_id' | 'uetr' | 'fallback' | null;
  /** Parser warnings (a non-empty JSON array), null when none. */
  warnings: Json<unknown[]> | null;
}

export type StatementExceptionKind =
  'unmatched_debit' | 'debit_for_failed_attempt' | 'duplicate_debit' | 'amount_mismatch' | 'unlinked_return' | 'return_contradiction';

export interface StatementExceptionsTable {
  id: GeneratedAlways<bigint>;
  line_id: bigint;
  bank_id: string;
  account_id: string;
  kind: StatementExceptionKind;
  attempt_id: string | null;
  payout_id: string | null;
  detail: string;
  created_at: DefaultedTimestamp;
  resolved_at: Timestamp | null;
  resolution: string | null;
}

export type VerificationOutcome = 'succeeded' | 'failed' | 'returned' | 'manual_review' | 'deferred';

export interface PayoutVerificationsTable {
  id: GeneratedAlways<bigint>;
  payout_id: string;
  attempt_id: string;
  outcome: VerificationOutcome;
  reason: string;
  evidence_line_id: bigint | null;
  candidates: DefaultedJson<unknown[]>;
  coverage: DefaultedJson<Record<string, unknown>>;
  bank_verdict: DefaultedJson<Record<string, unknown>>;
  actor: string;
  created_at: DefaultedTimestamp;
}
