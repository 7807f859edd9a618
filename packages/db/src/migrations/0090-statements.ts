import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Next-day verification (issue 8): ingested statement files, statements and their lines, the
 * exceptions ops must look at, and one row per verification decision.
 *
 * - `statement_files` is unique per (bank, sha-256 of the content): the same file twice is
 *   recognised before anything is written.
 * - `bank_statements` is unique per (bank, account, statement id, page): the same statement in
 *   another file is not stored twice. Each row keeps its balance check (opening + entries =
 *   closing) and its chain status against the previous statement of the account.
 * - `statement_lines` carries the link to the attempt its EndToEndId names, found at
 *   ingestion, so matching a million lines needs no million-row UPDATE later. Lines are
 *   written with COPY (in chunks, see insert-lines.ts) in the transaction of their file: a file that fails to
 *   parse leaves nothing behind. The table has no foreign keys and few indexes, on purpose:
 *   every index and FK probe is paid once per line.
 * - `statement_exceptions` and `payout_verifications` are append-only history except for the
 *   resolution stamp on an exception.
 */
export const statementsSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      create table statement_files (
        id uuid primary key,
        bank_id text not null check (length(bank_id) between 1 and 64),
        content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
        format text not null,
        source text not null check (source in ('adapter', 'cli', 'api', 'test')),
        byte_size bigint not null check (byte_size >= 0),
        statement_count integer not null check (statement_count >= 0),
        line_count integer not null check (line_count >= 0),
        ingested_by text not null,
        ingested_at timestamptz not null default now(),
        constraint statement_files_bank_content unique (bank_id, content_sha256)
      );

      create table bank_statements (
        id uuid primary key,
        file_id uuid not null references statement_files (id),
        bank_id text not null,
        account_id text not null check (length(account_id) between 1 and 64),
        statement_id text not null check (length(statement_id) between 1 and 140),
        page integer not null default 0 check (page >= 0),
        last_page boolean,
        electronic_seq text,
        legal_seq text,
        format text not null,
        version text,
        currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
        statement_date date not null,
        period_from date,
        period_to date,
        bank_created_at text,
        opening_minor bigint,
        closing_minor bigint,
        credits_minor bigint not null check (credits_minor >= 0),
        debits_minor bigint not null check (debits_minor >= 0),
        credit_count integer not null check (credit_count >= 0),
        debit_count integer not null check (debit_count >= 0),
        line_count integer not null check (line_count >= 0),
        balance_check text not null check (balance_check in ('ok', 'mismatch', 'not_applicable')),
        chain_status text not null check (chain_status in ('continuous', 'broken', 'unverifiable', 'first')),
        chain_detail jsonb not null default '{}'::jsonb,
        matched_at timestamptz,
        ingested_at timestamptz not null default now(),
        constraint bank_statements_identity unique (bank_id, account_id, statement_id, page)
      );
      create index bank_statements_account_date_idx on bank_statements (bank_id, account_id, statement_date);

      create table statement_lines (
        id bigint generated always as identity primary key,
        -- No foreign keys on this table: a million-line file would pay a million FK probes. Lines are
        -- written only by ingestion, in the transaction that writes their statement, and their
        -- attempt/payout links come from a join on payout_attempts itself.
        statement_row_id uuid not null,
        line_index integer not null check (line_index >= 0),
        entry_index integer not null check (entry_index >= 0),
        bank_id text not null,
        account_id text not null,
        currency char(3) not null,
        amount_minor bigint not null check (amount_minor >= 0),
        direction text not null check (direction in ('debit', 'credit')),
        reversal boolean not null,
        status text not null check (status in ('booked', 'pending', 'info')),
        booking_date date,
        value_date date,
        bank_reference text,
        customer_reference text,
        end_to_end_id text,
        uetr text,
        bank_tx_code text,
        is_return boolean not null,
        return_code text,
        return_info text,
        counterparty_name text,
        counterparty_account text,
        remittance_info text,
        location text not null,
        raw text not null,
        -- The attempt this line belongs to: by reference at ingestion, or by a unique fallback match.
        attempt_id uuid,
        payout_id uuid,
        match_kind text check (match_kind in ('end_to_end_id', 'uetr', 'fallback')),
        constraint statement_lines_position unique (statement_row_id, line_index),
        constraint statement_lines_match_complete check ((attempt_id is null) = (match_kind is null))
      );
      create index statement_lines_attempt_idx on statement_lines (attempt_id) where attempt_id is not null;
      -- Fallback candidates: booked debits that name no attempt, per account and day.
      create index statement_lines_unreferenced_idx on statement_lines (bank_id, account_id, booking_date)
        where attempt_id is null and direction = 'debit' and status = 'booked' and not reversal;
      create index statement_lines_returns_idx on statement_lines (statement_row_id) where is_return or reversal;

      create table statement_exceptions (
        id bigint generated always as identity primary key,
        line_id bigint not null references statement_lines (id),
        bank_id text not null,
        account_id text not null,
        kind text not null check (kind in ('unmatched_debit', 'debit_for_failed_attempt', 'duplicate_debit', 'amount_mismatch', 'unlinked_return', 'return_contradiction')),
        attempt_id uuid,
        payout_id uuid,
        detail text not null,
        created_at timestamptz not null default now(),
        resolved_at timestamptz,
        resolution text,
        constraint statement_exceptions_line_kind unique (line_id, kind)
      );
      create index statement_exceptions_open_idx on statement_exceptions (bank_id, created_at) where resolved_at is null;

      create table payout_verifications (
        id bigint generated always as identity primary key,
        payout_id uuid not null references payouts (id),
        attempt_id uuid not null references payout_attempts (id),
        outcome text not null check (outcome in ('succeeded', 'failed', 'returned', 'manual_review', 'deferred')),
        reason text not null,
        evidence_line_id bigint references statement_lines (id),
        candidates jsonb not null default '[]'::jsonb,
        coverage jsonb not null default '{}'::jsonb,
        bank_verdict jsonb not null default '{}'::jsonb,
        actor text not null,
        created_at timestamptz not null default now()
      );
      create index payout_verifications_payout_idx on payout_verifications (payout_id, created_at);

      create trigger payout_verifications_append_only before update or delete on payout_verifications
        for each row execute function payout_forbid_history_change();

      -- A later payout can name the one it replaces (after a return or a verified failure).
      alter table payouts add column replaces_payout_id uuid references payouts (id);
      create index payouts_replaces_idx on payouts (replaces_payout_id) where replaces_payout_id is not null;
    `.execute(db);
  },
};
