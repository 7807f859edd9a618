import type { CliCommand } from '../cli-io.ts';
import { startLocalServers } from '../stack/local-servers.ts';
import { migrateIfAvailable } from '../stack/migrate.ts';

/**
 * `./dev demo`: starts what the system needs, checks it is healthy, and stops everything it
 * started. (The end-to-end payout demo grows here as the lifecycle lands.)
 */
export const demoCommand: CliCommand = async (_argv, io) => {
  const t0 = performance.now();
  io.stdout('Payout Worker demo — starting servers …');
  const servers = await startLocalServers(io.env);
  try {
    for (const line of servers.description) io.stdout(`  ${line}`);
    const migrated = await migrateIfAvailable(servers.databaseUrl);
    io.stdout(`  migrations: ${migrated}`);
    const h = await servers.health();
    io.stdout(`  health: redis ${h.redis}; postgres ${h.postgres}`);
  } finally {
    await servers.dispose();
  }
  io.stdout(`stopped everything the demo started (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return 0;
};
