import type { ColumnType, Generated } from 'kysely';
import type { AttemptState, PayoutStatus } from '@payout/domain';
import type { NextAction } from '@payout/lifecycle';
import type { DefaultedTimestamp, Json, LocalDateColumn, Timestamp } from './columns.ts';
import type { CalendarYearsTable, OpsAlertsTable } from './calendars.tables.ts';
import type {
  LedgerEntriesTable,
  LedgerPostingsTable,
  LedgerStatementBalancesTable,
  LiquidityFundingAccountsTable,
  LiquidityPlansTable,
} from './ledger.tables.ts';
import type { BankExchangesTable, OpsBulkPreviewsTable, OpsProposalsTable } from './ops.tables.ts';
import type {
  BankStatementsTable,
  PayoutVerificationsTable,
  StatementExceptionsTable,
  StatementFilesTable,
  StatementLinesTable,
} from './statements.tables.ts';

/**
 * Kysely's view of every table the migrations in ../migrations create, written by hand from
 * them (not generated: the migrations are SQL, and a generator would need a live database in
 * the build). A migration that adds or changes a table changes its type here in the same
 * commit; `schema.int.test.ts` compares this list with the migrated database. Column names
 * are the SQL names (snake_case); repositories map rows to camelCase records.
 */
export interface Database {
  // 0001_initial_schema
  api_clients: ApiClientsTable;
  api_keys: ApiKeysTable;
  payouts: PayoutsTable;
  payout_attempts: PayoutAttemptsTable;
  payout_events: PayoutEventsTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  intake_rejections: IntakeRejectionsTable;
  // 0050_lifecycle
  channel_daily_usage: ChannelDailyUsageTable;
  // 0080_ops
  ops_proposals: OpsProposalsTable;
  ops_bulk_previews: OpsBulkPreviewsTable;
  bank_exchanges: BankExchangesTable;
  // 0090_statements, 0150_statement_warnings
  statement_files: StatementFilesTable;
  bank_statements: BankStatementsTable;
  statement_lines: StatementLinesTable;
  statement_exceptions: StatementExceptionsTable;
  payout_verifications: PayoutVerificationsTable;
  // 0100_ledger
  ledger_postings: LedgerPostingsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_statement_balances: LedgerStatementBalancesTable;
  liquidity_funding_accounts: LiquidityFundingAccountsTable;
  liquidity_plans: LiquidityPlansTable;
  // 0110_calendar_years
  calendar_years: CalendarYearsTable;
  ops_alerts: OpsAlertsTable;
}

// The next-action vocabulary is the lifecycle's; the column stores it.
export { NEXT_ACTIONS, type NextAction } from '@payout/lifecycle';

export const API_SCOPES = ['payouts:write', 'payouts:read', 'ops'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const OPERATOR_ROLES = ['viewer', 'operator', 'approver'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export interface ApiClientsTable {
  id: string;
  display_name: string;
  created_at: DefaultedTimestamp;
  disabled_at: Timestamp | null;
}

export interface ApiKeysTable {
  id: string;
  client_id: string;
  /** sha-256 (hex) of the key; the key itself is shown once and never stored. */
  key_hash: string;
  /** First characters of the key, to tell keys apart in listings. */
  key_prefix: string;
  scopes: ApiScope[];
  actor: string;
  role: OperatorRole;
  created_at: DefaultedTimestamp;
  revoked_at: Timestamp | null;
}

/** Beneficiary as stored (jsonb). */
export interface BeneficiaryJson {
  readonly name: string;
  readonly scheme: string;
  readonly accountNumber: string;
  readonly bankCode?: string;
}

export interface PayoutsTable {
  id: string;
  client_id: string;
  idempotency_key: string;
  request_fingerprint: string;
  amount_minor: ColumnType<bigint, bigint, never>;
  currency: string;
  /** Null: routing chooses among all channels (ADR 0017). */
  funding_account: string | null;
  beneficiary: Json<BeneficiaryJson>;
  rail_preference: string | null;
  remittance_info: string | null;
  requested_execution_date: string | null;
  status: PayoutStatus;
  status_reason: string | null;
  next_action: NextAction | null;
  next_action_at: Timestamp | null;
  attempt_count: Generated<number>;
  version: Generated<number>;
  /** Highest payout_events.seq written for this payout. */
  event_seq: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  /** When the payout entered its current status (0080_ops; stamped by a trigger on every status change). */
  status_changed_at: DefaultedTimestamp;
  /** The payout this one replaces, after a return or a verified failure (0090_statements). */
  replaces_payout_id: string | null;
}

export interface PayoutAttemptsTable {
  id: string;
  payout_id: string;
  attempt_no: number;
  channel_id: string;
  end_to_end_id: string;
  state: AttemptState;
  bank_reference: string | null;
  status_code: string | null;
  reason_code: string | null;
  sent_at: Timestamp | null;
  answered_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  /** Status queries made for the attempt (0050_lifecycle). */
  poll_count: Generated<number>;
}

export interface PayoutEventsTable {
  id: Generated<bigint>;
  event_id: string;
  payout_id: string;
  seq: number;
  type: string;
  from_status: PayoutStatus | null;
  to_status: PayoutStatus | null;
  data: Json<Record<string, unknown>>;
  actor: string;
  created_at: DefaultedTimestamp;
}

export interface OutboxTable {
  id: Generated<bigint>;
  event_id: string;
  payout_id: string | null;
  client_id: string | null;
  seq: number | null;
  type: string;
  payload: Json<Record<string, unknown>>;
  created_at: DefaultedTimestamp;
  delivered_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<bigint>;
  actor: string;
  role: string | null;
  action: string;
  target: string;
  reason: string | null;
  before: Json | null;
  after: Json | null;
  request_id: string | null;
  outcome: string;
  created_at: DefaultedTimestamp;
}

export interface IntakeRejectionsTable {
  id: string;
  /** sha-256 of the queue job id and the raw request: a re-delivered job is recorded once. */
  dedupe_key: string;
  source: string;
  client_id: string | null;
  idempotency_key: string | null;
  job_id: string | null;
  code: string;
  reason: string;
  /** The request as received, account numbers masked and long strings cut. */
  request_masked: Json;
  created_at: DefaultedTimestamp;
}

/** What a channel has been given per bank-local day (0050_lifecycle), bumped in the submit transaction. */
export interface ChannelDailyUsageTable {
  channel_id: string;
  business_date: LocalDateColumn;
  used_minor: Generated<bigint>;
  updated_at: DefaultedTimestamp;
}
