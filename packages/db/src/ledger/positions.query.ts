import { sql } from 'kysely';
import { positionKey, positionsFromKindBalances, type AccountKind, type Position } from '@payout/ledger';
import type { Db } from '../database.ts';

interface BalanceRow {
  readonly funding_account_id: string;
  readonly currency: string;
  readonly account_kind: AccountKind;
  readonly balance: string;
  readonly as_of: string;
}

/**
 * Positions straight from the ledger tables: the balance of every account kind is a SUM in
 * Postgres (an index-only scan of ledger_entries), so no posting is loaded into memory. The
 * formula is computePositions'; an integration test proves both agree on the same postings.
 *
 * @example const [cn] = await loadPositions(db, { fundingAccountIds: ['cn-main'] });
 */
export async function loadPositions(
  db: Db,
  filter: { readonly fundingAccountIds?: readonly string[] | undefined } = {},
): Promise<Position[]> {
  const ids = filter.fundingAccountIds;
  const where = ids === undefined ? sql`true` : sql`e.funding_account_id = any(${[...ids]}::text[])`;
  const r = await sql<BalanceRow>`
    select e.funding_account_id, e.currency, e.account_kind, sum(e.amount_minor)::text as balance,
           to_char(max(p.effective_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as as_of
    from ledger_entries e
    join ledger_postings p on p.seq = e.posting_seq
    where ${where}
    group by e.funding_account_id, e.currency, e.account_kind
  `.execute(db);
  const acc = new Map<string, { fundingAccountId: string; currency: string; kinds: Map<AccountKind, bigint>; asOf: string }>();
  for (const row of r.rows) {
    const key = positionKey(row.funding_account_id, row.currency);
    let a = acc.get(key);
    if (a === undefined) {
      a = { fundingAccountId: row.funding_account_id, currency: row.currency, kinds: new Map(), asOf: row.as_of };
      acc.set(key, a);
    }
    a.kinds.set(row.account_kind, BigInt(row.balance));
    if (row.as_of > a.asOf) a.asOf = row.as_of;
  }
  return positionsFromKindBalances(acc);
}
