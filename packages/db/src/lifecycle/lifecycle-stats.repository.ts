import { sql } from 'kysely';
import type { PayoutStatus } from '@payout/domain';
import type { Db } from '../database.ts';

/** Payouts per status (of one client when given). */
export async function countPayoutsByStatus(
  db: Db,
  opts: { readonly clientId?: string } = {},
): Promise<Partial<Record<PayoutStatus, number>>> {
  const where = opts.clientId === undefined ? sql`` : sql`where client_id = ${opts.clientId}`;
  const r = await sql<{ status: PayoutStatus; n: bigint }>`select status, count(*) as n from payouts ${where} group by status`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
}

export interface ChannelAttemptStats {
  readonly channelId: string;
  readonly attempts: number;
  readonly succeeded: number;
  readonly failed: number;
  /** sending, accepted, pending or unknown. */
  readonly open: number;
}

/** Attempts per channel by outcome: a channel's success rate is succeeded / attempts. */
export async function attemptStatsByChannel(db: Db): Promise<ChannelAttemptStats[]> {
  const r = await sql<{ channel_id: string; attempts: bigint; succeeded: bigint; failed: bigint }>`
    select channel_id, count(*) as attempts,
           count(*) filter (where state = 'succeeded') as succeeded,
           count(*) filter (where state = 'failed') as failed
    from payout_attempts group by channel_id order by channel_id
  `.execute(db);
  return r.rows.map((x) => ({
    channelId: x.channel_id,
    attempts: Number(x.attempts),
    succeeded: Number(x.succeeded),
    failed: Number(x.failed),
    open: Number(x.attempts - x.succeeded - x.failed),
  }));
}

/**
 * Time from acceptance to the first event that put each payout in one of `statuses`
 * (by the database clock), as percentiles in ms.
 */
export async function timeToStatusPercentiles(
  db: Db,
  statuses: readonly PayoutStatus[],
  percentiles: readonly number[],
): Promise<{ readonly count: number; readonly ms: readonly number[] }> {
  const r = await sql<{ n: bigint; ms: number[] | null }>`
    with firsts as (
      select p.id, min(e.created_at) - p.created_at as took
      from payouts p join payout_events e on e.payout_id = p.id and e.to_status = any(${[...statuses]}::text[])
      group by p.id, p.created_at
    )
    select count(*) as n,
           percentile_cont(${[...percentiles]}::float8[]) within group (order by extract(epoch from took) * 1000) as ms
    from firsts
  `.execute(db);
  const row = r.rows[0];
  return { count: Number(row?.n ?? 0n), ms: (row?.ms ?? []).map((x) => Math.round(Number(x))) };
}

/** Payouts whose newest event put them in their current final or waiting status without a reason. */
export async function payoutsWithoutReason(db: Db, statuses: readonly PayoutStatus[]): Promise<number> {
  const r = await sql<{ n: bigint }>`
    select count(*) as n from payouts where status = any(${[...statuses]}::text[]) and (status_reason is null or status_reason = '')
  `.execute(db);
  return Number(r.rows[0]?.n ?? 0n);
}

/** Every payout's id, status and reason (tests and the demo's final check; one row per payout). */
export async function listPayoutStatuses(
  db: Db,
): Promise<{ readonly id: string; readonly status: PayoutStatus; readonly statusReason: string | null }[]> {
  const r = await sql<{
    id: string;
    status: PayoutStatus;
    status_reason: string | null;
  }>`select id, status, status_reason from payouts`.execute(db);
  return r.rows.map((x) => ({ id: x.id, status: x.status, statusReason: x.status_reason }));
}

/** The ids of a client's payouts with these idempotency keys (key → id); missing keys are absent. */
export async function payoutIdsByKeys(db: Db, clientId: string, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const r = await sql<{ idempotency_key: string; id: string }>`
    select idempotency_key, id from payouts where client_id = ${clientId} and idempotency_key = any(${[...keys]}::text[])
  `.execute(db);
  return new Map(r.rows.map((x) => [x.idempotency_key, x.id]));
}

/** Open payouts (accepted, held, processing) grouped by next action and reason, largest groups first. */
export async function openPayoutGroups(
  db: Db,
  limit = 5,
): Promise<
  {
    readonly status: string;
    readonly nextAction: string | null;
    readonly reason: string;
    readonly n: number;
    readonly nextAt: Date | null;
  }[]
> {
  const r = await sql<{ status: string; next_action: string | null; reason: string; n: bigint; next_at: Date | null }>`
    select status, next_action, left(coalesce(status_reason, ''), 90) as reason, count(*) as n, min(next_action_at) as next_at
    from payouts where status in ('accepted', 'held', 'processing')
    group by 1, 2, 3 order by n desc limit ${limit}
  `.execute(db);
  return r.rows.map((x) => ({ status: x.status, nextAction: x.next_action, reason: x.reason, n: Number(x.n), nextAt: x.next_at }));
}

/** How long it took (database clock) from the first to the last first attempt: the submit stage's pace. */
export async function firstAttemptSpan(db: Db): Promise<{ readonly payouts: number; readonly seconds: number }> {
  const r = await sql<{ n: bigint; s: number | null }>`
    select count(*) as n, extract(epoch from max(created_at) - min(created_at)) as s from payout_attempts where attempt_no = 1
  `.execute(db);
  return { payouts: Number(r.rows[0]?.n ?? 0n), seconds: Number(r.rows[0]?.s ?? 0) };
}
