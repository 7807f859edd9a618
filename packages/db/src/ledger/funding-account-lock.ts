import { sql } from 'kysely';
import type { Db } from '../database.ts';

/**
 * Serialises the liquidity decisions on funding accounts: transaction-scoped advisory locks,
 * taken in a fixed order (no deadlock between two batches locking overlapping accounts) and
 * released at COMMIT or ROLLBACK. Take them in the submit transaction before reading the
 * positions the gate decides on, and keep them until the reservations of the covered payouts
 * are appended: otherwise two workers see the same `available` and both spend it.
 *
 * @example
 *   await db.transaction().execute(async (tx) => {
 *     await lockFundingAccounts(tx, [...new Set(due.map((d) => d.payout.fundingAccount))]);
 *     const gate = decideLiquidity(await loadPositions(tx, { fundingAccountIds }), candidates, …);
 *     … writeLifecycleBatch(tx, …); await appendLifecyclePostings(tx, reserves);
 *   });
 */
export async function lockFundingAccounts(tx: Db, fundingAccountIds: readonly string[]): Promise<void> {
  if (!tx.isTransaction)
    throw new Error('lockFundingAccounts needs a transaction: a transaction-scoped lock on the pool would be released at once');
  const ids = [...new Set(fundingAccountIds)].sort();
  if (ids.length === 0) return;
  await sql`
    select pg_advisory_xact_lock(hashtextextended('payout-ledger-funding-account:' || t.id, 0))
    from unnest(${ids}::text[]) with ordinality as t(id, ord)
    order by t.ord
  `.execute(tx);
}
