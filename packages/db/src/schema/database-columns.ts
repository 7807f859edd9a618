import type { Database } from './database.types.ts';

/**
 * Every column of every table in `Database`, by name: the run-time mirror of the hand-written
 * types, so `schema.int.test.ts` can compare them with a migrated database. The compiler
 * keeps this list equal to the types (a column missing here or not in the type fails
 * `typecheck`); the test keeps both equal to the migrations.
 */
export const DATABASE_COLUMNS = {
  api_clients: ['id', 'display_name', 'created_at', 'disabled_at'],
  api_keys: ['id', 'client_id', 'key_hash', 'key_prefix', 'scopes', 'actor', 'role', 'created_at', 'revoked_at'],
  payouts: [
    'id', 'client_id', 'idempotency_key', 'request_fingerprint', 'amount_minor', 'currency', 'funding_account', 'beneficiary',
    'rail_preference', 'remittance_info', 'requested_execution_date', 'status', 'status_reason', 'next_action', 'next_action_at',
    'attempt_count', 'version', 'event_seq', 'created_at', 'updated_at', 'status_changed_at', 'replaces_payout_id',
  ],
  payout_attempts: [
    'id', 'payout_id', 'attempt_no', 'channel_id', 'end_to_end_id', 'state', 'bank_reference', 'status_code', 'reason_code',
    'sent_at', 'answered_at', 'created_at', 'updated_at', 'poll_count',
  ],
  payout_events: ['id', 'event_id', 'payout_id', 'seq', 'type', 'from_status', 'to_status', 'data', 'actor', 'created_at'],
  outbox: ['id', 'event_id', 'payout_id', 'client_id', 'seq', 'type', 'payload', 'created_at', 'delivered_at'],
  audit_log: ['id', 'actor', 'role', 'action', 'target', 'reason', 'before', 'after', 'request_id', 'outcome', 'created_at'],
  intake_rejections: ['id', 'dedupe_key', 'source', 'client_id', 'idempotency_key', 'job_id', 'code', 'reason', 'request_masked', 'created_at'],
  channel_daily_usage: ['channel_id', 'business_date', 'used_minor', 'updated_at'],
  ops_proposals: [
    'id', 'payout_id', 'action', 'target_status', 'reason', 'override_reason', 'evidence', 'payout_status_at_proposal',
    'payout_version_at_proposal', 'status', 'proposed_by', 'proposed_role', 'proposed_request_id', 'created_at', 'expires_at',
    'decided_by', 'decided_role', 'decided_at', 'decision_reason', 'decided_request_id',
  ],
  ops_bulk_previews: [
    'id', 'token_hash', 'action', 'filter', 'payout_ids', 'summary', 'created_by', 'created_role', 'request_id', 'created_at',
    'expires_at', 'used_at', 'used_by', 'used_request_id',
  ],
  bank_exchanges: ['id', 'bank_id', 'operation', 'payout_ids', 'end_to_end_ids', 'request', 'response', 'outcome', 'started_at', 'duration_ms', 'created_at'],
  statement_files: ['id', 'bank_id', 'content_sha256', 'format', 'source', 'byte_size', 'statement_count', 'line_count', 'ingested_by', 'ingested_at'],
  bank_statements: [
    'id', 'file_id', 'bank_id', 'account_id', 'statement_id', 'page', 'last_page', 'electronic_seq', 'legal_seq', 'format', 'version',
    'currency', 'statement_date', 'period_from', 'period_to', 'bank_created_at', 'opening_minor', 'closing_minor', 'credits_minor',
    'debits_minor', 'credit_count', 'debit_count', 'line_count', 'balance_check', 'chain_status', 'chain_detail', 'matched_at',
    'ingested_at', 'warnings',
  ],
  statement_lines: [
    'id', 'statement_row_id', 'line_index', 'entry_index', 'bank_id', 'account_id', 'currency', 'amount_minor', 'direction', 'reversal',
    'status', 'booking_date', 'value_date', 'bank_reference', 'customer_reference', 'end_to_end_id', 'uetr', 'bank_tx_code', 'is_return',
    'return_code', 'return_info', 'counterparty_name', 'counterparty_account', 'remittance_info', 'location', 'raw', 'attempt_id',
    'payout_id', 'match_kind', 'warnings',
  ],
  statement_exceptions: ['id', 'line_id', 'bank_id', 'account_id', 'kind', 'attempt_id', 'payout_id', 'detail', 'created_at', 'resolved_at', 'resolution'],
  payout_verifications: [
    'id', 'payout_id', 'attempt_id', 'outcome', 'reason', 'evidence_line_id', 'candidates', 'coverage', 'bank_verdict', 'actor', 'created_at',
  ],
  ledger_postings: ['seq', 'id', 'journal_id', 'cause', 'payout_id', 'transfer_id', 'effective_at', 'booking_date', 'recorded_at'],
  ledger_entries: ['posting_seq', 'entry_index', 'funding_account_id', 'account_kind', 'currency', 'amount_minor'],
  ledger_statement_balances: ['funding_account_id', 'currency', 'statement_id', 'balance_date', 'closing_minor', 'opening_minor', 'recorded_at'],
  liquidity_funding_accounts: [
    'account_id', 'version', 'active', 'currency', 'rail', 'rail_cutoff_name', 'calendar', 'time_zone', 'internal_cutoff',
    'funding_opens_at', 'funding_source', 'buffer_minor', 'transfer_rounding_minor', 'changed_by', 'changed_at',
  ],
  liquidity_plans: [
    'id', 'plan_key', 'planned_at', 'as_of', 'source', 'recorded_by', 'settings', 'inputs', 'plan', 'account_count', 'transfer_count', 'recorded_at',
  ],
  calendar_years: [
    'id', 'calendar_id', 'year', 'data', 'checks', 'status', 'reason', 'proposed_by', 'proposed_role', 'proposed_request_id', 'proposed_at',
    'decided_by', 'decided_role', 'decided_at', 'decision_reason', 'decided_request_id', 'superseded_at',
  ],
  ops_alerts: ['id', 'kind', 'dedupe_key', 'severity', 'message', 'details', 'raised_at'],
} as const satisfies { readonly [T in keyof Database]: readonly (keyof Database[T] & string)[] };

// Both directions at compile time: every table of the type is listed (the `satisfies` above),
// and every column of a table's type is in its list.
type Unlisted = { [T in keyof Database]: Exclude<keyof Database[T], (typeof DATABASE_COLUMNS)[T][number]> }[keyof Database];
const everyColumnListed: [Unlisted] extends [never] ? true : { unlisted: Unlisted } = true;
void everyColumnListed;
