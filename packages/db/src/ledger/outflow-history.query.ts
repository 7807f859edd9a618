import { sql } from 'kysely';
import { parseLocalDate, type LocalDate } from '@payout/calendar';
import type { AccountOutflowObservation } from '@payout/ledger';
import type { Db } from '../database.ts';

/**
 * Daily payout outflow per funding account, from the ledger: the debits statements have
 * shown (`payouts_settled` entries, dated by the statement's booking date), gross — returns
 * are inflows and do not shrink a day's outflow. A day that a recorded statement covers with
 * no debit is an observation of 0; a day nothing covers is no observation (unknown is not
 * zero). Only days in [from, to) count.
 *
 * @example await loadOutflowHistory(db, [{ id: 'cn-main', currency: 'CNY' }], '2025-08-26', '2026-09-30')
 */
export async function loadOutflowHistory(
  db: Db,
  accounts: readonly { readonly id: string; readonly currency: string }[],
  from: LocalDate,
  to: LocalDate,
): Promise<AccountOutflowObservation[]> {
  if (accounts.length === 0) return [];
  const [f, t] = [parseLocalDate(from), parseLocalDate(to)];
  const r = await sql<{ funding_account_id: string; d: string; outflow: string }>`
    with a as (
      select * from unnest(${accounts.map((x) => x.id)}::text[], ${accounts.map((x) => x.currency)}::text[]) as a(id, currency)
    ), debits as (
      select e.funding_account_id, p.booking_date as d, sum(e.amount_minor) as outflow
      from a
      join ledger_entries e on e.funding_account_id = a.id and e.currency = a.currency and e.account_kind = 'payouts_settled'
      join ledger_postings p on p.seq = e.posting_seq
      where e.amount_minor > 0 and p.booking_date >= ${f}::date and p.booking_date < ${t}::date
      group by e.funding_account_id, p.booking_date
    ), covered as (
      select distinct s.funding_account_id, s.balance_date as d
      from a join ledger_statement_balances s on s.funding_account_id = a.id and s.currency = a.currency
      where s.balance_date >= ${f}::date and s.balance_date < ${t}::date
    )
    select k.funding_account_id, k.d::text as d, coalesce(debits.outflow, 0)::text as outflow
    from (select funding_account_id, d from debits union select funding_account_id, d from covered) k
    left join debits on debits.funding_account_id = k.funding_account_id and debits.d = k.d
    order by k.funding_account_id collate "C", k.d
  `.execute(db);
  return r.rows.map((row) => ({ fundingAccountId: row.funding_account_id, date: row.d, outflowMinor: BigInt(row.outflow) }));
}
