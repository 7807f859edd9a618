import { Migrator } from 'kysely';
import type { Db } from './database.ts';
import { createDb } from './database.ts';
import { MIGRATIONS } from './migrations/migration-list.ts';

/**
 * Applies every pending migration (Kysely takes a lock, so concurrent service starts are safe)
 * and returns the names applied. Throws when one fails; nothing after it runs.
 *
 * @example
 *   const applied = await migrateToLatest(db); // ['0001_initial_schema'] on a fresh database
 */
export async function migrateToLatest(db: Db): Promise<readonly string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Opens a short-lived pool, migrates, closes it (used by `./dev payout migrate` and the demo). */
export async function migrateDatabaseUrl(url: string): Promise<readonly string[]> {
  const db = createDb({ url, maxConnections: 1, applicationName: 'payout-migrate' });
  try {
    return await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
