import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { PayoutError } from '@payout/domain';
import { pgPoolOf, type Db } from '../database.ts';
import type { Database } from '../schema/database.types.ts';

/**
 * Run `work` in one transaction on one pooled connection, handing it both a Kysely for ordinary
 * queries and the raw pg client for COPY (which Kysely cannot issue). Commits when `work`
 * resolves; rolls back when it throws. A connection whose rollback fails is discarded, never
 * returned to the pool half-way through a transaction.
 * @throws PayoutError PAYOUT_E_INTERNAL when `db` was not made by `createDb`
 */
export async function withClientTransaction<T>(db: Db, work: (tx: Db, client: pg.PoolClient) => Promise<T>): Promise<T> {
  const pool = pgPoolOf(db);
  if (pool === undefined)
    throw new PayoutError('PAYOUT_E_INTERNAL', 'statement ingestion needs a Db made by createDb (it writes lines with COPY)');
  const client = await pool.connect();
  let discard = false;
  try {
    await client.query('begin').catch((error: unknown) => {
      discard = true;
      throw error;
    });
    try {
      const result = await work(onClient(client), client);
      const done = await client.query('commit');
      // Postgres answers COMMIT with ROLLBACK when an earlier error aborted the transaction.
      if (done.command === 'ROLLBACK')
        throw new PayoutError('PAYOUT_E_INTERNAL', 'statement ingestion transaction was rolled back at commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {
        discard = true;
      });
      throw error;
    }
  } finally {
    client.release(discard);
  }
}

/** A Kysely whose every query runs on `client` (inside the caller's transaction). */
function onClient(client: pg.PoolClient): Db {
  // Only Kysely's plain (sql, parameters) form is ever called: this Kysely has no cursor configured.
  const borrowed = {
    query: (sql: string, parameters: readonly unknown[]) => client.query(sql, [...parameters]),
    // The connection belongs to withClientTransaction, which releases it once.
    release: () => undefined,
  } as unknown as PostgresPoolClient;
  const pool: PostgresPool = { connect: () => Promise.resolve(borrowed), end: () => Promise.resolve() };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
