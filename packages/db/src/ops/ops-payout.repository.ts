import { sql } from 'kysely';
import type { Db } from '../database.ts';
import { attemptFromRow, type AttemptRecord, type AttemptRow } from '../attempts/attempt.repository.ts';
import { payoutFromRow, type PayoutRecord, type PayoutRow } from '../payouts/payout.record.ts';

/** A payout as ops sees it: the record, when it entered its status, and its attempts (oldest first). */
export interface OpsPayoutRecord {
  readonly payout: PayoutRecord;
  readonly statusChangedAt: Date;
  readonly attempts: readonly AttemptRecord[];
}

/**
 * Loads payouts with their attempts in two statements. Inside an acting transaction the
 * caller's later guarded UPDATE (status + version) detects anything that moved in between.
 */
export async function loadOpsPayouts(db: Db, payoutIds: readonly string[]): Promise<Map<string, OpsPayoutRecord>> {
  const out = new Map<string, OpsPayoutRecord>();
  if (payoutIds.length === 0) return out;
  const ids = [...new Set(payoutIds)];
  const payouts = await sql<PayoutRow & { status_changed_at: Date }>`select * from payouts where id = any(${ids}::uuid[])`.execute(db);
  const attempts = await sql<AttemptRow>`
    select * from payout_attempts where payout_id = any(${ids}::uuid[]) order by payout_id, attempt_no
  `.execute(db);
  const byPayout = new Map<string, AttemptRecord[]>();
  for (const r of attempts.rows) {
    const list = byPayout.get(r.payout_id) ?? [];
    list.push(attemptFromRow(r));
    byPayout.set(r.payout_id, list);
  }
  for (const r of payouts.rows) {
    out.set(r.id, { payout: payoutFromRow(r), statusChangedAt: r.status_changed_at, attempts: byPayout.get(r.id) ?? [] });
  }
  return out;
}

export async function loadOpsPayout(db: Db, payoutId: string): Promise<OpsPayoutRecord | undefined> {
  return (await loadOpsPayouts(db, [payoutId])).get(payoutId);
}

/** True when the string can be a payout id (a uuid); anything else cannot exist, so it is 404 without a query. */
export function isPayoutId(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
