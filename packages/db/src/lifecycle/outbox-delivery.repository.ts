import { sql } from 'kysely';
import type { Db } from '../database.ts';

export interface OutboxMessage {
  readonly id: bigint;
  readonly eventId: string;
  readonly payoutId: string | null;
  readonly clientId: string | null;
  readonly seq: number | null;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * Deliver up to `limit` undelivered outbox rows, oldest first: lock them (skipping rows
 * another notifier holds), hand them to `deliver`, and mark them delivered in the same
 * transaction. If `deliver` throws, nothing is marked and the rows are offered again — at
 * least once; consumers dedupe by `eventId` and order by `(payoutId, seq)`.
 * Returns how many rows were delivered.
 */
export async function deliverOutbox(
  db: Db,
  limit: number,
  deliver: (messages: readonly OutboxMessage[]) => Promise<void>,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const r = await sql<{
      id: bigint;
      event_id: string;
      payout_id: string | null;
      client_id: string | null;
      seq: number | null;
      type: string;
      payload: Record<string, unknown>;
    }>`
      select id, event_id, payout_id, client_id, seq, type, payload from outbox
      where delivered_at is null
      order by id
      limit ${limit}
      for update skip locked
    `.execute(tx);
    if (r.rows.length === 0) return 0;
    await deliver(
      r.rows.map((x) => ({
        id: x.id,
        eventId: x.event_id,
        payoutId: x.payout_id,
        clientId: x.client_id,
        seq: x.seq,
        type: x.type,
        payload: x.payload,
      })),
    );
    await sql`update outbox set delivered_at = now() where id = any(${r.rows.map((x) => x.id)}::bigint[])`.execute(tx);
    return r.rows.length;
  });
}
