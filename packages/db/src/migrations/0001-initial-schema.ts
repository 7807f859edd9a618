import { sql, type Kysely, type Migration } from 'kysely';
import { ATTEMPT_STATES, PAYOUT_STATUSES } from '@payout/domain';

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * The payout record and the invariants the database itself enforces:
 * - one payout per (client, idempotency key);
 * - amounts are positive bigint minor units;
 * - at most one attempt per payout that is not definitively failed (partial unique index);
 * - end-to-end ids unique and ≤ 35 characters;
 * - payout_events, audit_log and intake_rejections are append-only (triggers).
 */
export const initialSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      create table api_clients (
        id text primary key check (id ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
        display_name text not null check (length(display_name) between 1 and 200),
        created_at timestamptz not null default now(),
        disabled_at timestamptz
      );

      create table api_keys (
        id uuid primary key,
        client_id text not null references api_clients (id),
        key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
        key_prefix text not null,
        scopes text[] not null check (cardinality(scopes) > 0 and scopes <@ array['payouts:write', 'payouts:read', 'ops']::text[]),
        actor text not null check (length(actor) between 1 and 200),
        role text not null check (role in ('viewer', 'operator', 'approver')),
        created_at timestamptz not null default now(),
        revoked_at timestamptz
      );
      create index api_keys_client_idx on api_keys (client_id);

      create table payouts (
        id uuid primary key,
        client_id text not null references api_clients (id),
        idempotency_key text not null check (length(idempotency_key) between 1 and 255),
        request_fingerprint text not null check (request_fingerprint ~ '^[0-9a-f]{64}$'),
        amount_minor bigint not null check (amount_minor > 0),
        currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
        funding_account text not null check (length(funding_account) between 1 and 64),
        beneficiary jsonb not null check (jsonb_typeof(beneficiary) = 'object'
          and beneficiary ? 'name' and beneficiary ? 'scheme' and beneficiary ? 'accountNumber'),
        rail_preference text,
        remittance_info text check (length(remittance_info) <= 140),
        requested_execution_date date,
        status text not null check (status in (${list(PAYOUT_STATUSES)})),
        status_reason text,
        next_action text check (next_action in ('submit', 'poll', 'verify')),
        next_action_at timestamptz,
        attempt_count integer not null default 0 check (attempt_count >= 0),
        version integer not null default 1 check (version >= 1),
        event_seq integer not null default 0 check (event_seq >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint payouts_client_idempotency_key unique (client_id, idempotency_key),
        constraint payouts_next_action_has_time check ((next_action is null) = (next_action_at is null))
      );
      -- The sweeper's scan: overdue next steps, oldest first.
      create index payouts_next_action_due_idx on payouts (next_action_at) where next_action is not null;
      -- Keyset pagination (newest first), per client and across clients (ops), optionally by status.
      create index payouts_client_created_idx on payouts (client_id, created_at desc, id desc);
      create index payouts_created_idx on payouts (created_at desc, id desc);
      create index payouts_status_created_idx on payouts (status, created_at desc, id desc);

      create table payout_attempts (
        id uuid primary key,
        payout_id uuid not null references payouts (id),
        attempt_no integer not null check (attempt_no > 0),
        channel_id text not null check (length(channel_id) between 1 and 64),
        end_to_end_id varchar(35) not null check (end_to_end_id ~ '^[!-~]{1,35}$'),
        state text not null check (state in (${list(ATTEMPT_STATES)})),
        bank_reference text,
        status_code text,
        reason_code text,
        sent_at timestamptz,
        answered_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint payout_attempts_end_to_end_id unique (end_to_end_id),
        constraint payout_attempts_payout_attempt_no unique (payout_id, attempt_no)
      );
      -- The database half of the no-double-payout rule: every attempt that is not definitively
      -- failed (sending, accepted, pending, unknown, succeeded) blocks a second one.
      create unique index payout_attempts_one_live_idx on payout_attempts (payout_id) where state <> 'failed';

      create table payout_events (
        id bigserial primary key,
        event_id uuid not null unique,
        payout_id uuid not null references payouts (id),
        seq integer not null check (seq > 0),
        type text not null,
        from_status text,
        to_status text,
        data jsonb not null default '{}'::jsonb,
        actor text not null,
        created_at timestamptz not null default now(),
        constraint payout_events_payout_seq unique (payout_id, seq)
      );

      create table outbox (
        id bigserial primary key,
        event_id uuid not null unique,
        payout_id uuid references payouts (id),
        client_id text,
        seq integer,
        type text not null,
        payload jsonb not null,
        created_at timestamptz not null default now(),
        delivered_at timestamptz
      );
      create index outbox_undelivered_idx on outbox (id) where delivered_at is null;

      create table audit_log (
        id bigserial primary key,
        actor text not null,
        role text,
        action text not null,
        target text not null,
        reason text,
        before jsonb,
        after jsonb,
        request_id text,
        outcome text not null,
        created_at timestamptz not null default now()
      );
      create index audit_log_target_idx on audit_log (target, created_at);

      create table intake_rejections (
        id uuid primary key,
        dedupe_key text not null unique,
        source text not null check (source in ('queue', 'http')),
        client_id text,
        idempotency_key text,
        job_id text,
        code text not null,
        reason text not null,
        request_masked jsonb not null,
        created_at timestamptz not null default now()
      );
      create index intake_rejections_client_idx on intake_rejections (client_id, created_at);

      create function payout_forbid_history_change() returns trigger language plpgsql as $fn$
      begin
        raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
          using errcode = 'restrict_violation';
      end
      $fn$;

      create trigger payout_events_append_only before update or delete on payout_events
        for each row execute function payout_forbid_history_change();
      create trigger payout_events_no_truncate before truncate on payout_events
        for each statement execute function payout_forbid_history_change();
      create trigger audit_log_append_only before update or delete on audit_log
        for each row execute function payout_forbid_history_change();
      create trigger audit_log_no_truncate before truncate on audit_log
        for each statement execute function payout_forbid_history_change();
      create trigger intake_rejections_append_only before update or delete on intake_rejections
        for each row execute function payout_forbid_history_change();
      create trigger intake_rejections_no_truncate before truncate on intake_rejections
        for each statement execute function payout_forbid_history_change();
    `.execute(db);
  },
};
