import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The ledger and the pre-funding plan (issue 9; ADR 0006). The Postgres LedgerStore that
 * writes these tables lives in `packages/db/src/ledger/` (in `packages/ledger/src/store/` until issue 15).
 *
 * Database-enforced, not only in code:
 * - postings and their entries are append-only: UPDATE, DELETE and TRUNCATE fail (trigger);
 * - every posting balances per currency and has at least two non-zero entries: a deferred
 *   constraint trigger checks each posting at COMMIT, so the entries of one posting may be
 *   written by several statements of one transaction, but an unbalanced posting never commits;
 * - posting ids are unique (deterministic ids derived from the cause: a replay adds nothing);
 * - statement balances, funding-account configuration versions and recorded plans are
 *   append-only too (configuration changes by adding a version, so every plan stays auditable).
 *
 * The account kinds below mirror ACCOUNT_KINDS of @payout/ledger at the time of writing; a
 * ledger integration test proves every kind is accepted. A new kind needs a new migration.
 */
export const ledgerSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      create table ledger_postings (
        seq bigint generated always as identity primary key,
        id text not null check (length(id) between 1 and 400),
        journal_id text not null check (length(journal_id) between 1 and 400),
        cause jsonb not null check (jsonb_typeof(cause) = 'object'
          and cause->>'kind' in ('payout', 'funding', 'opening_balance', 'adjustment')),
        payout_id text generated always as (case when cause->>'kind' = 'payout' then cause->>'payoutId' end) stored,
        transfer_id text generated always as (case when cause->>'kind' = 'funding' then cause->>'transferId' end) stored,
        effective_at timestamptz not null,
        booking_date date,
        recorded_at timestamptz not null default now(),
        constraint ledger_postings_id unique (id),
        constraint ledger_postings_payout_cause check (cause->>'kind' <> 'payout'
          or (cause ? 'payoutId' and cause ? 'attempt' and cause ? 'step')),
        constraint ledger_postings_funding_cause check (cause->>'kind' <> 'funding'
          or (cause ? 'transferId' and cause ? 'sourceAccountId' and cause ? 'step'))
      );
      create index ledger_postings_payout_idx on ledger_postings (payout_id, seq) where payout_id is not null;
      create index ledger_postings_transfer_idx on ledger_postings (transfer_id, seq) where transfer_id is not null;
      create index ledger_postings_booking_idx on ledger_postings (booking_date) where booking_date is not null;

      create table ledger_entries (
        posting_seq bigint not null references ledger_postings (seq),
        entry_index smallint not null check (entry_index >= 0),
        funding_account_id text not null check (length(funding_account_id) between 1 and 128),
        account_kind text not null check (account_kind in (
          'cash_available', 'cash_reserved', 'cash_unknown_exposure', 'cash_settled_unconfirmed',
          'funding_in_transit', 'returns_in_transit', 'payouts_settled',
          'funding_clearing', 'opening_balance', 'statement_adjustments')),
        currency text not null check (currency ~ '^[A-Z]{3}$'),
        amount_minor bigint not null check (amount_minor <> 0),
        primary key (posting_seq, entry_index)
      );
      -- Positions are sums per (account, currency, kind): an index-only scan.
      create index ledger_entries_balance_idx on ledger_entries (funding_account_id, currency, account_kind) include (amount_minor, posting_seq);

      -- Raised at COMMIT for a posting whose entries do not sum to zero in every currency.
      create function ledger_check_posting_balanced() returns trigger language plpgsql as $fn$
      declare
        v_seq bigint;
        v_id text;
        v_count integer;
        v_currency text;
        v_sum numeric;
      begin
        if tg_table_name = 'ledger_postings' then
          v_seq := new.seq;
        else
          v_seq := new.posting_seq;
        end if;
        -- One pass: the entry count and the first currency (if any) whose entries do not sum to zero.
        select coalesce(sum(n), 0), min(currency) filter (where total <> 0)
          into v_count, v_currency
          from (select currency, count(*) as n, sum(amount_minor) as total
                  from ledger_entries where posting_seq = v_seq group by currency) per_currency;
        if v_count < 2 then
          select id into v_id from ledger_postings where seq = v_seq;
          raise exception 'ledger posting % has % entries; a posting needs at least two', v_id, v_count
            using errcode = 'check_violation', constraint = 'ledger_postings_balanced';
        end if;
        if v_currency is not null then
          select id into v_id from ledger_postings where seq = v_seq;
          select sum(amount_minor) into v_sum from ledger_entries where posting_seq = v_seq and currency = v_currency;
          raise exception 'ledger posting % does not balance in %: entries sum to % minor units', v_id, v_currency, v_sum
            using errcode = 'check_violation', constraint = 'ledger_postings_balanced';
        end if;
        return null;
      end
      $fn$;
      create constraint trigger ledger_postings_balanced after insert on ledger_postings
        deferrable initially deferred for each row execute function ledger_check_posting_balanced();
      create constraint trigger ledger_entries_balanced after insert on ledger_entries
        deferrable initially deferred for each row execute function ledger_check_posting_balanced();

      create table ledger_statement_balances (
        funding_account_id text not null check (length(funding_account_id) between 1 and 128),
        currency text not null check (currency ~ '^[A-Z]{3}$'),
        statement_id text not null check (length(statement_id) between 1 and 140),
        balance_date date not null,
        closing_minor bigint not null,
        opening_minor bigint,
        recorded_at timestamptz not null default now(),
        primary key (funding_account_id, currency, statement_id)
      );
      create index ledger_statement_balances_date_idx on ledger_statement_balances (funding_account_id, currency, balance_date);

      -- Funding-account configuration, one row per version: the latest version of an account is
      -- its configuration; older ones explain older plans.
      create table liquidity_funding_accounts (
        account_id text not null check (account_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
        version integer not null check (version > 0),
        active boolean not null,
        currency text not null check (currency ~ '^[A-Z]{3}$'),
        rail text not null check (length(rail) between 1 and 64),
        rail_cutoff_name text,
        calendar text,
        time_zone text,
        internal_cutoff text not null check (internal_cutoff ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        funding_opens_at text check (funding_opens_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        funding_source text not null check (length(funding_source) between 1 and 128),
        buffer_minor bigint check (buffer_minor >= 0),
        transfer_rounding_minor bigint check (transfer_rounding_minor >= 1),
        changed_by text not null check (length(changed_by) between 1 and 200),
        changed_at timestamptz not null default now(),
        primary key (account_id, version)
      );

      -- Every plan anyone computed from the database, with the inputs it was computed from.
      create table liquidity_plans (
        id uuid primary key,
        plan_key text not null,
        planned_at timestamptz not null,
        as_of date,
        source text not null,
        recorded_by text not null check (length(recorded_by) between 1 and 200),
        settings jsonb not null check (jsonb_typeof(settings) = 'object'),
        inputs jsonb not null check (jsonb_typeof(inputs) = 'object'),
        plan jsonb not null check (jsonb_typeof(plan) = 'object'),
        account_count integer not null check (account_count >= 0),
        transfer_count integer not null check (transfer_count >= 0),
        recorded_at timestamptz not null default now()
      );
      create index liquidity_plans_recorded_idx on liquidity_plans (recorded_at desc, id desc);

      create trigger ledger_postings_append_only before update or delete on ledger_postings
        for each row execute function payout_forbid_history_change();
      create trigger ledger_postings_no_truncate before truncate on ledger_postings
        for each statement execute function payout_forbid_history_change();
      create trigger ledger_entries_append_only before update or delete on ledger_entries
        for each row execute function payout_forbid_history_change();
      create trigger ledger_entries_no_truncate before truncate on ledger_entries
        for each statement execute function payout_forbid_history_change();
      create trigger ledger_statement_balances_append_only before update or delete on ledger_statement_balances
        for each row execute function payout_forbid_history_change();
      create trigger ledger_statement_balances_no_truncate before truncate on ledger_statement_balances
        for each statement execute function payout_forbid_history_change();
      create trigger liquidity_funding_accounts_append_only before update or delete on liquidity_funding_accounts
        for each row execute function payout_forbid_history_change();
      create trigger liquidity_funding_accounts_no_truncate before truncate on liquidity_funding_accounts
        for each statement execute function payout_forbid_history_change();
      create trigger liquidity_plans_append_only before update or delete on liquidity_plans
        for each row execute function payout_forbid_history_change();
      create trigger liquidity_plans_no_truncate before truncate on liquidity_plans
        for each statement execute function payout_forbid_history_change();
    `.execute(db);
  },
};
