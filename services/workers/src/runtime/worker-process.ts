import { BANK_OPERATIONS } from '@payout/bank';
import { createBankExchangeRecorder, createDb, withBankExchangeRecording } from '@payout/db';
import { createNextStepDispatcher, INTAKE_QUEUE, POLL_QUEUE, redisOptionsFromUrl, SUBMIT_QUEUE, SWEEP_QUEUE, VERIFY_QUEUE } from '@payout/queue';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createChannelRuntimes, createSharedResilience } from '../channels/channel-runtime.ts';
import { systemClock, type Clock } from '../clock/clock.port.ts';
import { followSimClock } from '../clock/sim-clock.follower.ts';
import type { WorkerConfig } from '../config/worker-config.ts';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import { startMetricsServer, type MetricsServer } from '../metrics/metrics-server.ts';
import { createWorkerMetrics } from '../metrics/worker-metrics.ts';
import { createWorkerHealth, databaseProbe, redisProbe } from '../metrics/worker-health.ts';
import { createBullmqEventSink } from '../notify/bullmq-event-sink.ts';
import { PAYOUT_EVENTS_QUEUE } from '../notify/events-queue.ts';
import { ChannelRouter } from '../routing/channel-router.ts';
import { SuccessRateTracker } from '../routing/success-rate.ts';
import { startIntakeWorker } from '../intake/intake.worker.ts';
import { startSweeper } from '../sweeper/sweeper.runner.ts';
import { startCalendarWatch } from '../calendar/calendar-watch.ts';
import { startHintWorkers } from './hint-workers.ts';
import { startLifecycleEngine } from './lifecycle-engine.ts';
import { createVerifyWorker } from '../verify/verify.worker.ts';
import { DEFAULT_VERIFY_SETTINGS, type VerifyChannel } from '../verify/verify-deps.ts';

export interface WorkerProcess {
  readonly metricsPort: number | undefined;
  /** SIGTERM: stop taking work, finish or hand back what is in flight, close connections. */
  stop(): Promise<void>;
}

const BREAKER_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * Build and start the roles this process runs, from parsed config. Everything it opens, it
 * closes in `stop()`, in reverse order: first no new jobs (hint workers close, waiting for
 * the jobs they run), then the loops finish their batches (bank calls are cut short only
 * after the grace period — they end as unknown and are polled), then connections.
 * Whatever is interrupted is left as rows with a due next action: the loops of any worker,
 * or the sweeper, resume it.
 */
export async function startWorkerProcess(config: WorkerConfig, logger: WorkerLogger & { child(b: Record<string, unknown>): WorkerLogger }): Promise<WorkerProcess> {
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
    const clock: Clock = config.clock.kind === 'sim' ? await followSimClock(config.clock.simUrl) : systemClock;
    if ('stop' in clock && typeof clock.stop === 'function') {
      const stopClock = clock.stop as () => void;
      closers.push(() => Promise.resolve(stopClock()));
    }
    const metrics = createWorkerMetrics({ service: 'workers' });
    const db = createDb({
      url: config.databaseUrl,
      maxConnections: 10,
      applicationName: 'payout-workers',
      onIdleClientError: (err) => logger.warn({ err: err.message }, 'idle database connection failed'),
    });
    closers.push(() => db.destroy());
    // Imported calendar years (approved by two people) are in force here within a minute, no restart.
    const calendars = await startCalendarWatch({
      db,
      clock,
      logger: logger.child({ component: 'calendar' }),
      metrics,
      channels: config.channels,
      raiseAlerts: config.roles.has('sweeper'),
      refreshMs: config.calendarRefreshMs,
    });
    closers.push(() => Promise.resolve(calendars.stop()));
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
    closers.push(async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
    const connection = redisOptionsFromUrl(config.redisUrl);
    const prefix = config.queuePrefix;
    const bankLogger = logger.child({ component: 'bank' });

    if (config.roles.has('intake') || config.roles.has('sweeper')) {
      const hints = createNextStepDispatcher({ connection, prefix, onConnectionError: (err) => logger.warn({ err: err.message }, 'hint queue connection error') });
      closers.push(() => hints.close());
      if (config.roles.has('intake')) {
        const intake = startIntakeWorker({ connection, prefix, db, hints, logger: logger.child({ component: 'intake' }) });
        closers.push(() => intake.close());
      }
      if (config.roles.has('sweeper')) {
        const sweeper = startSweeper({ connection, prefix, db, hints, logger: logger.child({ component: 'sweeper' }), everyMs: config.sweepIntervalMs });
        closers.push(() => sweeper.close());
      }
    }

    const lifecycleRoles = config.roles.has('submit') || config.roles.has('poll') || config.roles.has('notify');
    if (lifecycleRoles || config.roles.has('verify')) {
      const shared = await createSharedResilience(redis, prefix, bankLogger);
      closers.push(() => shared.coordinator.close());
      // Every request and answer that reaches a bank, masked, for the ops timeline. Closed after
      // the loops below (closers run in reverse), so the last calls are written too.
      const exchangeLog = config.bankExchangeLog
        ? createBankExchangeRecorder(db, { onError: (err) => bankLogger.warn({ err: err instanceof Error ? err.message : String(err) }, 'bank exchange log write failed') })
        : undefined;
      if (exchangeLog !== undefined) closers.push(() => exchangeLog.close());
      const channels = createChannelRuntimes({
        channels: config.channels,
        clock,
        logger: bankLogger,
        metrics: metrics.bank,
        timeoutsMs: { submit: config.submit.timeoutMs, query: config.poll.timeoutMs },
        rateLimitWaitMs: config.bank.rateLimitWaitMs,
        breaker: { resetTimeoutMs: config.bank.breakerResetMs, volumeThreshold: config.bank.breakerVolumeThreshold },
        rateLimiter: shared.rateLimiter,
        coordinator: shared.coordinator,
        ...(exchangeLog === undefined ? {} : { wrapAdapter: (adapter) => withBankExchangeRecording(adapter, exchangeLog, () => clock.now()) }),
      });
      closers.push(() => Promise.resolve(channels.forEach((c) => c.bank.close())));
      metrics.gaugeFrom('bank_breaker_open', 'Breaker state per bank and operation as this process sees it: 0 closed, 1 half-open, 2 open', ['bank', 'operation'], () =>
        Promise.resolve([...channels.values()].flatMap((c) => BANK_OPERATIONS.map((op) => ({ labels: { bank: c.config.id, operation: op }, value: BREAKER_VALUE[c.bank.breakerState(op)] })))),
      );
      if (config.roles.has('verify')) {
        const stopVerify = new AbortController();
        const verifyChannels = new Map<string, VerifyChannel>(
          [...channels.values()].map((c) => [c.config.id, { bankId: c.config.id, profile: c.config.profile, bank: c.bank, account: c.config.debtorAccount }]),
        );
        const verifier = createVerifyWorker(
          {
            db,
            clock,
            channels: verifyChannels,
            logger: logger.child({ component: 'verify' }),
            metrics: metrics.verify,
            settings: { ...DEFAULT_VERIFY_SETTINGS, batchSize: config.verify.batchSize, queryTimeoutMs: config.poll.timeoutMs },
            stopSignal: stopVerify.signal,
          },
          { idleMs: config.verify.idleMs },
        );
        verifier.start();
        closers.push(async () => {
          stopVerify.abort();
          await verifier.stop();
        });
      }
      if (lifecycleRoles) {
        const eventsQueue = config.roles.has('notify') ? new Queue(PAYOUT_EVENTS_QUEUE, { connection, prefix }) : undefined;
        eventsQueue?.on('error', (err) => logger.warn({ queue: PAYOUT_EVENTS_QUEUE, err: err.message }, 'events queue connection error'));
        if (eventsQueue !== undefined) closers.push(() => eventsQueue.close());
        const engine = startLifecycleEngine({
          deps: {
            db,
            clock,
            channels,
            router: new ChannelRouter([...channels.values()].map((c) => c.routable)),
            rates: new SuccessRateTracker(),
            logger: logger.child({ component: 'lifecycle' }),
            metrics: metrics.lifecycle,
            random: Math.random,
            settings: {
              maxAttempts: config.submit.maxAttempts,
              submitBatchSize: config.submit.batchSize,
              pollBatchSize: config.poll.batchSize,
              submitTimeoutMs: config.submit.timeoutMs,
              queryTimeoutMs: config.poll.timeoutMs,
              rateLimitWaitMs: config.bank.rateLimitWaitMs,
              callConcurrency: config.bank.callConcurrency,
              safetyMarginMs: 2_000,
              notFoundSettleMs: config.poll.notFoundSettleMs,
            },
          },
          submitLoops: config.roles.has('submit') ? config.submit.concurrency : 0,
          pollLoops: config.roles.has('poll') ? 1 : 0,
          notify: eventsQueue === undefined ? undefined : { db, sink: createBullmqEventSink(eventsQueue), batchSize: config.notify.batchSize },
          idleMs: config.idlePollMs,
        });
        closers.push(() => engine.stop(config.shutdownGraceMs));
        const hints = startHintWorkers({ engine, connection, prefix, submit: config.roles.has('submit'), poll: config.roles.has('poll'), concurrency: 4, logger });
        closers.push(() => hints.close());
      }
    }

    const depthQueues = [INTAKE_QUEUE, SUBMIT_QUEUE, POLL_QUEUE, VERIFY_QUEUE, SWEEP_QUEUE, PAYOUT_EVENTS_QUEUE].map((name) => new Queue(name, { connection, prefix }));
    for (const q of depthQueues) q.on('error', (err) => logger.debug({ queue: q.name, err: err.message }, 'queue-depth connection error'));
    closers.push(() => Promise.all(depthQueues.map((q) => q.close())).then(() => undefined));
    metrics.gaugeFrom('payout_queue_jobs', 'Jobs per queue and state', ['queue', 'state'], async () => {
      const out: { labels: Record<string, string>; value: number }[] = [];
      for (const q of depthQueues) {
        const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
        for (const [state, n] of Object.entries(counts)) out.push({ labels: { queue: q.name, state }, value: n });
      }
      return out;
    });

    let server: MetricsServer | undefined;
    if (config.metricsPort >= 0) {
      server = await startMetricsServer(metrics.registry, config.metricsPort, { health: createWorkerHealth({ probes: [databaseProbe(db), redisProbe(redis)] }) });
      const s = server;
      closers.push(() => s.close());
    }
    logger.info({ roles: [...config.roles], channels: config.channels.map((c) => c.id), metricsPort: server?.port, clock: config.clock.kind }, 'workers started');
    return { metricsPort: server?.port, stop: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
