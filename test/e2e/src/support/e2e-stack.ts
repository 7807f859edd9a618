import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimConfigInput } from '@payout/bank-sim';
import { createDb, migrateToLatest, type Db } from '@payout/db';
import { channelsFor, type cnySimBank } from '@payout/test-kit';
import { startBankSimProcess, type BankSimProcess } from './bank-sim.process.ts';
import { startWorkerFleet, type WorkerFleet } from './worker-fleet.ts';

type SimBank = ReturnType<typeof cnySimBank>;

export interface E2eStack {
  readonly dir: string;
  readonly db: Db;
  readonly sim: BankSimProcess;
  /** Where the simulated clock started: payouts seeded before the workers run are due from here. */
  readonly simStart: Date;
  readonly workerEnv: Record<string, string>;
  startWorkers(n: number, env?: Record<string, string>): Promise<WorkerFleet>;
  dispose(): Promise<void>;
}

/**
 * A bank-sim process, a migrated database and the environment for worker processes that
 * follow the simulator's clock. Worker fleets started through it are stopped by `dispose`.
 */
export async function startE2eStack(opts: {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly banks: readonly SimBank[];
  readonly seed: string;
  /** Simulated ms per real ms. */
  readonly speed: number;
  /** The simulated instant the run starts at, named by the test (see cnBusinessDayAt). */
  readonly simStart: Date;
  readonly simExtra?: Partial<SimConfigInput>;
  readonly workerEnv?: Record<string, string>;
}): Promise<E2eStack> {
  const dir = mkdtempSync(join(tmpdir(), 'payout-e2e-'));
  const fleets: WorkerFleet[] = [];
  let sim: BankSimProcess | undefined;
  let db: Db | undefined;
  try {
    sim = await startBankSimProcess(
      {
        seed: opts.seed,
        clock: { start: opts.simStart.toISOString(), speed: opts.speed },
        maxHoldMs: 30_000,
        banks: [...opts.banks],
        ...opts.simExtra,
      },
      dir,
    );
    db = createDb({ url: opts.databaseUrl, maxConnections: 4 });
    await migrateToLatest(db);
    const workerEnv: Record<string, string> = {
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: opts.redisUrl,
      QUEUE_PREFIX: opts.queuePrefix,
      WORKER_ROLES: 'submit,poll,notify',
      WORKER_CHANNELS: JSON.stringify(channelsFor(sim.url, opts.banks)),
      CLOCK: 'sim',
      SIM_URL: sim.url,
      METRICS_PORT: '-1',
      LOG_LEVEL: process.env['PAYOUT_E2E_WORKER_LOG_LEVEL'] ?? 'warn',
      SUBMIT_TIMEOUT_MS: '1500',
      QUERY_TIMEOUT_MS: '1500',
      RATE_LIMIT_WAIT_MS: '1000',
      IDLE_POLL_MS: '100',
      SHUTDOWN_GRACE_MS: '2000',
      // Restarted workers reuse compiled code: a restart costs less CPU.
      NODE_COMPILE_CACHE: fileURLToPath(new URL('../../../../node_modules/.cache/node-compile', import.meta.url)),
      BREAKER_RESET_MS: '2000',
      NOT_FOUND_SETTLE_MS: '5000',
      ...opts.workerEnv,
    };
    const s = sim;
    const d = db;
    return {
      dir,
      db: d,
      sim: s,
      simStart: opts.simStart,
      workerEnv,
      async startWorkers(n, env = {}) {
        const fleet = await startWorkerFleet(n, { ...workerEnv, ...env }, dir);
        fleets.push(fleet);
        return fleet;
      },
      async dispose() {
        await Promise.all(fleets.map((f) => f.stop(5_000)));
        await s.stop();
        await d.destroy();
        if (process.env['PAYOUT_E2E_KEEP_LOGS'] === undefined) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await sim?.stop();
    await db?.destroy();
    throw error;
  }
}
