import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Calendars as operable reference data (issue 14; ADR 0004): imported calendar years with
 * their maker-checker decision, and ops alerts (calendar coverage running out).
 *
 * Database-enforced, not only in code:
 * - an approved year was approved by an approver other than its proposer (CHECK), the same
 *   rule as a force-resolve;
 * - at most one proposed and at most one approved (in force) year per calendar and year
 *   (partial unique indexes); approving a correction supersedes the year in force;
 * - rows are never deleted; a decided row changes only from approved to superseded, and a
 *   proposal's content never changes (trigger);
 * - an alert is raised once per calendar, covered-until day and threshold (unique index) and
 *   never changes (trigger).
 */
export const calendarYearsSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      create table calendar_years (
        id uuid primary key,
        calendar_id text not null check (calendar_id ~ '^[A-Z0-9-]{2,20}$'),
        year integer not null check (year between 2000 and 2199),
        data jsonb not null check (jsonb_typeof(data) = 'object' and (data->>'year')::int = year and data->>'calendar' = calendar_id),
        checks jsonb not null check (jsonb_typeof(checks) = 'object'),
        status text not null default 'proposed' check (status in ('proposed', 'approved', 'rejected', 'withdrawn', 'superseded')),
        reason text not null check (length(btrim(reason)) between 1 and 2000),
        proposed_by text not null check (length(proposed_by) between 1 and 200),
        proposed_role text not null check (proposed_role in ('operator', 'approver')),
        proposed_request_id text,
        proposed_at timestamptz not null,
        decided_by text,
        decided_role text,
        decided_at timestamptz,
        decision_reason text check (length(decision_reason) <= 2000),
        decided_request_id text,
        superseded_at timestamptz,
        constraint calendar_years_second_person check (
          status not in ('approved', 'superseded') or (decided_by is not null and decided_by <> proposed_by and decided_role = 'approver')),
        constraint calendar_years_decided_when check ((status = 'proposed') = (decided_at is null))
      );
      create unique index calendar_years_one_proposed_idx on calendar_years (calendar_id, year) where status = 'proposed';
      create unique index calendar_years_one_in_force_idx on calendar_years (calendar_id, year) where status = 'approved';
      create index calendar_years_status_idx on calendar_years (status, proposed_at);

      create function calendar_years_guard() returns trigger language plpgsql as $fn$
      begin
        if tg_op = 'DELETE' then
          raise exception 'calendar_years rows are never deleted' using errcode = 'restrict_violation';
        end if;
        if (new.id, new.calendar_id, new.year, new.data, new.checks, new.reason, new.proposed_by, new.proposed_role,
            new.proposed_request_id, new.proposed_at)
           is distinct from
           (old.id, old.calendar_id, old.year, old.data, old.checks, old.reason, old.proposed_by, old.proposed_role,
            old.proposed_request_id, old.proposed_at) then
          raise exception 'calendar year % cannot be edited; propose a new one', old.id using errcode = 'restrict_violation';
        end if;
        if old.status = 'proposed' then return new; end if;
        if old.status = 'approved' and new.status = 'superseded'
           and (new.decided_by, new.decided_role, new.decided_at, new.decision_reason, new.decided_request_id)
               is not distinct from (old.decided_by, old.decided_role, old.decided_at, old.decision_reason, old.decided_request_id) then
          return new;
        end if;
        raise exception 'calendar year % is % and cannot change', old.id, old.status using errcode = 'restrict_violation';
      end
      $fn$;
      create trigger calendar_years_guard before update or delete on calendar_years
        for each row execute function calendar_years_guard();

      create table ops_alerts (
        id bigint generated always as identity primary key,
        kind text not null check (kind ~ '^[a-z_.]{1,60}$'),
        dedupe_key text not null check (length(dedupe_key) between 1 and 300),
        severity text not null check (severity in ('info', 'warning', 'critical')),
        message text not null check (length(message) between 1 and 2000),
        details jsonb not null default '{}'::jsonb,
        raised_at timestamptz not null
      );
      create unique index ops_alerts_once_idx on ops_alerts (kind, dedupe_key);
      create index ops_alerts_raised_idx on ops_alerts (raised_at desc);
      create function ops_alerts_append_only() returns trigger language plpgsql as $fn$
      begin
        raise exception 'ops_alerts are append-only' using errcode = 'restrict_violation';
      end
      $fn$;
      create trigger ops_alerts_append_only before update or delete on ops_alerts
        for each row execute function ops_alerts_append_only();
    `.execute(db);
  },
};
