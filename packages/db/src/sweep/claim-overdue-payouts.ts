import { sql } from 'kysely';
import type { Db } from '../database.ts';
import type { NextAction } from '../schema/database.types.ts';

export interface OverduePayout {
  readonly payoutId: string;
  readonly nextAction: NextAction;
  readonly version: number;
}

export interface ClaimOverdueOptions {
  /** Rows whose next_action_at is at or before this instant are overdue. */
  readonly dueBefore: Date;
  readonly limit: number;
}

/**
 * Claims up to `limit` overdue payouts (oldest due first) with `FOR UPDATE SKIP LOCKED`, so
 * concurrent sweepers take disjoint sets, and marks them re-hinted by moving next_action_at
 * to now: they become overdue again only after another grace period. Run inside a
 * transaction that also enqueues the hints, so a failed enqueue rolls the mark back.
 */
export async function claimOverduePayouts(db: Db, opts: ClaimOverdueOptions): Promise<OverduePayout[]> {
  const result = await sql<{ id: string; next_action: NextAction; version: number }>`
    with due as (
      select id from payouts
      where next_action is not null and next_action_at <= ${opts.dueBefore}
      order by next_action_at
      limit ${opts.limit}
      for update skip locked
    )
    update payouts p set next_action_at = clock_timestamp()
    from due where p.id = due.id
    returning p.id, p.next_action, p.version
  `.execute(db);
  return result.rows.map((r) => ({ payoutId: r.id, nextAction: r.next_action, version: r.version }));
}

/** The database's clock (one clock for everything compared with next_action_at). */
export async function databaseNow(db: Db): Promise<Date> {
  const r = await sql<{ now: Date }>`select now() as now`.execute(db);
  return r.rows[0]!.now;
}
