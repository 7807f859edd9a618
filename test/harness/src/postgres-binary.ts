import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The folder holding `postgres` and `initdb`: PG_BINDIR, else the newest /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string {
  const fromEnv = process.env['PG_BINDIR'];
  if (fromEnv && existsSync(join(fromEnv, 'postgres'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'postgres')) && existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  throw new Error(
    "PostgreSQL server binaries (postgres, initdb) were not found. Run the tests through ./dev test (it installs Debian's postgresql when run as root), install them (apt-get install postgresql), set PG_BINDIR, or set DATABASE_URL.",
  );
}
