import { BANK_OPERATIONS } from '@payout/bank';
import { createBankExchangeRecorder, withBankExchangeRecording, type Db } from '@payout/db';
import { createNextStepDispatcher, INTAKE_QUEUE, POLL_QUEUE, SUBMIT_QUEUE, SWEEP_QUEUE, VERIFY_QUEUE } from '@payout/queue';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { createChannelRuntimes, createSharedResilience, type ChannelRuntime } from '../channels/channel-runtime.ts';
import type { Clock } from '../clock/clock.port.ts';
import type { WorkerConfig } from '../config/worker-config.ts';
import { startIntakeWorker } from '../intake/intake.worker.ts';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import type { WorkerMetrics } from '../metrics/worker-metrics.ts';
import { createBullmqEventSink } from '../notify/bullmq-event-sink.ts';
import { PAYOUT_EVENTS_QUEUE } from '../notify/events-queue.ts';
import { ChannelRouter } from '../routing/channel-router.ts';
import { SuccessRateTracker } from '../routing/success-rate.ts';
import { startSweeper } from '../sweeper/sweeper.runner.ts';
import { createVerifyWorker } from '../verify/verify.worker.ts';
import { DEFAULT_VERIFY_SETTINGS, type VerifyChannel } from '../verify/verify-deps.ts';
import { startHintWorkers } from './hint-workers.ts';
import type { LifecycleSettings } from './lifecycle-deps.ts';
import { startLifecycleEngine } from './lifecycle-engine.ts';

/** What every role of one worker process shares; `closers` runs in reverse order on stop. */
export interface ProcessContext {
  readonly config: WorkerConfig;
  readonly logger: WorkerLogger & { child(b: Record<string, unknown>): WorkerLogger };
  readonly closers: (() => Promise<void>)[];
  readonly clock: Clock;
  readonly db: Db;
  readonly redis: Redis;
  readonly metrics: WorkerMetrics;
  readonly connection: ConnectionOptions;
  readonly prefix: string;
}

const BREAKER_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/** Intake and the sweeper: both only enqueue next-step hints. */
export function startHintRoles(p: ProcessContext): void {
  const { config, connection, prefix, db, logger, closers } = p;
  if (!config.roles.has('intake') && !config.roles.has('sweeper')) return;
  const hints = createNextStepDispatcher({
    connection,
    prefix,
    onConnectionError: (err) => logger.warn({ err: err.message }, 'hint queue connection error'),
  });
  closers.push(() => hints.close());
  if (config.roles.has('intake')) {
    const intake = startIntakeWorker({ connection, prefix, db, hints, logger: logger.child({ component: 'intake' }) });
    closers.push(() => intake.close());
  }
  if (config.roles.has('sweeper')) {
    const sweeper = startSweeper({
      connection,
      prefix,
      db,
      hints,
      logger: logger.child({ component: 'sweeper' }),
      everyMs: config.sweepIntervalMs,
    });
    closers.push(() => sweeper.close());
  }
}

/** Submit, poll, notify and verify: the roles that talk to banks (or tell upstream what they said). */
export async function startBankRoles(p: ProcessContext): Promise<void> {
  const lifecycleRoles = p.config.roles.has('submit') || p.config.roles.has('poll') || p.config.roles.has('notify');
  if (!lifecycleRoles && !p.config.roles.has('verify')) return;
  const channels = await openChannels(p);
  if (p.config.roles.has('verify')) startVerifyRole(p, channels);
  if (lifecycleRoles) startLifecycleRoles(p, channels);
}

/** The banks behind the resilience wrapper (shared rate limits and breakers), their exchange log and breaker gauge. */
async function openChannels(p: ProcessContext): Promise<Map<string, ChannelRuntime>> {
  const { config, closers, clock, metrics } = p;
  const bankLogger = p.logger.child({ component: 'bank' });
  const shared = await createSharedResilience(p.redis, p.prefix, bankLogger);
  closers.push(() => shared.coordinator.close());
  // Every request and answer that reaches a bank, masked, for the ops timeline. Closed after
  // the loops (closers run in reverse), so the last calls are written too.
  const exchangeLog = config.bankExchangeLog
    ? createBankExchangeRecorder(p.db, {
        onError: (err) => bankLogger.warn({ err: err instanceof Error ? err.message : String(err) }, 'bank exchange log write failed'),
      })
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
  metrics.gaugeFrom(
    'bank_breaker_open',
    'Breaker state per bank and operation as this process sees it: 0 closed, 1 half-open, 2 open',
    ['bank', 'operation'],
    () =>
      Promise.resolve(
        [...channels.values()].flatMap((c) =>
          BANK_OPERATIONS.map((op) => ({ labels: { bank: c.config.id, operation: op }, value: BREAKER_VALUE[c.bank.breakerState(op)] })),
        ),
      ),
  );
  return channels;
}

function startVerifyRole(p: ProcessContext, channels: ReadonlyMap<string, ChannelRuntime>): void {
  const { config } = p;
  const stopVerify = new AbortController();
  const verifyChannels = new Map<string, VerifyChannel>(
    [...channels.values()].map((c) => [
      c.config.id,
      { bankId: c.config.id, profile: c.config.profile, bank: c.bank, account: c.config.debtorAccount },
    ]),
  );
  const verifier = createVerifyWorker(
    {
      db: p.db,
      clock: p.clock,
      channels: verifyChannels,
      logger: p.logger.child({ component: 'verify' }),
      metrics: p.metrics.verify,
      settings: { ...DEFAULT_VERIFY_SETTINGS, batchSize: config.verify.batchSize, queryTimeoutMs: config.poll.timeoutMs },
      stopSignal: stopVerify.signal,
    },
    { idleMs: config.verify.idleMs },
  );
  verifier.start();
  p.closers.push(async () => {
    stopVerify.abort();
    await verifier.stop();
  });
}

function startLifecycleRoles(p: ProcessContext, channels: ReadonlyMap<string, ChannelRuntime>): void {
  const { config, connection, prefix, logger, closers } = p;
  const eventsQueue = config.roles.has('notify') ? new Queue(PAYOUT_EVENTS_QUEUE, { connection, prefix }) : undefined;
  eventsQueue?.on('error', (err) => logger.warn({ queue: PAYOUT_EVENTS_QUEUE, err: err.message }, 'events queue connection error'));
  if (eventsQueue !== undefined) closers.push(() => eventsQueue.close());
  const engine = startLifecycleEngine({
    deps: {
      db: p.db,
      clock: p.clock,
      channels,
      router: new ChannelRouter([...channels.values()].map((c) => c.routable)),
      rates: new SuccessRateTracker(),
      logger: logger.child({ component: 'lifecycle' }),
      metrics: p.metrics.lifecycle,
      random: Math.random,
      settings: lifecycleSettings(config),
    },
    submitLoops: config.roles.has('submit') ? config.submit.concurrency : 0,
    pollLoops: config.roles.has('poll') ? 1 : 0,
    notify:
      eventsQueue === undefined ? undefined : { db: p.db, sink: createBullmqEventSink(eventsQueue), batchSize: config.notify.batchSize },
    idleMs: config.idlePollMs,
  });
  closers.push(() => engine.stop(config.shutdownGraceMs));
  const hints = startHintWorkers({
    engine,
    connection,
    prefix,
    submit: config.roles.has('submit'),
    poll: config.roles.has('poll'),
    concurrency: 4,
    logger,
  });
  closers.push(() => hints.close());
}

function lifecycleSettings(config: WorkerConfig): LifecycleSettings {
  return {
    maxAttempts: config.submit.maxAttempts,
    submitBatchSize: config.submit.batchSize,
    pollBatchSize: config.poll.batchSize,
    submitTimeoutMs: config.submit.timeoutMs,
    queryTimeoutMs: config.poll.timeoutMs,
    rateLimitWaitMs: config.bank.rateLimitWaitMs,
    callConcurrency: config.bank.callConcurrency,
    safetyMarginMs: 2_000,
    notFoundSettleMs: config.poll.notFoundSettleMs,
  };
}

/** Jobs per queue and state, read on scrape. */
export function watchQueueDepths(p: ProcessContext): void {
  const depthQueues = [INTAKE_QUEUE, SUBMIT_QUEUE, POLL_QUEUE, VERIFY_QUEUE, SWEEP_QUEUE, PAYOUT_EVENTS_QUEUE].map(
    (name) => new Queue(name, { connection: p.connection, prefix: p.prefix }),
  );
  for (const q of depthQueues) q.on('error', (err) => p.logger.debug({ queue: q.name, err: err.message }, 'queue-depth connection error'));
  p.closers.push(() => Promise.all(depthQueues.map((q) => q.close())).then(() => undefined));
  p.metrics.gaugeFrom('payout_queue_jobs', 'Jobs per queue and state', ['queue', 'state'], async () => {
    const out: { labels: Record<string, string>; value: number }[] = [];
    for (const q of depthQueues) {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
      for (const [state, n] of Object.entries(counts)) out.push({ labels: { queue: q.name, state }, value: n });
    }
    return out;
  });
}
