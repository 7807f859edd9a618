// The per-payout floor with plain single-row statements: the same round trips and the same
// invariants as the repository version (claim with SKIP LOCKED, no-double-payout rule,
// transition table, guarded updates, event + outbox rows with the lifecycle's payload shape),
// without the batch statements' array parameters — the cheapest honest per-payout transaction,
// so the floor is not made slow on purpose. (Benchmark code: the product's SQL lives in @payout/db.)
import { randomUUID } from 'node:crypto';
import { uuidv7, type Db } from '@payout/db';
import { assertAttemptTransition, assertPayoutTransition, decideNewAttempt, PayoutError, type AttemptState, type PayoutStatus } from '@payout/domain';
import { sql } from 'kysely';
import { FLOOR_CHANNEL, FLOOR_MAX_ATTEMPTS, FLOOR_POLL_AFTER_MS, floorEndToEndId, type FloorStages } from './per-payout-floor.stages.ts';

interface PayoutHead {
  readonly status: PayoutStatus;
  readonly version: number;
  readonly next_action: string | null;
}
interface AttemptHead {
  readonly id: string;
  readonly attempt_no: number;
  readonly state: AttemptState;
  readonly reason_code: string | null;
  readonly channel_id: string;
  readonly end_to_end_id: string;
}
interface Moved {
  readonly event_seq: number;
  readonly client_id: string;
  readonly idempotency_key: string;
  readonly amount_minor: bigint;
  readonly currency: string;
  readonly updated_at: Date;
}

export const SINGLE_ROW_STAGES: FloorStages = {
  name: 'single-row',

  async send(db, payoutId, now) {
    return db.transaction().execute(async (tx) => {
      const head = await sql<PayoutHead>`
        select status, version, next_action from payouts
        where id = ${payoutId} and next_action = 'submit' and next_action_at <= ${now} and status in ('accepted', 'held', 'processing')
        for update skip locked
      `.execute(tx);
      const p = head.rows[0];
      if (p === undefined) return undefined;
      if (p.status !== 'accepted') throw new Error(`floor: payout ${payoutId} is ${p.status}, expected accepted`);
      const attempts = await attemptsOf(tx, payoutId);
      const decision = decideNewAttempt(attempts.map((a) => ({ state: a.state, reasonCode: a.reason_code ?? undefined })), { maxAttempts: FLOOR_MAX_ATTEMPTS });
      if (!decision.allowed) throw new Error(`floor: payout ${payoutId} may not get a new attempt: ${decision.message}`);
      assertPayoutTransition(p.status, 'processing');
      const attemptNo = attempts.reduce((m, a) => Math.max(m, a.attempt_no), 0) + 1;
      const endToEndId = floorEndToEndId();
      await sql`
        insert into payout_attempts (id, payout_id, attempt_no, channel_id, end_to_end_id, state, sent_at)
        values (${randomUUID()}, ${payoutId}, ${attemptNo}, ${FLOOR_CHANNEL}, ${endToEndId}, 'sending', ${now})
      `.execute(tx);
      const reason = `attempt #${attemptNo} sent to ${FLOOR_CHANNEL}`;
      const moved = await movePayout(tx, payoutId, p, {
        sets: sql`status = 'processing', status_reason = ${reason}, next_action = 'poll', next_action_at = ${new Date(now.getTime() + FLOOR_POLL_AFTER_MS)}, attempt_count = attempt_count + 1`,
      });
      await appendEvent(tx, payoutId, moved, { type: 'payout.processing', from: p.status, to: 'processing', reason, actor: 'worker:floor-send', data: { attemptNo, channelId: FLOOR_CHANNEL, endToEndId } });
      return p.version + 1;
    });
  },

  async confirm(db, payoutId, now) {
    return db.transaction().execute(async (tx) => {
      const head = await sql<PayoutHead>`select status, version, next_action from payouts where id = ${payoutId} for update`.execute(tx);
      const p = head.rows[0];
      if (p === undefined || p.status !== 'processing' || p.next_action !== 'poll') return false;
      const live = (await attemptsOf(tx, payoutId)).find((a) => a.state !== 'failed');
      if (live === undefined) return false;
      assertAttemptTransition(live.state, 'succeeded');
      assertPayoutTransition(p.status, 'succeeded');
      const a = await sql`
        update payout_attempts set state = 'succeeded', status_code = 'ACSC', answered_at = ${now}, poll_count = poll_count + 1, updated_at = now()
        where id = ${live.id} and state = ${live.state}
      `.execute(tx);
      if (a.numAffectedRows !== 1n) throw new PayoutError('PAYOUT_E_CONFLICT', `attempt ${live.id} was no longer ${live.state}`);
      const reason = `attempt #${live.attempt_no} executed by ${live.channel_id} (ACSC)`;
      const moved = await movePayout(tx, payoutId, p, { sets: sql`status = 'succeeded', status_reason = ${reason}, next_action = null, next_action_at = null` });
      await appendEvent(tx, payoutId, moved, {
        type: 'payout.succeeded',
        from: 'processing',
        to: 'succeeded',
        reason,
        actor: 'worker:floor-confirm',
        data: { attemptNo: live.attempt_no, channelId: live.channel_id, endToEndId: live.end_to_end_id },
      });
      return true;
    });
  },
};

async function attemptsOf(tx: Db, payoutId: string): Promise<AttemptHead[]> {
  const r = await sql<AttemptHead>`
    select id, attempt_no, state, reason_code, channel_id, end_to_end_id from payout_attempts where payout_id = ${payoutId} order by attempt_no
  `.execute(tx);
  return r.rows;
}

/** One status move, guarded by the status and version it was read in; bumps version and event sequence. */
async function movePayout(tx: Db, payoutId: string, read: PayoutHead, change: { readonly sets: ReturnType<typeof sql> }): Promise<Moved> {
  const r = await sql<Moved>`
    update payouts set ${change.sets}, version = version + 1, event_seq = event_seq + 1, updated_at = now()
    where id = ${payoutId} and status = ${read.status} and version = ${read.version}
    returning event_seq, client_id, idempotency_key, amount_minor, currency, updated_at
  `.execute(tx);
  const row = r.rows[0];
  if (row === undefined) throw new PayoutError('PAYOUT_E_CONFLICT', `payout ${payoutId} changed since it was read`);
  return row;
}

/** The event row and its outbox row (same payload shape as writeLifecycleBatch's). */
async function appendEvent(
  tx: Db,
  payoutId: string,
  m: Moved,
  e: { readonly type: string; readonly from: PayoutStatus; readonly to: PayoutStatus; readonly reason: string; readonly actor: string; readonly data: Readonly<Record<string, unknown>> },
): Promise<void> {
  const eventId = uuidv7();
  await sql`
    insert into payout_events (event_id, payout_id, seq, type, from_status, to_status, data, actor)
    values (${eventId}, ${payoutId}, ${m.event_seq}, ${e.type}, ${e.from}, ${e.to}, ${JSON.stringify(e.data)}::jsonb, ${e.actor})
  `.execute(tx);
  const payload = {
    eventId,
    type: e.type,
    payoutId,
    clientId: m.client_id,
    idempotencyKey: m.idempotency_key,
    seq: m.event_seq,
    fromStatus: e.from,
    status: e.to,
    reason: e.reason,
    amountMinor: m.amount_minor.toString(),
    currency: m.currency,
    data: e.data,
    occurredAt: m.updated_at,
  };
  await sql`
    insert into outbox (event_id, payout_id, client_id, seq, type, payload)
    values (${eventId}, ${payoutId}, ${m.client_id}, ${m.event_seq}, ${e.type}, ${JSON.stringify(payload)}::jsonb)
  `.execute(tx);
}
