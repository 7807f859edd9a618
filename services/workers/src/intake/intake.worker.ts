import { Worker, type ConnectionOptions } from 'bullmq';
import type { Db } from '@payout/db';
import { CAPPED_BACKOFF, cappedBackoffDelay, INTAKE_QUEUE, type IntakeJobData, type NextStepDispatcher } from '@payout/queue';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import { createIntakeProcessor, type IntakeOutcome } from './intake.processor.ts';

export interface IntakeWorkerOptions {
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly db: Db;
  readonly hints: NextStepDispatcher;
  readonly logger: WorkerLogger;
  /** Jobs processed at once; they share transactions (default 64). */
  readonly concurrency?: number;
  /**
   * How fast a job held by a dead worker (or lost with a Redis restart) is taken again
   * (defaults 15 s / 15 s). Re-processing is harmless: persistence is idempotent.
   */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** Wait before the fetch loop retries after a Redis error (default 1 s; BullMQ's is 15 s). */
  readonly runRetryDelayMs?: number;
}

export interface IntakeWorker {
  readonly worker: Worker<IntakeJobData, IntakeOutcome>;
  close(): Promise<void>;
}

/**
 * The queue-intake role: consumes `payout-intake` jobs from the upstream client.
 *
 * @example
 *   const intake = startIntakeWorker({ connection, prefix, db, hints, logger });
 *   …
 *   await intake.close();
 */
export function startIntakeWorker(opts: IntakeWorkerOptions): IntakeWorker {
  const processor = createIntakeProcessor({ db: opts.db, hints: opts.hints, logger: opts.logger });
  const worker = new Worker<IntakeJobData, IntakeOutcome>(INTAKE_QUEUE, (job) => processor.process(job), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 64,
    lockDuration: opts.lockDurationMs ?? 15_000,
    stalledInterval: opts.stalledIntervalMs ?? 15_000,
    // A stalled intake job is re-run, never failed for stalling: re-running is idempotent, failing would drop a request.
    maxStalledCount: 1_000,
    runRetryDelay: opts.runRetryDelayMs ?? 1_000,
    settings: {
      backoffStrategy: (attemptsMade: number, type?: string) => (type === CAPPED_BACKOFF ? cappedBackoffDelay(attemptsMade) : 1_000),
    },
  });
  worker.on('error', (err) => opts.logger.warn({ queue: INTAKE_QUEUE, err: err.message }, 'intake worker connection error'));
  worker.on('failed', (job, err) => {
    const final = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
    const log = { queue: INTAKE_QUEUE, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message };
    if (final) opts.logger.error(log, 'intake job failed for good; it stays in the failed set for inspection and retry');
    else opts.logger.warn(log, 'intake job failed; it will be retried');
  });
  return {
    worker,
    async close() {
      await worker.close();
      await processor.close();
    },
  };
}
