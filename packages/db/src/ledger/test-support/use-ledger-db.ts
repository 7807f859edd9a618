import { afterAll, beforeAll } from 'vitest';
import { createDb, type Db } from '../../database.ts';
import { migrateToLatest } from '../../migrate.ts';
import { usePostgres } from '@payout/test-harness/vitest';

/**
 * A fresh, fully migrated database for one integration test file (the payouts schema and the
 * ledger tables of 0100_ledger), with a pool that parses int8 as bigint like production.
 * `handle.db` is available from beforeAll on.
 */
export function useLedgerDb(opts: { readonly maxConnections?: number } = {}): { readonly db: Db; readonly url: string } {
  const pg = usePostgres();
  let db: Db | undefined;
  beforeAll(async () => {
    db = createDb({ url: pg.url, maxConnections: opts.maxConnections ?? 4, applicationName: 'ledger-test' });
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  return {
    get db(): Db {
      if (db === undefined) throw new Error('useLedgerDb().db is available from beforeAll on');
      return db;
    },
    get url(): string {
      return pg.url;
    },
  };
}
