import { sql } from 'kysely';
import { PayoutError } from '@payout/domain';
import { buildPosting, postingFingerprint, type AppendResult, type Posting } from '@payout/ledger';
import type { Db } from '../database.ts';
import { atomically, pgErrorInfo } from './atomically.ts';
import { selectPostings } from './posting-rows.ts';

interface Candidate {
  readonly posting: Posting;
  readonly fingerprint: string;
}

/**
 * Appends postings with one multi-row statement (postings and their entries together),
 * idempotent on posting id: an id already stored with identical content is a duplicate and
 * writes nothing; the same id with other content throws PAYOUT_E_CONFLICT and nothing of the
 * call is written; an unbalanced posting throws PAYOUT_E_LEDGER_UNBALANCED before any write.
 *
 * Inside a caller's transaction the call runs under a savepoint, and the database checks the
 * balance of every posting again at the caller's COMMIT.
 *
 * @example const { appended, duplicates } = await appendPostings(tx, decision.postings);
 */
export async function appendPostings(db: Db, postings: readonly Posting[]): Promise<AppendResult> {
  if (postings.length === 0) return { appended: [], duplicates: [] };
  // The builder re-checks everything a caller could have bypassed: balance per currency, at
  // least two non-zero bigint entries, known kinds and currencies, a valid instant.
  const given = postings.map((p) => buildPosting(p));
  const unique = new Map<string, Candidate>();
  for (const posting of given) {
    const fingerprint = postingFingerprint(posting);
    const seen = unique.get(posting.id);
    if (seen !== undefined && seen.fingerprint !== fingerprint) throw conflict(posting.id);
    if (seen === undefined) unique.set(posting.id, { posting, fingerprint });
  }
  let inserted: ReadonlySet<string>;
  try {
    inserted = await atomically(db, async (tx) => {
      const ids = [...unique.keys()];
      const stored = await assertSameAsStored(tx, ids, unique);
      const fresh = [...unique.values()].filter((c) => !stored.has(c.posting.id));
      const written = await insertPostings(
        tx,
        fresh.map((c) => c.posting),
      );
      // Another transaction committed one of our ids between the read and the insert: it is a
      // duplicate only if its content is ours.
      const raced = fresh.filter((c) => !written.has(c.posting.id)).map((c) => c.posting.id);
      if (raced.length > 0) await assertSameAsStored(tx, raced, unique);
      return written;
    });
  } catch (err) {
    // On a plain pool the deferred balance check runs at our own COMMIT.
    const { code, constraint } = pgErrorInfo(err);
    if (code === '23514' && constraint === 'ledger_postings_balanced') {
      throw new PayoutError(
        'PAYOUT_E_LEDGER_UNBALANCED',
        `the database refused an unbalanced posting: ${err instanceof Error ? err.message : String(err)}`,
        {},
        { cause: err },
      );
    }
    throw err;
  }
  const appended: string[] = [];
  const duplicates: string[] = [];
  const reported = new Set<string>();
  for (const p of given) {
    if (inserted.has(p.id) && !reported.has(p.id)) appended.push(p.id);
    else duplicates.push(p.id);
    reported.add(p.id);
  }
  return { appended, duplicates };
}

/** Throws PAYOUT_E_CONFLICT when a stored posting differs from the candidate of the same id; returns the stored ids. */
async function assertSameAsStored(db: Db, ids: readonly string[], candidates: ReadonlyMap<string, Candidate>): Promise<Set<string>> {
  const stored = await selectPostings(db, sql`p.id = any(${ids}::text[])`);
  for (const s of stored) {
    const c = candidates.get(s.id);
    if (c !== undefined && c.fingerprint !== postingFingerprint(s)) throw conflict(s.id);
  }
  return new Set(stored.map((s) => s.id));
}

/** One statement: the postings (in the order given, so `seq` is append order) and the entries of those that were new. */
async function insertPostings(db: Db, postings: readonly Posting[]): Promise<Set<string>> {
  if (postings.length === 0) return new Set();
  const entries = postings.flatMap((p) => p.entries.map((e, i) => ({ postingId: p.id, i, e })));
  const r = await sql<{ id: string }>`
    with input as (
      select * from unnest(${postings.map((p) => p.id)}::text[], ${postings.map((p) => p.journalId)}::text[],
                           ${postings.map((p) => JSON.stringify(p.cause))}::jsonb[], ${postings.map((p) => p.effectiveAt)}::timestamptz[],
                           ${postings.map((p) => p.bookingDate ?? null)}::date[])
        with ordinality as t(id, journal_id, cause, effective_at, booking_date, ord)
    ), inserted as (
      insert into ledger_postings (id, journal_id, cause, effective_at, booking_date)
      select id, journal_id, cause, effective_at, booking_date from input order by ord
      on conflict (id) do nothing
      returning seq, id
    ), new_entries as (
      insert into ledger_entries (posting_seq, entry_index, funding_account_id, account_kind, currency, amount_minor)
      select i.seq, e.entry_index, e.funding_account_id, e.account_kind, e.currency, e.amount_minor
      from unnest(${entries.map((x) => x.postingId)}::text[], ${entries.map((x) => x.i)}::int[], ${entries.map((x) => x.e.account.fundingAccountId)}::text[],
                  ${entries.map((x) => x.e.account.kind)}::text[], ${entries.map((x) => x.e.currency)}::text[], ${entries.map((x) => x.e.amountMinor.toString())}::bigint[])
        as e(posting_id, entry_index, funding_account_id, account_kind, currency, amount_minor)
      join inserted i on i.id = e.posting_id
      returning 1
    )
    select id from inserted
  `.execute(db);
  return new Set(r.rows.map((x) => x.id));
}

function conflict(postingId: string): PayoutError {
  return new PayoutError('PAYOUT_E_CONFLICT', `posting ${postingId} already exists with different content; postings are append-only`, {
    postingId,
  });
}
