/** Runs the database migrations when the db package provides them; says what it did. */
export async function migrateIfAvailable(databaseUrl: string): Promise<string> {
  const db = (await import('@payout/db')) as Record<string, unknown>;
  const migrate = db['migrateDatabaseUrl'];
  if (typeof migrate !== 'function') return 'none yet (packages/db has no migrations)';
  const applied = await (migrate as (url: string) => Promise<readonly string[]>)(databaseUrl);
  return applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`;
}
