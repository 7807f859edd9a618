import type { CliCommand } from '../cli-io.ts';
import { startLocalServers } from '../stack/local-servers.ts';
import { migrateIfAvailable } from '../stack/migrate.ts';

/** `./dev start`: runs the services until SIGINT/SIGTERM, then stops what it started. */
export const startCommand: CliCommand = async (_argv, io) => {
  const servers = await startLocalServers(io.env);
  try {
    for (const line of servers.description) io.stdout(line);
    io.stdout(`migrations: ${await migrateIfAvailable(servers.databaseUrl)}`);
    io.stdout('running — press Ctrl-C to stop');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } finally {
    await servers.dispose();
  }
  io.stdout('stopped');
  return 0;
};
