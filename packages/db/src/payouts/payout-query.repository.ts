import { sql, type Selectable } from 'kysely';
import type { PayoutStatus } from '@payout/domain';
import { attemptFromRow, type AttemptRecord } from '../attempts/attempt.repository.ts';
import type { Db } from '../database.ts';
import type { PayoutEventsTable } from '../schema/database.types.ts';
import { decodeCursor, encodeCursor } from './keyset-cursor.ts';
import { payoutFromRow, type PayoutRecord, type PayoutRow } from './payout.record.ts';

export interface PayoutEventRecord {
  readonly eventId: string;
  readonly seq: number;
  readonly type: string;
  readonly fromStatus: PayoutStatus | null;
  readonly toStatus: PayoutStatus | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly actor: string;
  readonly createdAt: Date;
}

export interface PayoutDetail {
  readonly payout: PayoutRecord;
  readonly attempts: readonly AttemptRecord[];
  readonly events: readonly PayoutEventRecord[];
}

/**
 * A payout with its attempts and its event timeline (three indexed reads).
 * `clientId` scopes the lookup: another client's payout is simply not found.
 */
export async function getPayoutDetail(
  db: Db,
  id: string,
  scope: { clientId?: string | undefined } = {},
): Promise<PayoutDetail | undefined> {
  let q = db.selectFrom('payouts').selectAll().where('id', '=', id);
  if (scope.clientId !== undefined) q = q.where('client_id', '=', scope.clientId);
  const row = await q.executeTakeFirst();
  if (row === undefined) return undefined;
  const [attempts, events] = await Promise.all([
    db.selectFrom('payout_attempts').selectAll().where('payout_id', '=', id).orderBy('attempt_no').execute(),
    db.selectFrom('payout_events').selectAll().where('payout_id', '=', id).orderBy('seq').execute(),
  ]);
  return { payout: payoutFromRow(row), attempts: attempts.map(attemptFromRow), events: events.map(eventFromRow) };
}

export interface PayoutListFilter {
  readonly clientId?: string | undefined;
  readonly statuses?: readonly PayoutStatus[] | undefined;
  /** Inclusive lower bound on created_at. */
  readonly createdFrom?: Date | undefined;
  /** Exclusive upper bound on created_at. */
  readonly createdTo?: Date | undefined;
  readonly limit: number;
  /** From a previous page's `nextCursor`. */
  readonly cursor?: string | undefined;
}

export type PayoutPage =
  | { readonly ok: true; readonly items: readonly PayoutRecord[]; readonly nextCursor: string | null }
  | { readonly ok: false; readonly reason: 'bad_cursor' };

/** Newest first, keyset-paginated on (created_at, id): stable under concurrent inserts. */
export async function listPayouts(db: Db, f: PayoutListFilter): Promise<PayoutPage> {
  const after = f.cursor === undefined ? undefined : decodeCursor(f.cursor);
  if (f.cursor !== undefined && after === undefined) return { ok: false, reason: 'bad_cursor' };
  let q = db
    .selectFrom('payouts')
    .selectAll()
    .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_at_text'));
  if (f.clientId !== undefined) q = q.where('client_id', '=', f.clientId);
  if (f.statuses !== undefined && f.statuses.length > 0) q = q.where('status', 'in', [...f.statuses]);
  if (f.createdFrom !== undefined) q = q.where('created_at', '>=', f.createdFrom);
  if (f.createdTo !== undefined) q = q.where('created_at', '<', f.createdTo);
  if (after !== undefined) q = q.where(sql<boolean>`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > f.limit && last !== undefined ? encodeCursor({ createdAt: last.created_at_text, id: last.id }) : null;
  return { ok: true, items: page.map((r: PayoutRow) => payoutFromRow(r)), nextCursor };
}

function eventFromRow(r: Selectable<PayoutEventsTable>): PayoutEventRecord {
  return {
    eventId: r.event_id,
    seq: r.seq,
    type: r.type,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    data: r.data,
    actor: r.actor,
    createdAt: r.created_at,
  };
}
