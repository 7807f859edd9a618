import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, createDb, issueApiKey } from '@payout/db';
import { defineCommand, readCommandLine } from '@payout/cli/args';
import type { DevCommand } from '../command.ts';
import { demoSimConfig } from '../stack/demo-banks.ts';
import { startLocalServers } from '../stack/local-servers.ts';
import { migrateIfAvailable } from '../stack/migrate.ts';
import { startServiceStack, type ServiceStack } from '../stack/service-stack.ts';

export const START_SPEC = defineCommand({
  usage: [
    'usage: ./dev start',
    "  Runs Redis, Postgres, the bank simulator (the demo's three banks, no outage, simulated clock =",
    '  real time), the API and two worker processes until Ctrl-C, restarting a process that exits.',
    '  Prints an API key for the client "dev". REDIS_URL / DATABASE_URL: use those servers instead.',
  ].join('\n'),
  options: {},
});

/**
 * `./dev start`: the demo's services without the load — Redis, Postgres, the bank simulator
 * (the demo's three banks, no outage, simulated clock = real time), the API and two worker
 * processes — until SIGINT/SIGTERM; then stops everything it started. A process that exits is
 * restarted with backoff, and the screen says so. Prints an API key for a `dev` client so
 * `curl` works at once.
 */
export const startCommand: DevCommand = async (argv, io) => {
  const parsed = readCommandLine(START_SPEC, argv, io, 'run ./dev start --help');
  if (typeof parsed === 'number') return parsed;
  const servers = await startLocalServers(io.env);
  const dir = mkdtempSync(join(tmpdir(), 'payout-start-'));
  let stack: ServiceStack | undefined;
  try {
    for (const line of servers.description) io.stdout(line);
    io.stdout(`migrations: ${await migrateIfAvailable(servers.databaseUrl)}`);
    const db = createDb({ url: servers.databaseUrl, maxConnections: 1, applicationName: 'payout-start' });
    let key: string;
    try {
      await createApiClient(db, { id: 'dev', displayName: 'Local development' }).catch(() => undefined);
      key = (await issueApiKey(db, { clientId: 'dev', scopes: ['payouts:write', 'payouts:read', 'ops'], actor: 'dev', role: 'approver' }))
        .key;
    } finally {
      await db.destroy();
    }
    stack = await startServiceStack({
      redisUrl: servers.redisUrl,
      databaseUrl: servers.databaseUrl,
      queuePrefix: 'payout',
      dir,
      // Simulated time a little ahead of the wall clock: rows the intake stamps with the database clock are due at once.
      ...demoSimConfig('payout-start', new Date(Date.now() + 10_000), 1, { outage: false }),
      workers: 2,
      workerEnv: { LOG_LEVEL: 'info' },
      // As a process manager would in production; the services themselves survive Redis and Postgres restarts.
      supervise: (line) => io.stdout(`supervisor: ${line}`),
    });
    for (const line of stack.description) io.stdout(line);
    io.stdout(`logs: ${dir}`);
    io.stdout(`API key of client "dev" (shown once): ${key}`);
    io.stdout(`try: curl -s -H 'Authorization: Bearer ${key}' -H 'Idempotency-Key: try-1' -H 'content-type: application/json' \\`);
    io.stdout(
      `  -d '{"amount":"12.34","currency":"CNY","beneficiary":{"name":"Test","scheme":"cn_bank","accountNumber":"6222020200001234567"}}' ${stack.apiUrl}/v1/payouts`,
    );
    io.stdout('running — press Ctrl-C to stop');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } finally {
    await stack?.stop();
    await servers.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  io.stdout('stopped');
  return 0;
};
