import { createDb, type Db } from '@payout/db';
import { redisOptionsFromUrl } from '@payout/queue';
import { Redis } from 'ioredis';
import { systemClock, type Clock } from '../clock/clock.port.ts';
import { followSimClock } from '../clock/sim-clock.follower.ts';
import type { WorkerConfig } from '../config/worker-config.ts';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import { startMetricsServer } from '../metrics/metrics-server.ts';
import { createWorkerMetrics, type WorkerMetrics } from '../metrics/worker-metrics.ts';
import { createWorkerHealth, databaseProbe, redisProbe } from '../metrics/worker-health.ts';
import { startCalendarWatch } from '../calendar/calendar-watch.ts';
import { startBankRoles, startHintRoles, watchQueueDepths, type ProcessContext } from './process-roles.ts';

export interface WorkerProcess {
  readonly metricsPort: number | undefined;
  /** SIGTERM: stop taking work, finish or hand back what is in flight, close connections. */
  stop(): Promise<void>;
}

type ProcessLogger = ProcessContext['logger'];

/**
 * Build and start the roles this process runs, from parsed config. Everything it opens, it
 * closes in `stop()`, in reverse order: first no new jobs (hint workers close, waiting for
 * the jobs they run), then the loops finish their batches (bank calls are cut short only
 * after the grace period — they end as unknown and are polled), then connections.
 * Whatever is interrupted is left as rows with a due next action: the loops of any worker,
 * or the sweeper, resume it.
 */
export async function startWorkerProcess(config: WorkerConfig, logger: ProcessLogger): Promise<WorkerProcess> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const c of closers.splice(0).reverse()) {
      try {
        await c();
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'error while stopping');
      }
    }
  };
  try {
    const clock = await startClock(config, closers);
    const metrics = createWorkerMetrics({ service: 'workers' });
    const db = openDb(config, logger, closers);
    await watchCalendars(config, { db, clock, logger, metrics }, closers);
    const redis = openRedis(config, logger, closers);
    const p: ProcessContext = {
      config,
      logger,
      closers,
      clock,
      db,
      redis,
      metrics,
      connection: redisOptionsFromUrl(config.redisUrl),
      prefix: config.queuePrefix,
    };
    startHintRoles(p);
    await startBankRoles(p);
    watchQueueDepths(p);
    const metricsPort = await serveMetrics(p);
    logger.info(
      { roles: [...config.roles], channels: config.channels.map((c) => c.id), metricsPort, clock: config.clock.kind },
      'workers started',
    );
    return { metricsPort, stop: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function startClock(config: WorkerConfig, closers: (() => Promise<void>)[]): Promise<Clock> {
  const clock: Clock = config.clock.kind === 'sim' ? await followSimClock(config.clock.simUrl) : systemClock;
  if ('stop' in clock && typeof clock.stop === 'function') {
    const stopClock = clock.stop as () => void;
    closers.push(() => Promise.resolve(stopClock()));
  }
  return clock;
}

function openDb(config: WorkerConfig, logger: ProcessLogger, closers: (() => Promise<void>)[]): Db {
  const db = createDb({
    url: config.databaseUrl,
    maxConnections: 10,
    applicationName: 'payout-workers',
    onIdleClientError: (err) => logger.warn({ err: err.message }, 'idle database connection failed'),
  });
  closers.push(() => db.destroy());
  return db;
}

/** Imported calendar years (approved by two people) are in force here within a minute, no restart. */
async function watchCalendars(
  config: WorkerConfig,
  p: { readonly db: Db; readonly clock: Clock; readonly logger: ProcessLogger; readonly metrics: WorkerMetrics },
  closers: (() => Promise<void>)[],
): Promise<void> {
  const calendars = await startCalendarWatch({
    db: p.db,
    clock: p.clock,
    logger: p.logger.child({ component: 'calendar' }),
    metrics: p.metrics,
    channels: config.channels,
    raiseAlerts: config.roles.has('sweeper'),
    refreshMs: config.calendarRefreshMs,
  });
  closers.push(() => Promise.resolve(calendars.stop()));
}

function openRedis(config: WorkerConfig, logger: WorkerLogger, closers: (() => Promise<void>)[]): Redis {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
  closers.push(async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  return redis;
}

/** Prometheus metrics, /readyz and /healthz on the metrics port (a negative port: none). */
async function serveMetrics(p: ProcessContext): Promise<number | undefined> {
  if (p.config.metricsPort < 0) return undefined;
  const server = await startMetricsServer(p.metrics.registry, p.config.metricsPort, {
    health: createWorkerHealth({ probes: [databaseProbe(p.db), redisProbe(p.redis)] }),
  });
  p.closers.push(() => server.close());
  return server.port;
}
