import { sql } from 'kysely';
import type { Db } from '../database.ts';
import { jsonParam } from '../support/json-param.ts';
import { uuidv7 } from '../support/uuid-v7.ts';

export type BulkAction = 'repoll' | 'retry' | 'cancel';

export interface BulkPreviewRecord {
  readonly id: string;
  readonly action: BulkAction;
  readonly filter: Record<string, unknown>;
  readonly payoutIds: readonly string[];
  readonly summary: Record<string, unknown>;
  readonly createdBy: string;
  readonly createdRole: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly usedBy: string | null;
}

export interface NewBulkPreview {
  /** sha-256 hex of the confirmation token; the token itself is shown once and never stored. */
  readonly tokenHash: string;
  readonly action: BulkAction;
  readonly filter: Record<string, unknown>;
  readonly payoutIds: readonly string[];
  readonly summary: Record<string, unknown>;
  readonly createdBy: string;
  readonly createdRole: string;
  readonly requestId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

interface Row {
  id: string;
  action: BulkAction;
  filter: Record<string, unknown>;
  payout_ids: string[];
  summary: Record<string, unknown>;
  created_by: string;
  created_role: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  used_by: string | null;
}

const fromRow = (r: Row): BulkPreviewRecord => ({
  id: r.id,
  action: r.action,
  filter: r.filter,
  payoutIds: r.payout_ids,
  summary: r.summary,
  createdBy: r.created_by,
  createdRole: r.created_role,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  usedBy: r.used_by,
});

export async function insertBulkPreview(db: Db, p: NewBulkPreview): Promise<BulkPreviewRecord> {
  const r = await sql<Row>`
    insert into ops_bulk_previews (id, token_hash, action, filter, payout_ids, summary, created_by, created_role, request_id, created_at, expires_at)
    values (${uuidv7(p.createdAt.getTime())}::uuid, ${p.tokenHash}, ${p.action}, ${jsonParam(p.filter)}::jsonb, ${[...p.payoutIds]}::uuid[],
      ${jsonParam(p.summary)}::jsonb, ${p.createdBy}, ${p.createdRole}, ${p.requestId}, ${p.createdAt}, ${p.expiresAt})
    returning id, action, filter, payout_ids, summary, created_by, created_role, created_at, expires_at, used_at, used_by
  `.execute(db);
  const row = r.rows[0];
  if (row === undefined) throw new Error('insert into ops_bulk_previews returned no row');
  return fromRow(row);
}

export type ConsumeResult =
  | { readonly kind: 'consumed'; readonly preview: BulkPreviewRecord }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'used'; readonly preview: BulkPreviewRecord }
  | { readonly kind: 'expired'; readonly preview: BulkPreviewRecord }
  | { readonly kind: 'not_yours'; readonly preview: BulkPreviewRecord }
  | { readonly kind: 'wrong_action'; readonly preview: BulkPreviewRecord };

/**
 * Uses a confirmation token once: guarded by `used_at is null`, the issuing actor, the action
 * and expiry, so two confirmations with one token apply once. When it cannot be used, says why.
 */
export async function consumeBulkPreview(db: Db, c: { readonly tokenHash: string; readonly action: BulkAction; readonly actor: string; readonly now: Date; readonly requestId: string }): Promise<ConsumeResult> {
  const r = await sql<Row>`
    update ops_bulk_previews set used_at = ${c.now}, used_by = ${c.actor}, used_request_id = ${c.requestId}
    where token_hash = ${c.tokenHash} and used_at is null and created_by = ${c.actor} and action = ${c.action} and expires_at > ${c.now}
    returning id, action, filter, payout_ids, summary, created_by, created_role, created_at, expires_at, used_at, used_by
  `.execute(db);
  const row = r.rows[0];
  if (row !== undefined) return { kind: 'consumed', preview: fromRow(row) };
  const existing = await sql<Row>`
    select id, action, filter, payout_ids, summary, created_by, created_role, created_at, expires_at, used_at, used_by
    from ops_bulk_previews where token_hash = ${c.tokenHash}
  `.execute(db);
  const e = existing.rows[0];
  if (e === undefined) return { kind: 'unknown' };
  const preview = fromRow(e);
  if (e.used_at !== null) return { kind: 'used', preview };
  if (e.created_by !== c.actor) return { kind: 'not_yours', preview };
  if (e.action !== c.action) return { kind: 'wrong_action', preview };
  return { kind: 'expired', preview };
}
