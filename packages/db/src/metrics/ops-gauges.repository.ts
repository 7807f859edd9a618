import { sql } from 'kysely';
import type { Db } from '../database.ts';

/** Upper bounds (seconds) of the age buckets unknown attempts are counted in; the last bucket is open. */
export const UNKNOWN_ATTEMPT_AGE_BUCKETS = [
  { label: 'lt_15m', maxSeconds: 15 * 60 },
  { label: '15m_1h', maxSeconds: 60 * 60 },
  { label: '1h_4h', maxSeconds: 4 * 60 * 60 },
  { label: '4h_24h', maxSeconds: 24 * 60 * 60 },
  { label: 'gt_24h', maxSeconds: Number.POSITIVE_INFINITY },
] as const;

export type UnknownAttemptAgeBucket = (typeof UNKNOWN_ATTEMPT_AGE_BUCKETS)[number]['label'];

/** The state of the system that a scrape reads from Postgres (the source of truth), not from one process. */
export interface OpsGauges {
  /** Attempts whose bank answer is unknown, by channel and age since they were sent. */
  readonly unknownAttempts: readonly { readonly channelId: string; readonly age: UnknownAttemptAgeBucket; readonly count: number }[];
  /** Seconds since the oldest unknown attempt was sent (0 when there is none). */
  readonly oldestUnknownAttemptSeconds: number;
  /** Payouts in awaiting_verification, and those whose verification time (the bank's statement time) has passed. */
  readonly awaitingVerification: { readonly count: number; readonly overdue: number; readonly oldestOverdueSeconds: number };
  /** Payouts whose next action is due, per action, and how late the most overdue one is. */
  readonly dueWork: readonly { readonly action: string; readonly due: number; readonly lagSeconds: number }[];
  /** Outbox rows (webhooks / events) not yet delivered, and the age of the oldest. */
  readonly outbox: { readonly undelivered: number; readonly oldestSeconds: number };
}

const OPEN_WITH_ATTEMPTS = ['processing', 'awaiting_verification', 'manual_review'];

/**
 * One round trip over indexed, bounded sets (open payouts, due actions, undelivered outbox
 * rows), cheap enough to run on every Prometheus scrape. Ages come from the database clock.
 *
 * @example
 *   const g = await readOpsGauges(db);
 *   g.awaitingVerification.overdue; // payouts whose statement should have verified them by now
 */
export async function readOpsGauges(db: Db): Promise<OpsGauges> {
  const bounds = UNKNOWN_ATTEMPT_AGE_BUCKETS.slice(0, -1).map((b) => b.maxSeconds);
  const r = await sql<{
    unknown: { channel_id: string; bucket: number; n: number }[] | null;
    oldest_unknown: number | null;
    awaiting: number;
    overdue: number;
    oldest_overdue: number | null;
    due: { action: string; n: number; lag: number }[] | null;
    undelivered: number;
    oldest_undelivered: number | null;
  }>`
    with unknown_attempts as (
      select a.channel_id, extract(epoch from now() - coalesce(a.sent_at, a.created_at))::float8 as age
      from payouts p join payout_attempts a on a.payout_id = p.id and a.state = 'unknown'
      where p.status = any(${OPEN_WITH_ATTEMPTS}::text[])
    ), awaiting as (
      select next_action_at from payouts where status = 'awaiting_verification'
    ), due as (
      select next_action, count(*)::int as n, extract(epoch from now() - min(next_action_at))::float8 as lag
      from payouts where next_action is not null and next_action_at <= now()
      group by next_action
    )
    select
      (select json_agg(json_build_object('channel_id', channel_id, 'bucket', bucket, 'n', n))
         from (select channel_id, width_bucket(age, ${bounds}::float8[]) as bucket, count(*)::int as n
               from unknown_attempts group by 1, 2) b) as unknown,
      (select max(age) from unknown_attempts) as oldest_unknown,
      (select count(*)::int from awaiting) as awaiting,
      (select count(*)::int from awaiting where next_action_at < now()) as overdue,
      (select extract(epoch from now() - min(next_action_at))::float8 from awaiting where next_action_at < now()) as oldest_overdue,
      (select json_agg(json_build_object('action', next_action, 'n', n, 'lag', lag)) from due) as due,
      (select count(*)::int from outbox where delivered_at is null) as undelivered,
      (select extract(epoch from now() - min(created_at))::float8 from outbox where delivered_at is null) as oldest_undelivered
  `.execute(db);
  const row = r.rows[0];
  if (row === undefined) throw new Error('ops gauges query returned no row');
  return {
    unknownAttempts: (row.unknown ?? []).map((u) => ({ channelId: u.channel_id, age: bucketLabel(u.bucket), count: u.n })),
    oldestUnknownAttemptSeconds: seconds(row.oldest_unknown),
    awaitingVerification: { count: row.awaiting, overdue: row.overdue, oldestOverdueSeconds: seconds(row.oldest_overdue) },
    dueWork: (row.due ?? []).map((d) => ({ action: d.action, due: d.n, lagSeconds: seconds(d.lag) })),
    outbox: { undelivered: row.undelivered, oldestSeconds: seconds(row.oldest_undelivered) },
  };
}

function bucketLabel(index: number): UnknownAttemptAgeBucket {
  // width_bucket: 0 below the first bound, i for [bound i-1, bound i), n past the last.
  const bucket = UNKNOWN_ATTEMPT_AGE_BUCKETS[Math.min(index, UNKNOWN_ATTEMPT_AGE_BUCKETS.length - 1)];
  return (bucket ?? UNKNOWN_ATTEMPT_AGE_BUCKETS[0]).label;
}

function seconds(value: number | null): number {
  return value === null ? 0 : Math.max(0, Math.round(Number(value)));
}
