import { sql } from 'kysely';
import type { Db } from '../database.ts';
import { attemptFromRow, type AttemptRecord } from '../attempts/attempt.repository.ts';
import { payoutFromRow, type PayoutRecord } from '../payouts/payout.record.ts';

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
  const payouts = await db
    .selectFrom('payouts')
    .selectAll()
    .where(sql<boolean>`id = any(${ids}::uuid[])`)
    .execute();
  const attempts = await db
    .selectFrom('payout_attempts')
    .selectAll()
    .where(sql<boolean>`payout_id = any(${ids}::uuid[])`)
    .orderBy('payout_id')
    .orderBy('attempt_no')
    .execute();
  const byPayout = new Map<string, AttemptRecord[]>();
  for (const r of attempts) {
    const list = byPayout.get(r.payout_id) ?? [];
    list.push(attemptFromRow(r));
    byPayout.set(r.payout_id, list);
  }
  for (const r of payouts) {
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
