import { sql } from 'kysely';
import type { Db } from '../database.ts';

export interface ChannelDay {
  readonly channelId: string;
  /** Bank-local date, `YYYY-MM-DD`. */
  readonly businessDate: string;
}

/**
 * Inside the caller's transaction: lock the per-day usage rows of these channel-days
 * (creating missing ones at 0) and return what each has used, in minor units. Rows are locked
 * in key order, so concurrent submit batches queue behind each other instead of deadlocking,
 * and the per-day limit holds across every worker process.
 */
export async function lockChannelUsage(tx: Db, days: readonly ChannelDay[]): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  if (days.length === 0) return out;
  const sorted = [...new Map(days.map((d) => [usageKey(d), d])).values()].sort((a, b) => usageKey(a).localeCompare(usageKey(b)));
  const channels = sorted.map((d) => d.channelId);
  const dates = sorted.map((d) => d.businessDate);
  await sql`
    insert into channel_daily_usage (channel_id, business_date)
    select * from unnest(${channels}::text[], ${dates}::date[])
    order by 1, 2
    on conflict do nothing
  `.execute(tx);
  const r = await sql<{ channel_id: string; business_date: string; used_minor: bigint }>`
    select u.channel_id, u.business_date, u.used_minor from channel_daily_usage u
    join unnest(${channels}::text[], ${dates}::date[]) as k(channel_id, business_date)
      on u.channel_id = k.channel_id and u.business_date = k.business_date
    order by u.channel_id, u.business_date
    for update of u
  `.execute(tx);
  for (const row of r.rows) out.set(usageKey({ channelId: row.channel_id, businessDate: row.business_date }), row.used_minor);
  return out;
}

/** Add amounts to locked channel-days (same transaction as `lockChannelUsage`). */
export async function addChannelUsage(tx: Db, additions: readonly (ChannelDay & { readonly amountMinor: bigint })[]): Promise<void> {
  if (additions.length === 0) return;
  await sql`
    update channel_daily_usage u set used_minor = u.used_minor + v.amount, updated_at = now()
    from unnest(${additions.map((a) => a.channelId)}::text[], ${additions.map((a) => a.businessDate)}::date[], ${additions.map((a) => a.amountMinor)}::bigint[])
      as v(channel_id, business_date, amount)
    where u.channel_id = v.channel_id and u.business_date = v.business_date
  `.execute(tx);
}

export function usageKey(d: ChannelDay): string {
  return `${d.channelId}|${d.businessDate}`;
}
