// The two transactions of the per-payout floor: the lifecycle's machinery for ONE payout per
// transaction, on the real schema, every per-payout invariant kept (row lock, the
// no-double-payout rule, guarded updates, the event and outbox rows, the database's
// one-live-attempt index) and no bank call — the cost of the machinery alone.
// Two implementations with the same round trips: the lifecycle's own repositories with
// one-payout batches (below) and plain single-row statements (per-payout-floor.single-row.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { claimDueSubmits, lockPayouts, writeLifecycleBatch, type Db } from '@payout/db';
import { applyAnswer, batchOf, decideNewAttempt, sendNewAttempt, type AnswerPlan } from '@payout/lifecycle';

/** The channel the floor's attempts name (no bank is called). */
export const FLOOR_CHANNEL = 'floor-bank';
export const FLOOR_MAX_ATTEMPTS = 3;
/** Where the real submit puts the crash-recovery poll: after the bank's deadline. */
export const FLOOR_POLL_AFTER_MS = 2_000;

export interface FloorStages {
  readonly name: 'repository' | 'single-row';
  /**
   * Stage 1, one transaction: claim the payout (due `submit`, `FOR UPDATE SKIP LOCKED`), apply
   * the no-double-payout rule, insert the attempt (`sending`, fresh end-to-end id), move the
   * payout to processing with its event and outbox rows. Returns the payout's new version, or
   * undefined when the row was not due (a stale hint).
   */
  send(db: Db, payoutId: string, now: Date): Promise<number | undefined>;
  /**
   * Stage 2, one transaction: lock the payout and its attempts, mark the live attempt and the
   * payout succeeded (both guarded by the state they were read in) with the event and outbox
   * rows. False when there was nothing to confirm (a stale hint).
   */
  confirm(db: Db, payoutId: string, now: Date): Promise<boolean>;
}

/** A fresh end-to-end id (29 characters, letters and digits, like the workers' ids). */
export function floorEndToEndId(): string {
  return `F${randomBytes(14).toString('hex').toUpperCase()}`;
}

/** The bank's answer the floor confirms with: executed (ACSC), counted as one status query. */
export const FLOOR_EXECUTED: AnswerPlan = {
  attempt: { to: 'succeeded', bankStatus: 'ACSC', countPoll: true },
  payout: { kind: 'succeeded' },
};

/** The floor through the lifecycle's repositories: claimDueSubmits / lockPayouts + writeLifecycleBatch with one payout. */
export const REPOSITORY_STAGES: FloorStages = { name: 'repository', send: sendOne, confirm: confirmOne };

async function sendOne(db: Db, payoutId: string, now: Date): Promise<number | undefined> {
  return db.transaction().execute(async (tx) => {
    const [due] = await claimDueSubmits(tx, { now, limit: 1, payoutIds: [payoutId] });
    if (due === undefined) return undefined;
    const { payout, attempts } = due;
    if (payout.status !== 'accepted') throw new Error(`floor: payout ${payoutId} is ${payout.status}, expected accepted`);
    const decision = decideNewAttempt(
      attempts.map((a) => ({ state: a.state, reasonCode: a.reasonCode ?? undefined })),
      { maxAttempts: FLOOR_MAX_ATTEMPTS },
    );
    if (!decision.allowed) throw new Error(`floor: payout ${payoutId} may not get a new attempt: ${decision.message}`);
    const attemptNo = attempts.reduce((m, a) => Math.max(m, a.attemptNo), 0) + 1;
    const sent = sendNewAttempt(payout, decision, {
      attemptId: randomUUID(),
      attemptNo,
      channelId: FLOOR_CHANNEL,
      endToEndId: floorEndToEndId(),
      now,
      pollAt: new Date(now.getTime() + FLOOR_POLL_AFTER_MS),
    });
    await writeLifecycleBatch(tx, batchOf('worker:floor-send', [sent]));
    return payout.version + 1;
  });
}

async function confirmOne(db: Db, payoutId: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const [row] = await lockPayouts(tx, [payoutId]);
    if (row === undefined || row.payout.status !== 'processing' || row.payout.nextAction !== 'poll') return false;
    const live = row.attempts.find((a) => a.state !== 'failed');
    if (live === undefined) return false;
    const executed = applyAnswer(row.payout, live, FLOOR_EXECUTED, now);
    if (executed === undefined) throw new Error(`floor: attempt ${live.id} is ${live.state} and cannot succeed`);
    await writeLifecycleBatch(tx, batchOf('worker:floor-confirm', [executed]));
    return true;
  });
}
