import { sql } from 'kysely';
import { assertTimeZone } from '@payout/calendar';
import { CONFIRMED_CASH_KINDS, type DriftLine } from '@payout/ledger';
import type { Db } from '../database.ts';

interface DriftRow {
  readonly statement_id: string;
  readonly balance_date: string;
  readonly closing_minor: string;
  readonly confirmed: string;
  readonly settled_awaiting: string;
}

/**
 * The drift report (driftReport's rule) computed in Postgres for the latest `limit` statements
 * of an account: for each statement, the confirmed cash the ledger holds at the end of its
 * date (a posting counts on its booking date, else on the local date of its effective time
 * in `timeZone`) against the statement's closing balance. Oldest first, like driftReport.
 *
 * @example await loadDrift(db, { fundingAccountId: 'cn-main', currency: 'CNY', timeZone: 'Asia/Shanghai' })
 */
export async function loadDrift(
  db: Db,
  q: { readonly fundingAccountId: string; readonly currency: string; readonly timeZone: string; readonly limit?: number },
): Promise<DriftLine[]> {
  assertTimeZone(q.timeZone);
  const limit = Math.max(1, Math.min(q.limit ?? 31, 366));
  const r = await sql<DriftRow>`
    with s as (
      select statement_id, balance_date, closing_minor from ledger_statement_balances
      where funding_account_id = ${q.fundingAccountId} and currency = ${q.currency}
      order by balance_date desc, statement_id collate "C" desc
      limit ${limit}
    ), cash as (
      select coalesce(p.booking_date, (p.effective_at at time zone ${q.timeZone})::date) as d, e.account_kind, e.amount_minor
      from ledger_entries e join ledger_postings p on p.seq = e.posting_seq
      where e.funding_account_id = ${q.fundingAccountId} and e.currency = ${q.currency}
        and e.account_kind = any(${[...CONFIRMED_CASH_KINDS]}::text[])
    )
    select s.statement_id, s.balance_date::text as balance_date, s.closing_minor::text as closing_minor,
           coalesce((select sum(c.amount_minor) from cash c where c.d <= s.balance_date), 0)::text as confirmed,
           coalesce((select sum(c.amount_minor) from cash c where c.d <= s.balance_date and c.account_kind = 'cash_settled_unconfirmed'), 0)::text as settled_awaiting
    from s
    order by s.balance_date, s.statement_id collate "C"
  `.execute(db);
  return r.rows.map((row) => {
    const closing = BigInt(row.closing_minor);
    const confirmed = BigInt(row.confirmed);
    const drift = closing - confirmed;
    return Object.freeze({
      fundingAccountId: q.fundingAccountId,
      currency: q.currency,
      statementId: row.statement_id,
      date: row.balance_date,
      statementClosingMinor: closing,
      ledgerConfirmedMinor: confirmed,
      driftMinor: drift,
      status: drift === 0n ? ('in_balance' as const) : ('drift' as const),
      settledAwaitingStatementMinor: BigInt(row.settled_awaiting),
    });
  });
}
