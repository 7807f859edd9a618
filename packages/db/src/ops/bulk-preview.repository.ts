import type { Selectable } from 'kysely';
import type { Db } from '../database.ts';
import type { OpsBulkPreviewsTable } from '../schema/ops.tables.ts';
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

const COLUMNS = [
  'id',
  'action',
  'filter',
  'payout_ids',
  'summary',
  'created_by',
  'created_role',
  'created_at',
  'expires_at',
  'used_at',
  'used_by',
] as const;

type Row = Pick<Selectable<OpsBulkPreviewsTable>, (typeof COLUMNS)[number]>;

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
  const row = await db
    .insertInto('ops_bulk_previews')
    .values({
      id: uuidv7(p.createdAt.getTime()),
      token_hash: p.tokenHash,
      action: p.action,
      filter: jsonParam(p.filter),
      payout_ids: [...p.payoutIds],
      summary: jsonParam(p.summary),
      created_by: p.createdBy,
      created_role: p.createdRole,
      request_id: p.requestId,
      created_at: p.createdAt,
      expires_at: p.expiresAt,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow(() => new Error('insert into ops_bulk_previews returned no row'));
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
export async function consumeBulkPreview(
  db: Db,
  c: { readonly tokenHash: string; readonly action: BulkAction; readonly actor: string; readonly now: Date; readonly requestId: string },
): Promise<ConsumeResult> {
  const row = await db
    .updateTable('ops_bulk_previews')
    .set({ used_at: c.now, used_by: c.actor, used_request_id: c.requestId })
    .where('token_hash', '=', c.tokenHash)
    .where('used_at', 'is', null)
    .where('created_by', '=', c.actor)
    .where('action', '=', c.action)
    .where('expires_at', '>', c.now)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (row !== undefined) return { kind: 'consumed', preview: fromRow(row) };
  const e = await db.selectFrom('ops_bulk_previews').select(COLUMNS).where('token_hash', '=', c.tokenHash).executeTakeFirst();
  if (e === undefined) return { kind: 'unknown' };
  const preview = fromRow(e);
  if (e.used_at !== null) return { kind: 'used', preview };
  if (e.created_by !== c.actor) return { kind: 'not_yours', preview };
  if (e.action !== c.action) return { kind: 'wrong_action', preview };
  return { kind: 'expired', preview };
}
