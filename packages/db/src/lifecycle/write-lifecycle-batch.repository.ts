import { sql } from 'kysely';
import { PayoutError } from '@payout/domain';
import { assertPayoutTransition } from '@payout/lifecycle';
import type { Db } from '../database.ts';
import type { LifecycleBatch, LifecycleEvent } from '@payout/lifecycle';
import { jsonParam } from '../support/json-param.ts';
import { uuidv7 } from '../support/uuid-v7.ts';

/**
 * Write one batch of lifecycle changes with a handful of multi-row statements: new attempts,
 * attempt changes, payout changes (status, next action, version, event sequence) and their
 * events and outbox rows. Run it inside the transaction that locked the rows. Every update is
 * conditional on the state it was planned from; a row that no longer matches is a bug or a
 * race the caller should have prevented, so the whole batch fails (PAYOUT_E_CONFLICT) and
 * the transaction rolls back — nothing half-written.
 *
 * The database still has the last word on double payouts: a second live attempt for a
 * payout violates `payout_attempts_one_live_idx` and fails the batch.
 */
export async function writeLifecycleBatch(tx: Db, batch: LifecycleBatch): Promise<void> {
  const { attemptInserts: ins, attemptUpdates: upd, payoutUpdates: pay } = batch;
  if (ins.length > 0) {
    await sql`
      insert into payout_attempts (id, payout_id, attempt_no, channel_id, end_to_end_id, state, sent_at)
      select t.id, t.payout_id, t.attempt_no, t.channel_id, t.end_to_end_id, 'sending', t.sent_at
      from unnest(${ins.map((a) => a.id)}::uuid[], ${ins.map((a) => a.payoutId)}::uuid[], ${ins.map((a) => a.attemptNo)}::int[],
                  ${ins.map((a) => a.channelId)}::text[], ${ins.map((a) => a.endToEndId)}::text[], ${ins.map((a) => a.sentAt.toISOString())}::timestamptz[])
        as t(id, payout_id, attempt_no, channel_id, end_to_end_id, sent_at)
    `.execute(tx);
  }
  if (upd.length > 0) {
    const r = await sql<{ id: string }>`
      update payout_attempts a set
        state = v.state,
        bank_reference = coalesce(v.bank_reference, a.bank_reference),
        status_code = coalesce(v.status_code, a.status_code),
        reason_code = coalesce(v.reason_code, a.reason_code),
        sent_at = coalesce(v.sent_at, a.sent_at),
        answered_at = coalesce(v.answered_at, a.answered_at),
        poll_count = a.poll_count + v.poll_delta,
        updated_at = now()
      from unnest(${upd.map((u) => u.attemptId)}::uuid[], ${upd.map((u) => u.expectedState)}::text[], ${upd.map((u) => u.state)}::text[],
                  ${upd.map((u) => u.bankReference ?? null)}::text[], ${upd.map((u) => u.statusCode ?? null)}::text[],
                  ${upd.map((u) => u.reasonCode ?? null)}::text[], ${upd.map((u) => u.sentAt?.toISOString() ?? null)}::timestamptz[],
                  ${upd.map((u) => u.answeredAt?.toISOString() ?? null)}::timestamptz[], ${upd.map((u) => u.pollCountDelta)}::int[])
        as v(id, expected_state, state, bank_reference, status_code, reason_code, sent_at, answered_at, poll_delta)
      where a.id = v.id and a.state = v.expected_state
      returning a.id
    `.execute(tx);
    if (r.rows.length !== upd.length) {
      const done = new Set(r.rows.map((x) => x.id));
      const missed = upd.filter((u) => !done.has(u.attemptId)).map((u) => u.attemptId);
      throw new PayoutError('PAYOUT_E_CONFLICT', `${missed.length} attempt(s) were no longer in the expected state`, {
        attemptIds: missed.slice(0, 10),
      });
    }
  }
  if (pay.length === 0) return;
  for (const u of pay) {
    // Every status move goes through the transition table, step by step (processing →
    // succeeded → returned is two events and two legal moves).
    const steps = u.events.filter((e) => e.fromStatus !== null && e.toStatus !== null && e.fromStatus !== e.toStatus);
    for (const e of steps) assertPayoutTransition(e.fromStatus!, e.toStatus!);
    if (
      u.status !== u.expectedStatus &&
      (steps.length === 0 || steps[0]!.fromStatus !== u.expectedStatus || steps.at(-1)!.toStatus !== u.status)
    ) {
      assertPayoutTransition(u.expectedStatus, u.status);
    }
    if ((u.nextAction === null) !== (u.nextActionAt === null)) {
      throw new PayoutError('PAYOUT_E_INTERNAL', `payout ${u.payoutId}: nextAction and nextActionAt must both be set or both be null`);
    }
  }
  const r = await sql<{
    id: string;
    event_seq: number;
    client_id: string;
    idempotency_key: string;
    amount_minor: bigint;
    currency: string;
    updated_at: Date;
  }>`
    update payouts p set
      status = v.status,
      status_reason = v.status_reason,
      next_action = v.next_action,
      next_action_at = v.next_action_at,
      attempt_count = p.attempt_count + v.attempt_delta,
      version = p.version + 1,
      event_seq = p.event_seq + v.n_events,
      updated_at = now()
    from unnest(${pay.map((u) => u.payoutId)}::uuid[], ${pay.map((u) => u.expectedStatus)}::text[], ${pay.map((u) => u.expectedVersion)}::int[],
                ${pay.map((u) => u.status)}::text[], ${pay.map((u) => u.statusReason)}::text[], ${pay.map((u) => u.nextAction)}::text[],
                ${pay.map((u) => u.nextActionAt?.toISOString() ?? null)}::timestamptz[], ${pay.map((u) => u.attemptCountDelta)}::int[],
                ${pay.map((u) => u.events.length)}::int[])
      as v(id, expected_status, expected_version, status, status_reason, next_action, next_action_at, attempt_delta, n_events)
    where p.id = v.id and p.status = v.expected_status and p.version = v.expected_version
    returning p.id, p.event_seq, p.client_id, p.idempotency_key, p.amount_minor, p.currency, p.updated_at
  `.execute(tx);
  if (r.rows.length !== pay.length) {
    const done = new Set(r.rows.map((x) => x.id));
    const missed = pay.filter((u) => !done.has(u.payoutId)).map((u) => u.payoutId);
    throw new PayoutError('PAYOUT_E_CONFLICT', `${missed.length} payout(s) changed since they were read`, {
      payoutIds: missed.slice(0, 10),
    });
  }
  const rowOf = new Map(r.rows.map((x) => [x.id, x]));
  const events: {
    eventId: string;
    payoutId: string;
    seq: number;
    e: LifecycleEvent;
    reason: string | null;
    row: (typeof r.rows)[number];
  }[] = [];
  const nowMs = Date.now();
  for (const u of pay) {
    const row = rowOf.get(u.payoutId);
    if (row === undefined) continue;
    u.events.forEach((e, k) =>
      events.push({
        eventId: uuidv7(nowMs),
        payoutId: u.payoutId,
        seq: row.event_seq - u.events.length + 1 + k,
        e,
        reason: u.statusReason,
        row,
      }),
    );
  }
  if (events.length === 0) return;
  await sql`
    insert into payout_events (event_id, payout_id, seq, type, from_status, to_status, data, actor)
    select * from unnest(${events.map((x) => x.eventId)}::uuid[], ${events.map((x) => x.payoutId)}::uuid[], ${events.map((x) => x.seq)}::int[],
                         ${events.map((x) => x.e.type)}::text[], ${events.map((x) => x.e.fromStatus)}::text[], ${events.map((x) => x.e.toStatus)}::text[],
                         ${events.map((x) => jsonParam(x.e.data))}::jsonb[], ${events.map(() => batch.actor)}::text[])
  `.execute(tx);
  const notices = events.filter((x) => x.e.notify);
  if (notices.length === 0) return;
  // Same payload shape as every other outbox row (see payouts/transition-payouts.ts).
  await sql`
    insert into outbox (event_id, payout_id, client_id, seq, type, payload)
    select * from unnest(${notices.map((x) => x.eventId)}::uuid[], ${notices.map((x) => x.payoutId)}::uuid[], ${notices.map((x) => x.row.client_id)}::text[],
                         ${notices.map((x) => x.seq)}::int[], ${notices.map((x) => x.e.type)}::text[],
                         ${notices.map((x) =>
                           jsonParam({
                             eventId: x.eventId,
                             type: x.e.type,
                             payoutId: x.payoutId,
                             clientId: x.row.client_id,
                             idempotencyKey: x.row.idempotency_key,
                             seq: x.seq,
                             fromStatus: x.e.fromStatus,
                             status: x.e.toStatus,
                             reason: x.reason,
                             amountMinor: x.row.amount_minor.toString(),
                             currency: x.row.currency,
                             data: x.e.data,
                             occurredAt: x.row.updated_at,
                           }),
                         )}::jsonb[])
  `.execute(tx);
}
