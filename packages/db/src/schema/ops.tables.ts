import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from './columns.ts';

// Tables of migration 0080_ops (../migrations/0080-ops.ts).

export interface OpsProposalsTable {
  id: string;
  payout_id: string;
  action: 'force_resolve';
  target_status: 'succeeded' | 'failed';
  reason: string;
  override_reason: string | null;
  evidence: Json<unknown[]>;
  payout_status_at_proposal: string;
  payout_version_at_proposal: number;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'expired';
  proposed_by: string;
  proposed_role: string;
  proposed_request_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  decided_by: string | null;
  decided_role: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  decided_request_id: string | null;
}

export interface OpsBulkPreviewsTable {
  id: string;
  token_hash: string;
  action: 'repoll' | 'retry' | 'cancel';
  filter: Json<Record<string, unknown>>;
  payout_ids: string[];
  summary: Json<Record<string, unknown>>;
  created_by: string;
  created_role: string;
  request_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  used_by: string | null;
  used_request_id: string | null;
}

export interface BankExchangesTable {
  id: Generated<bigint>;
  bank_id: string;
  operation: 'submit' | 'query' | 'statement';
  payout_ids: ColumnType<string[], string[] | undefined, never>;
  end_to_end_ids: ColumnType<string[], string[] | undefined, never>;
  request: Json<Record<string, unknown>>;
  response: Json<Record<string, unknown>> | null;
  outcome: string;
  started_at: Timestamp;
  duration_ms: number;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}
