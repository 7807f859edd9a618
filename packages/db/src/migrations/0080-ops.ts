import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Ops: the time a payout entered its current status (stuck ages), maker-checker proposals,
 * bulk-action previews with their confirmation tokens, and the log of bank requests and
 * answers (bodies masked) the timeline shows.
 *
 * Database-enforced, not only in code:
 * - an approved proposal was decided by someone other than its proposer (CHECK);
 * - at most one pending proposal per payout (partial unique index);
 * - a decided proposal never changes again and proposals are never deleted (trigger);
 * - a bulk preview's token is used at most once (the consuming UPDATE is guarded on used_at);
 * - bank exchanges are append-only (trigger).
 */
export const opsSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      alter table payouts add column status_changed_at timestamptz;
      update payouts set status_changed_at = updated_at;
      alter table payouts alter column status_changed_at set not null, alter column status_changed_at set default now();

      -- Every status change stamps the time, whoever writes it. An explicit value wins (imports, tests).
      create function payouts_stamp_status_change() returns trigger language plpgsql as $fn$
      begin
        if new.status is distinct from old.status and new.status_changed_at is not distinct from old.status_changed_at then
          new.status_changed_at := now();
        end if;
        return new;
      end
      $fn$;
      create trigger payouts_status_changed_at before update of status on payouts
        for each row execute function payouts_stamp_status_change();

      -- The stuck list: waiting states, oldest first.
      create index payouts_stuck_idx on payouts (status, status_changed_at)
        where status in ('accepted', 'held', 'processing', 'awaiting_verification', 'manual_review');
      -- The latest attempt per payout (bank filter, timeline).
      create index payout_attempts_payout_no_idx on payout_attempts (payout_id, attempt_no desc);
      create index payout_events_payout_seq_idx on payout_events (payout_id, seq);

      create table ops_proposals (
        id uuid primary key,
        payout_id uuid not null references payouts (id),
        action text not null check (action = 'force_resolve'),
        target_status text not null check (target_status in ('succeeded', 'failed')),
        reason text not null check (length(btrim(reason)) between 1 and 2000),
        override_reason text check (length(override_reason) <= 2000),
        evidence jsonb not null check (jsonb_typeof(evidence) = 'array' and jsonb_array_length(evidence) between 1 and 20),
        payout_status_at_proposal text not null,
        payout_version_at_proposal integer not null,
        status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'withdrawn', 'expired')),
        proposed_by text not null check (length(proposed_by) between 1 and 200),
        proposed_role text not null check (proposed_role in ('operator', 'approver')),
        proposed_request_id text,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        decided_by text,
        decided_role text,
        decided_at timestamptz,
        decision_reason text check (length(decision_reason) <= 2000),
        decided_request_id text,
        constraint ops_proposals_expiry check (expires_at > created_at),
        -- Maker-checker in the database: one person alone never moves money.
        constraint ops_proposals_second_person check (status <> 'approved' or (decided_by is not null and decided_by <> proposed_by and decided_role = 'approver')),
        constraint ops_proposals_decided_when check ((status = 'pending') = (decided_at is null))
      );
      create unique index ops_proposals_one_pending_idx on ops_proposals (payout_id) where status = 'pending';
      create index ops_proposals_status_idx on ops_proposals (status, created_at);

      create function ops_proposals_guard() returns trigger language plpgsql as $fn$
      begin
        if tg_op = 'DELETE' then
          raise exception 'ops_proposals are never deleted' using errcode = 'restrict_violation';
        end if;
        if old.status <> 'pending' then
          raise exception 'proposal % is % and cannot change', old.id, old.status using errcode = 'restrict_violation';
        end if;
        if (new.id, new.payout_id, new.action, new.target_status, new.reason, new.override_reason, new.evidence,
            new.payout_status_at_proposal, new.payout_version_at_proposal, new.proposed_by, new.proposed_role,
            new.proposed_request_id, new.created_at, new.expires_at)
           is distinct from
           (old.id, old.payout_id, old.action, old.target_status, old.reason, old.override_reason, old.evidence,
            old.payout_status_at_proposal, old.payout_version_at_proposal, old.proposed_by, old.proposed_role,
            old.proposed_request_id, old.created_at, old.expires_at) then
          raise exception 'only the decision of proposal % can be recorded', old.id using errcode = 'restrict_violation';
        end if;
        return new;
      end
      $fn$;
      create trigger ops_proposals_guard before update or delete on ops_proposals
        for each row execute function ops_proposals_guard();

      create table ops_bulk_previews (
        id uuid primary key,
        token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
        action text not null check (action in ('repoll', 'retry', 'cancel')),
        filter jsonb not null,
        payout_ids uuid[] not null,
        summary jsonb not null,
        created_by text not null,
        created_role text not null,
        request_id text,
        created_at timestamptz not null,
        expires_at timestamptz not null check (expires_at > created_at),
        used_at timestamptz,
        used_by text,
        used_request_id text,
        constraint ops_bulk_previews_used check ((used_at is null) = (used_by is null))
      );

      create table bank_exchanges (
        id bigserial primary key,
        bank_id text not null,
        operation text not null check (operation in ('submit', 'query', 'statement')),
        payout_ids uuid[] not null default '{}',
        end_to_end_ids text[] not null default '{}',
        request jsonb not null,
        response jsonb,
        outcome text not null,
        started_at timestamptz not null,
        duration_ms integer not null check (duration_ms >= 0),
        created_at timestamptz not null default now()
      );
      create index bank_exchanges_e2e_idx on bank_exchanges using gin (end_to_end_ids);
      create index bank_exchanges_payout_idx on bank_exchanges using gin (payout_ids);
      create trigger bank_exchanges_append_only before update or delete on bank_exchanges
        for each row execute function payout_forbid_history_change();
      create trigger bank_exchanges_no_truncate before truncate on bank_exchanges
        for each statement execute function payout_forbid_history_change();
    `.execute(db);
  },
};
