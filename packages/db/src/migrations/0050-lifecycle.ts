import { sql, type Kysely, type Migration } from 'kysely';

/**
 * What the payout lifecycle (submit, poll, escalate) needs beyond the initial schema:
 * - `payout_attempts.poll_count`: status queries made for the attempt (bounds polling);
 * - an index per next action, so each worker role claims its due rows without scanning the others';
 * - `channel_daily_usage`: what each channel has been given per bank-local day, locked and
 *   bumped in the submit transaction, so the per-day limit holds across worker processes.
 */
export const lifecycleSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      alter table payout_attempts add column poll_count integer not null default 0 check (poll_count >= 0);

      create index payouts_next_action_kind_idx on payouts (next_action, next_action_at) where next_action is not null;

      create table channel_daily_usage (
        channel_id text not null check (length(channel_id) between 1 and 64),
        business_date date not null,
        used_minor bigint not null default 0 check (used_minor >= 0),
        updated_at timestamptz not null default now(),
        primary key (channel_id, business_date)
      );
    `.execute(db);
  },
};
