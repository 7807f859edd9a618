import { defineCommand, readCommandLine } from '../args.ts';
import type { CliCommand } from '../cli-io.ts';

export const MIGRATE_SPEC = defineCommand({
  usage: ['usage: payout migrate [--json]', '', 'Applies every pending database migration (forward-only) to DATABASE_URL.'].join('\n'),
  options: { json: { type: 'boolean', description: 'print {"applied": [...]} as JSON' } },
});

/**
 * `./dev payout migrate`: brings the database at DATABASE_URL to the latest schema.
 * Exit 0 when up to date, 1 when a migration failed, 2 for usage/config errors.
 */
export const migrateCommand: CliCommand = async (argv, io) => {
  const parsed = readCommandLine(MIGRATE_SPEC, argv, io, 'run ./dev payout migrate --help');
  if (typeof parsed === 'number') return parsed;
  const url = io.env['DATABASE_URL'];
  if (url === undefined || url === '') {
    io.stderr(
      'error [PAYOUT_E_CONFIG_INVALID]: DATABASE_URL is not set — export DATABASE_URL=postgres://user:pass@host:5432/payout and run again',
    );
    return 2;
  }
  const { migrateDatabaseUrl } = await import('@payout/db');
  let applied: readonly string[];
  try {
    applied = await migrateDatabaseUrl(url);
  } catch (err) {
    io.stderr(
      `error [PAYOUT_E_INTERNAL]: ${err instanceof Error ? err.message : String(err)} — nothing after the failed migration ran; fix the cause and run ./dev payout migrate again`,
    );
    return 1;
  }
  if (parsed.values.json === true) io.stdout(JSON.stringify({ applied }));
  else io.stdout(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
  return 0;
};
