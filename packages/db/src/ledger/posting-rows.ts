import { sql, type RawBuilder } from 'kysely';
import { buildPosting, type AccountKind, type Posting, type PostingCause } from '@payout/ledger';
import type { Db } from '../database.ts';

/** A posting row as the read queries return it: amounts, dates and times as text, never as floats or local Dates. */
interface PostingRow {
  readonly id: string;
  readonly journal_id: string;
  readonly cause: unknown;
  readonly effective_at: string;
  readonly booking_date: string | null;
  readonly entries: unknown;
}

/**
 * Reads postings matching `where` (a condition on `p`, the ledger_postings row) in append
 * order. Casts make the result independent of the pool's type parsers.
 */
export async function selectPostings(db: Db, where: RawBuilder<unknown>): Promise<Posting[]> {
  const r = await sql<PostingRow>`
    select p.id, p.journal_id, p.cause,
           to_char(p.effective_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as effective_at,
           p.booking_date::text as booking_date,
           (select json_agg(json_build_array(e.funding_account_id, e.account_kind, e.currency, e.amount_minor::text) order by e.entry_index)
              from ledger_entries e where e.posting_seq = p.seq) as entries
    from ledger_postings p
    where ${where}
    order by p.seq
  `.execute(db);
  return r.rows.map(postingFromRow);
}

/**
 * Rebuilds a stored posting through the builder, so what the database holds is checked again
 * on the way out (a posting that no longer balances cannot be read as if it did).
 */
function postingFromRow(row: PostingRow): Posting {
  const entries = (typeof row.entries === 'string' ? JSON.parse(row.entries) : (row.entries ?? [])) as [
    string,
    AccountKind,
    string,
    string,
  ][];
  const cause = (typeof row.cause === 'string' ? JSON.parse(row.cause) : row.cause) as PostingCause;
  return buildPosting({
    id: row.id,
    journalId: row.journal_id,
    cause,
    effectiveAt: row.effective_at,
    bookingDate: row.booking_date ?? undefined,
    entries: entries.map(([fundingAccountId, kind, currency, amount]) => ({
      account: { fundingAccountId, kind },
      currency,
      amountMinor: BigInt(amount),
    })),
  });
}
