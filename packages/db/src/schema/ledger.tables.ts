import type { ColumnType, GeneratedAlways } from 'kysely';
import type { DefaultedTimestamp, Json, LocalDateColumn, Timestamp } from './columns.ts';

// Tables of migration 0100_ledger (../migrations/0100-ledger.ts). The ledger's Postgres code
// (../ledger/) mostly speaks SQL through `sql` templates (unnest batches, sums, json_agg): it
// casts int8, dates and times to text there, so it reads the same whatever the pool's parsers.

export interface LedgerPostingsTable {
  seq: GeneratedAlways<bigint>;
  id: string;
  journal_id: string;
  /** The posting's cause (`PostingCause` of @payout/ledger). */
  cause: Json<Record<string, unknown>>;
  /** Derived from `cause` by the database (generated column). */
  payout_id: GeneratedAlways<string | null>;
  /** Derived from `cause` by the database (generated column). */
  transfer_id: GeneratedAlways<string | null>;
  effective_at: Timestamp;
  booking_date: LocalDateColumn | null;
  recorded_at: DefaultedTimestamp;
}

export interface LedgerEntriesTable {
  posting_seq: bigint;
  entry_index: number;
  funding_account_id: string;
  /** An `AccountKind` of @payout/ledger (the migration's CHECK lists them). */
  account_kind: string;
  currency: string;
  amount_minor: bigint;
}

export interface LedgerStatementBalancesTable {
  funding_account_id: string;
  currency: string;
  statement_id: string;
  balance_date: LocalDateColumn;
  closing_minor: bigint;
  opening_minor: bigint | null;
  recorded_at: DefaultedTimestamp;
}

export interface LiquidityFundingAccountsTable {
  account_id: string;
  version: number;
  active: boolean;
  currency: string;
  rail: string;
  rail_cutoff_name: string | null;
  calendar: string | null;
  time_zone: string | null;
  /** `HH:MM` */
  internal_cutoff: string;
  /** `HH:MM` */
  funding_opens_at: string | null;
  funding_source: string;
  buffer_minor: bigint | null;
  transfer_rounding_minor: bigint | null;
  changed_by: string;
  changed_at: DefaultedTimestamp;
}

export interface LiquidityPlansTable {
  id: string;
  plan_key: string;
  planned_at: Timestamp;
  as_of: LocalDateColumn | null;
  source: string;
  recorded_by: string;
  settings: Json<Record<string, unknown>>;
  inputs: Json<Record<string, unknown>>;
  plan: Json<Record<string, unknown>>;
  account_count: number;
  transfer_count: number;
  recorded_at: ColumnType<Date, Date | string | undefined, never>;
}
