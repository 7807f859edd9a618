import { sql } from 'kysely';
import type { Db } from '../database.ts';
import type { PayoutRow } from '../payouts/payout.record.ts';
import { withAttempts, type LifecycleAttemptRow, type PayoutWithAttempts } from './lifecycle.records.ts';

/**
 * Inside the caller's transaction: lock up to `limit` payouts whose next action is `submit`
 * and due at `now` (oldest first), skipping rows another worker holds, and load all their
 * attempts. The locks last until the caller commits, so routing, the new attempt rows and the
 * payout updates of the batch commit together — before any bank is called.
 *
 * `payoutIds` narrows the claim to those payouts (a queue job naming a batch).
 *
 * @example
 *   await db.transaction().execute(async (tx) => {
 *     const due = await claimDueSubmits(tx, { now: clock.now(), limit: 100 });
 *     … route, decide, writeLifecycleBatch(tx, …)
 *   });
 */
export async function claimDueSubmits(
  tx: Db,
  opts: { readonly now: Date; readonly limit: number; readonly payoutIds?: readonly string[] },
): Promise<PayoutWithAttempts[]> {
  const onlyIds = opts.payoutIds === undefined ? sql`` : sql`and p.id = any(${[...opts.payoutIds]}::uuid[])`;
  const rows = await sql<PayoutRow>`
    select p.* from payouts p
    where p.next_action = 'submit' and p.next_action_at <= ${opts.now}
      and p.status in ('accepted', 'held', 'processing')
      ${onlyIds}
    order by p.next_action_at
    limit ${opts.limit}
    for update skip locked
  `.execute(tx);
  return withAttempts(
    rows.rows,
    await loadAttempts(
      tx,
      rows.rows.map((r) => r.id),
    ),
  );
}

/**
 * Claim due polls without holding locks across the bank calls: one statement moves up to
 * `limit` due `poll` actions to `leaseUntil` and returns them with their attempts. A worker
 * that dies mid-poll leaves rows that fall due again when the lease runs out.
 */
export async function claimDuePolls(
  db: Db,
  opts: { readonly now: Date; readonly limit: number; readonly leaseUntil: Date; readonly payoutIds?: readonly string[] },
): Promise<PayoutWithAttempts[]> {
  const onlyIds = opts.payoutIds === undefined ? sql`` : sql`and p.id = any(${[...opts.payoutIds]}::uuid[])`;
  const rows = await sql<PayoutRow>`
    with due as (
      select p.id from payouts p
      where p.next_action = 'poll' and p.next_action_at <= ${opts.now}
        ${onlyIds}
      order by p.next_action_at
      limit ${opts.limit}
      for update skip locked
    )
    update payouts p set next_action_at = ${opts.leaseUntil}, updated_at = now()
    from due where p.id = due.id
    returning p.*
  `.execute(db);
  return withAttempts(
    rows.rows,
    await loadAttempts(
      db,
      rows.rows.map((r) => r.id),
    ),
  );
}

/**
 * Inside the caller's transaction: lock these payouts (in id order, waiting for other
 * holders) and load their attempts — the fresh state a batch of bank answers is applied to.
 */
export async function lockPayouts(tx: Db, payoutIds: readonly string[]): Promise<PayoutWithAttempts[]> {
  if (payoutIds.length === 0) return [];
  const rows = await sql<PayoutRow>`
    select p.* from payouts p where p.id = any(${[...payoutIds]}::uuid[]) order by p.id for update
  `.execute(tx);
  return withAttempts(
    rows.rows,
    await loadAttempts(
      tx,
      rows.rows.map((r) => r.id),
    ),
  );
}

async function loadAttempts(db: Db, payoutIds: readonly string[]): Promise<LifecycleAttemptRow[]> {
  if (payoutIds.length === 0) return [];
  const r = await sql<LifecycleAttemptRow>`
    select id, payout_id, attempt_no, channel_id, end_to_end_id, state, bank_reference, status_code, reason_code,
           sent_at, answered_at, poll_count
    from payout_attempts where payout_id = any(${[...payoutIds]}::uuid[])
    order by payout_id, attempt_no
  `.execute(db);
  return r.rows;
}
