// The per-payout floor with plain single-row statements: the same round trips and the same
// invariants as the repository version (claim with SKIP LOCKED, no-double-payout rule,
// transition table, guarded updates, event + outbox rows with the lifecycle's payload shape),
// without the batch statements' array parameters — the cheapest honest per-payout transaction,
// so the floor is not made slow on purpose. The rows are the lifecycle's (the same transition
// functions the workers call build them); only their storing is written out here.
// (Benchmark code: the product's SQL lives in @payout/db.)
import { randomUUID } from 'node:crypto';
import { uuidv7, type Db } from '@payout/db';
import { PayoutError, type AttemptState, type PayoutStatus } from '@payout/domain';
import { applyAnswer, decideNewAttempt, sendNewAttempt, type PayoutUpdate } from '@payout/lifecycle';
import { sql } from 'kysely';
import {
  FLOOR_CHANNEL,
  FLOOR_EXECUTED,
  FLOOR_MAX_ATTEMPTS,
  FLOOR_POLL_AFTER_MS,
  floorEndToEndId,
  type FloorStages,
} from './per-payout-floor.stages.ts';

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
      const decision = decideNewAttempt(
        attempts.map((a) => ({ state: a.state, reasonCode: a.reason_code ?? undefined })),
        { maxAttempts: FLOOR_MAX_ATTEMPTS },
      );
      if (!decision.allowed) throw new Error(`floor: payout ${payoutId} may not get a new attempt: ${decision.message}`);
      const attemptNo = attempts.reduce((m, a) => Math.max(m, a.attempt_no), 0) + 1;
      const pollAt = new Date(now.getTime() + FLOOR_POLL_AFTER_MS);
      const sent = sendNewAttempt({ id: payoutId, ...p }, decision, {
        attemptId: randomUUID(),
        attemptNo,
        channelId: FLOOR_CHANNEL,
        endToEndId: floorEndToEndId(),
        now,
        pollAt,
      });
      const i = sent.insert!;
      await sql`
        insert into payout_attempts (id, payout_id, attempt_no, channel_id, end_to_end_id, state, sent_at)
        values (${i.id}, ${i.payoutId}, ${i.attemptNo}, ${i.channelId}, ${i.endToEndId}, 'sending', ${i.sentAt})
      `.execute(tx);
      const u = sent.payout;
      const moved = await movePayout(tx, payoutId, p, {
        sets: sql`status = ${u.status}, status_reason = ${u.statusReason}, next_action = ${u.nextAction}, next_action_at = ${u.nextActionAt}, attempt_count = attempt_count + ${u.attemptCountDelta}`,
      });
      await appendEvent(tx, payoutId, moved, u, 'worker:floor-send');
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
      const attempt = {
        id: live.id,
        attemptNo: live.attempt_no,
        channelId: live.channel_id,
        endToEndId: live.end_to_end_id,
        state: live.state,
      };
      const executed = applyAnswer({ id: payoutId, ...p }, attempt, FLOOR_EXECUTED, now);
      const w = executed?.attempt;
      if (executed === undefined || w === undefined) throw new Error(`floor: attempt ${live.id} is ${live.state} and cannot succeed`);
      const a = await sql`
        update payout_attempts set state = ${w.state}, status_code = ${w.statusCode ?? null}, answered_at = ${w.answeredAt ?? null}, poll_count = poll_count + ${w.pollCountDelta}, updated_at = now()
        where id = ${w.attemptId} and state = ${w.expectedState}
      `.execute(tx);
      if (a.numAffectedRows !== 1n) throw new PayoutError('PAYOUT_E_CONFLICT', `attempt ${live.id} was no longer ${live.state}`);
      const u = executed.payout;
      const moved = await movePayout(tx, payoutId, p, {
        sets: sql`status = ${u.status}, status_reason = ${u.statusReason}, next_action = ${u.nextAction}, next_action_at = ${u.nextActionAt}`,
      });
      await appendEvent(tx, payoutId, moved, u, 'worker:floor-confirm');
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

/** The payout update's one event row and its outbox row (same payload shape as writeLifecycleBatch's). */
async function appendEvent(tx: Db, payoutId: string, m: Moved, u: PayoutUpdate, actor: string): Promise<void> {
  const [event] = u.events;
  if (event === undefined || u.events.length !== 1) throw new Error(`floor: expected one event, the transition has ${u.events.length}`);
  const e = { type: event.type, from: event.fromStatus, to: event.toStatus, reason: u.statusReason, actor, data: event.data };
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
