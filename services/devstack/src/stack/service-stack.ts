import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BankSimClient, type SimConfigInput } from '@payout/bank-sim';
import { channelsFor, type SimBankWithProfile } from '@payout/test-kit';
import { startChildService, type ChildService, type SuperviseOptions } from './child-service.ts';

/** A deployable's process entry, through its package's `./main` export (`@payout/api/main` …). */
const entry = (pkg: string): string => createRequire(import.meta.url).resolve(`${pkg}/main`);
const COMPILE_CACHE = fileURLToPath(new URL('../../../../node_modules/.cache/node-compile', import.meta.url));

export interface ServiceStackOptions {
  readonly redisUrl: string;
  readonly databaseUrl: string;
  readonly queuePrefix: string;
  /** Logs and config files go here. */
  readonly dir: string;
  readonly sim: SimConfigInput;
  /** The simulator's banks that are the workers' channels, with the profiles the workers use. */
  readonly channels: readonly SimBankWithProfile[];
  readonly workers: number;
  /** Extra worker environment (timeouts, breaker reset …). */
  readonly workerEnv?: Record<string, string>;
  /** Restart a process that exits with backoff, telling `report` (`./dev start`); absent: a dead process stays dead. */
  readonly supervise?: (line: string) => void;
}

export interface ServiceStack {
  readonly simUrl: string;
  readonly sim: BankSimClient;
  readonly apiUrl: string;
  readonly children: readonly ChildService[];
  readonly description: readonly string[];
  stop(): Promise<void>;
}

/**
 * The product's processes, each its own child process as in production: the bank simulator,
 * the HTTP API and `workers` processes running every role (intake, sweeper, submit, poll,
 * notify) with the simulator's clock. Stops in reverse order: workers (SIGTERM: they finish
 * or hand back what is in flight), API, simulator.
 */
export async function startServiceStack(opts: ServiceStackOptions): Promise<ServiceStack> {
  const children: ChildService[] = [];
  const stopAll = async (): Promise<void> => {
    for (const c of [...children].reverse()) await c.stop(15_000);
  };
  try {
    const simConfigFile = join(opts.dir, 'bank-sim.json');
    writeFileSync(simConfigFile, JSON.stringify(opts.sim));
    const common = { NODE_COMPILE_CACHE: COMPILE_CACHE, LOG_LEVEL: 'warn' };
    const report = opts.supervise;
    // A restarted simulator or API comes back on the port it had, so the URLs already handed out keep working.
    const supervise = (restartEnv?: (m: Record<string, unknown>) => Record<string, string>): { supervise?: SuperviseOptions } =>
      report === undefined ? {} : { supervise: { report, ...(restartEnv === undefined ? {} : { restartEnv }) } };
    const portOf = (url: unknown): string => new URL(String(url)).port;
    const sim = startChildService('bank-sim', entry('@payout/bank-sim'), {
      env: { ...common, BANK_SIM_CONFIG: simConfigFile, BANK_SIM_PORT: '0' },
      logFile: join(opts.dir, 'bank-sim.log'),
      isReady: (m) => m['event'] === 'listening',
      ...supervise((m) => ({ BANK_SIM_PORT: portOf(m['url']) })),
    });
    children.push(sim);
    const api = startChildService('api', entry('@payout/api'), {
      env: {
        ...common,
        DATABASE_URL: opts.databaseUrl,
        REDIS_URL: opts.redisUrl,
        QUEUE_PREFIX: opts.queuePrefix,
        HOST: '127.0.0.1',
        PORT: '0',
        DB_POOL_SIZE: '8',
      },
      logFile: join(opts.dir, 'api.log'),
      isReady: (m) => m['event'] === 'ready',
      ...supervise((m) => ({ PORT: portOf(m['address']) })),
    });
    children.push(api);
    const simUrl = String((await sim.ready)['url']);
    const banks = opts.channels;
    const channelsFile = join(opts.dir, 'channels.json');
    writeFileSync(channelsFile, JSON.stringify(channelsFor(simUrl, banks), null, 2));
    const workerEnv = {
      ...common,
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: opts.redisUrl,
      QUEUE_PREFIX: opts.queuePrefix,
      WORKER_ROLES: 'intake,sweeper,submit,poll,notify',
      WORKER_CHANNELS_FILE: channelsFile,
      CLOCK: 'sim',
      SIM_URL: simUrl,
      METRICS_PORT: '0',
      ...opts.workerEnv,
    };
    // One verifier is enough: statement fetches count against the bank's query rate, and claims keep several safe anyway.
    const workers = Array.from({ length: opts.workers }, (_, i) =>
      startChildService(`workers-${i + 1}`, entry('@payout/workers'), {
        env:
          i === 0 && opts.workerEnv?.['WORKER_ROLES'] === undefined
            ? { ...workerEnv, WORKER_ROLES: `${workerEnv.WORKER_ROLES},verify` }
            : workerEnv,
        logFile: join(opts.dir, `workers-${i + 1}.log`),
        isReady: (m) => m['event'] === 'ready',
        ...supervise(),
      }),
    );
    children.push(...workers);
    const apiReady = await api.ready;
    const workerReady = await Promise.all(workers.map((w) => w.ready));
    const apiUrl = String(apiReady['address']).replace('0.0.0.0', '127.0.0.1');
    return {
      simUrl,
      sim: new BankSimClient(simUrl),
      apiUrl,
      children,
      description: [
        `bank-sim  ${simUrl} (pid ${sim.pid}; banks ${banks.map((b) => b.id).join(', ')})`,
        `api       ${apiUrl} (pid ${api.pid})`,
        ...workers.map(
          (w, i) =>
            `${w.name} pid ${w.pid}, roles intake·sweeper·submit·poll·notify, metrics :${String(workerReady[i]?.['metricsPort'] ?? '-')}/metrics`,
        ),
      ],
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
