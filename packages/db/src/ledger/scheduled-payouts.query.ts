import { sql } from 'kysely';
import { parseLocalDate, type LocalDate } from '@payout/calendar';
import type { ScheduledPayout } from '@payout/ledger';
import type { Db } from '../database.ts';

/**
 * Payouts that will take money from a funding account but hold no reservation yet: accepted
 * or held (waiting for funds), in the account's currency, requested for execution on or
 * before `until`. A payout with no requested date is due now: it is dated the UTC day it was
 * accepted, or `today` if that is earlier (a plan for a past day still counts it), so it always
 * falls inside the plan's horizon.
 *
 * @example await loadScheduledPayouts(db, [{ id: 'cn-main', currency: 'CNY' }], '2026-09-30', '2026-11-14')
 */
export async function loadScheduledPayouts(
  db: Db,
  accounts: readonly { readonly id: string; readonly currency: string }[],
  today: LocalDate,
  until: LocalDate,
): Promise<ScheduledPayout[]> {
  if (accounts.length === 0) return [];
  const r = await sql<{ id: string; funding_account: string; amount_minor: string; currency: string; d: string }>`
    select p.id::text as id, p.funding_account, p.amount_minor::text as amount_minor, p.currency::text as currency,
           coalesce(p.requested_execution_date, least((p.created_at at time zone 'UTC')::date, ${parseLocalDate(today)}::date))::text as d
    from payouts p
    join unnest(${accounts.map((x) => x.id)}::text[], ${accounts.map((x) => x.currency)}::text[]) as a(id, currency)
      on p.funding_account = a.id and p.currency = a.currency
    where p.status in ('accepted', 'held')
      and (p.requested_execution_date is null or p.requested_execution_date <= ${parseLocalDate(until)}::date)
    order by d, p.id
  `.execute(db);
  return r.rows.map((row) => ({
    payoutId: row.id,
    fundingAccountId: row.funding_account,
    amount: { amountMinor: BigInt(row.amount_minor), currency: row.currency },
    requestedExecutionDate: row.d,
  }));
}
