import { sql } from 'kysely';
import { PayoutError } from '@payout/domain';
import type { Db } from '../database.ts';

export interface ChannelDay {
  readonly channelId: string;
  /** Bank-local date, `YYYY-MM-DD`. */
  readonly businessDate: string;
}

/**
 * What these channel-days have used so far, without locking them (creating missing ones at 0).
 * The submit batch routes on this snapshot and books with `bookChannelUsage`, whose conditional
 * increment keeps the per-day limit across processes: concurrent batches no longer queue
 * behind one another's whole transaction (the same-run benchmark showed 4 submit loops waiting
 * 9–32 s on these rows in a 20 s window).
 */
export async function readChannelUsage(db: Db, days: readonly ChannelDay[]): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  if (days.length === 0) return out;
  const sorted = [...new Map(days.map((d) => [usageKey(d), d])).values()].sort((a, b) => usageKey(a).localeCompare(usageKey(b)));
  const channels = sorted.map((d) => d.channelId);
  const dates = sorted.map((d) => d.businessDate);
  const r = await sql<{ channel_id: string; business_date: string; used_minor: bigint }>`
    select u.channel_id, u.business_date, u.used_minor from channel_daily_usage u
    join unnest(${channels}::text[], ${dates}::date[]) as k(channel_id, business_date)
      on u.channel_id = k.channel_id and u.business_date = k.business_date
  `.execute(db);
  for (const row of r.rows) out.set(usageKey({ channelId: row.channel_id, businessDate: row.business_date }), row.used_minor);
  for (const d of sorted) if (!out.has(usageKey(d))) out.set(usageKey(d), 0n);
  return out;
}

/**
 * Inside the submit transaction, as its last write: add what the batch routed to each
 * channel-day, but only where the total stays within `limitMinor`. If another batch used the
 * room meanwhile, nothing is booked and PAYOUT_E_CONFLICT rolls the whole batch back (its
 * payouts stay due and are routed again on fresh usage). Rows are created and updated in key
 * order, so two batches cannot deadlock.
 */
/** `details.reason` of the conflict bookChannelUsage raises: the caller may simply route again. */
export const CHANNEL_DAY_RACE = 'channel_day_limit_race';

export async function bookChannelUsage(
  tx: Db,
  additions: readonly (ChannelDay & { readonly amountMinor: bigint; readonly limitMinor: bigint })[],
): Promise<void> {
  if (additions.length === 0) return;
  const sorted = [...additions].sort((a, b) => usageKey(a).localeCompare(usageKey(b)));
  await sql`
    insert into channel_daily_usage (channel_id, business_date)
    select * from unnest(${sorted.map((a) => a.channelId)}::text[], ${sorted.map((a) => a.businessDate)}::date[])
    order by 1, 2
    on conflict do nothing
  `.execute(tx);
  const r = await sql<{ channel_id: string }>`
    update channel_daily_usage u set used_minor = u.used_minor + v.amount, updated_at = now()
    from unnest(${sorted.map((a) => a.channelId)}::text[], ${sorted.map((a) => a.businessDate)}::date[], ${sorted.map((a) => a.amountMinor)}::bigint[],
                ${sorted.map((a) => a.limitMinor)}::bigint[])
      as v(channel_id, business_date, amount, limit_minor)
    where u.channel_id = v.channel_id and u.business_date = v.business_date and u.used_minor + v.amount <= v.limit_minor
    returning u.channel_id
  `.execute(tx);
  if (r.rows.length !== sorted.length) {
    throw new PayoutError(
      'PAYOUT_E_CONFLICT',
      'a channel reached its per-day limit while this batch was routed; the batch is routed again',
      {
        reason: CHANNEL_DAY_RACE,
        channels: sorted.map((a) => a.channelId),
      },
    );
  }
}

export function usageKey(d: ChannelDay): string {
  return `${d.channelId}|${d.businessDate}`;
}
