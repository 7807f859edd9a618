import { sql, type RawBuilder } from 'kysely';
import type { AttemptState, PayoutStatus } from '@payout/domain';
import type { Db } from '../database.ts';

/** Which payouts count as stuck: per state, entered it before the cut-off; then the filters. */
export interface StuckQuery {
  readonly cutoffs: readonly { readonly status: PayoutStatus; readonly enteredBefore: Date }[];
  /** Channel (bank) of the payout's latest attempt. */
  readonly bankIds?: readonly string[] | undefined;
  readonly clientIds?: readonly string[] | undefined;
  readonly currency?: string | undefined;
  readonly minAmountMinor?: bigint | undefined;
  readonly maxAmountMinor?: bigint | undefined;
  readonly enteredAfter?: Date | undefined;
}

export interface StuckPage {
  readonly limit: number;
  /** Keyset: continue after this (statusChangedAt, id). */
  readonly after?: { readonly statusChangedAt: Date; readonly id: string } | undefined;
}

export interface StuckPayout {
  readonly id: string;
  readonly clientId: string;
  readonly status: PayoutStatus;
  readonly statusReason: string | null;
  readonly statusChangedAt: Date;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly nextAction: string | null;
  readonly nextActionAt: Date | null;
  readonly attemptCount: number;
  readonly version: number;
  readonly bankId: string | null;
  readonly attemptState: AttemptState | null;
  readonly endToEndId: string | null;
}

export interface StuckBucket {
  readonly status: PayoutStatus;
  readonly bankId: string | null;
  readonly currency: string;
  readonly count: number;
  readonly amountMinor: bigint;
  readonly oldestSince: Date;
}

/** The filtered set, as a CTE both the list and the buckets read. */
function stuckSource(q: StuckQuery): RawBuilder<unknown> {
  const statuses = q.cutoffs.map((c) => c.status);
  const befores = q.cutoffs.map((c) => c.enteredBefore);
  const where: RawBuilder<unknown>[] = [sql`true`];
  if (q.bankIds !== undefined) where.push(sql`a.channel_id = any(${[...q.bankIds]}::text[])`);
  if (q.clientIds !== undefined) where.push(sql`p.client_id = any(${[...q.clientIds]}::text[])`);
  if (q.currency !== undefined) where.push(sql`p.currency = ${q.currency}`);
  if (q.minAmountMinor !== undefined) where.push(sql`p.amount_minor >= ${q.minAmountMinor.toString()}::bigint`);
  if (q.maxAmountMinor !== undefined) where.push(sql`p.amount_minor <= ${q.maxAmountMinor.toString()}::bigint`);
  if (q.enteredAfter !== undefined) where.push(sql`p.status_changed_at >= ${q.enteredAfter}`);
  return sql`
    select p.id, p.client_id, p.status, p.status_reason, p.status_changed_at, p.amount_minor, p.currency, p.next_action,
           p.next_action_at, p.attempt_count, p.version, a.channel_id as bank_id, a.state as attempt_state, a.end_to_end_id
    from unnest(${statuses}::text[], ${befores}::timestamptz[]) as c(status, entered_before)
    join payouts p on p.status = c.status and p.status_changed_at < c.entered_before
    left join lateral (
      select channel_id, state, end_to_end_id from payout_attempts where payout_id = p.id order by attempt_no desc limit 1
    ) a on true
    where ${sql.join(where, sql` and `)}
  `;
}

interface Row {
  id: string;
  client_id: string;
  status: PayoutStatus;
  status_reason: string | null;
  status_changed_at: Date;
  amount_minor: bigint;
  currency: string;
  next_action: string | null;
  next_action_at: Date | null;
  attempt_count: number;
  version: number;
  bank_id: string | null;
  attempt_state: AttemptState | null;
  end_to_end_id: string | null;
}

/** Stuck payouts, oldest in their state first. */
export async function listStuckPayouts(db: Db, q: StuckQuery, page: StuckPage): Promise<StuckPayout[]> {
  if (q.cutoffs.length === 0) return [];
  const after =
    page.after === undefined ? sql`true` : sql`(s.status_changed_at, s.id) > (${page.after.statusChangedAt}, ${page.after.id}::uuid)`;
  const r = await sql<Row>`
    with s as (${stuckSource(q)})
    select * from s where ${after} order by s.status_changed_at, s.id limit ${page.limit}
  `.execute(db);
  return r.rows.map((x) => ({
    id: x.id,
    clientId: x.client_id,
    status: x.status,
    statusReason: x.status_reason,
    statusChangedAt: x.status_changed_at,
    amountMinor: x.amount_minor,
    currency: x.currency.trim(),
    nextAction: x.next_action,
    nextActionAt: x.next_action_at,
    attemptCount: x.attempt_count,
    version: x.version,
    bankId: x.bank_id,
    attemptState: x.attempt_state,
    endToEndId: x.end_to_end_id,
  }));
}

/** Counts and amounts (exact, per currency) per state × bank, over the whole filtered set. */
export async function summarizeStuckPayouts(db: Db, q: StuckQuery): Promise<StuckBucket[]> {
  if (q.cutoffs.length === 0) return [];
  const r = await sql<{ status: PayoutStatus; bank_id: string | null; currency: string; n: bigint; total: string; oldest: Date }>`
    with s as (${stuckSource(q)})
    select status, bank_id, currency, count(*) as n, sum(amount_minor)::text as total, min(status_changed_at) as oldest
    from s group by status, bank_id, currency order by min(status_changed_at)
  `.execute(db);
  return r.rows.map((x) => ({
    status: x.status,
    bankId: x.bank_id,
    currency: x.currency.trim(),
    count: Number(x.n),
    amountMinor: BigInt(x.total),
    oldestSince: x.oldest,
  }));
}
