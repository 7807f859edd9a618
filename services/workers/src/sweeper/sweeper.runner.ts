import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Db } from '@payout/db';
import { SWEEP_QUEUE, type NextStepDispatcher } from '@payout/queue';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import { sweepOnce, type SweepResult } from './sweep-once.ts';

/** Id of the BullMQ job scheduler that triggers sweeps (one per deployment prefix). */
export const SWEEP_SCHEDULER_ID = 'payout-sweeper';

export interface SweeperOptions {
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly db: Db;
  readonly hints: NextStepDispatcher;
  readonly logger: WorkerLogger;
  /** Sweep interval (default 5 s). */
  readonly everyMs?: number;
  /** Grace before an overdue next action counts as lost (default 30 s). */
  readonly staleAfterMs?: number;
  readonly batchSize?: number;
}

export interface Sweeper {
  close(): Promise<void>;
}

/**
 * The sweeper role. A BullMQ job scheduler makes one sweep job per interval for the whole
 * deployment (several sweeper processes share it; SKIP LOCKED keeps concurrent sweeps
 * apart). The scheduler itself lives in Redis, so a watchdog checks every half interval that
 * it still exists: when Redis lost its data (FLUSHALL, a restart without AOF), the watchdog
 * re-creates it and sweeps every due row at once — every queued hint is presumed lost — so
 * hints exist again within one interval.
 *
 * @example
 *   const sweeper = startSweeper({ connection, prefix, db, hints, logger, everyMs: 5_000 });
 */
export function startSweeper(opts: SweeperOptions): Sweeper {
  const everyMs = opts.everyMs ?? 5_000;
  const staleAfterMs = opts.staleAfterMs ?? 30_000;
  const queue = new Queue(SWEEP_QUEUE, { connection: opts.connection, prefix: opts.prefix });
  queue.on('error', (err) => opts.logger.warn({ queue: SWEEP_QUEUE, err: err.message }, 'sweep queue connection error'));
  const sweep = (stale: number, why: string): Promise<SweepResult> =>
    sweepOnce({
      db: opts.db,
      hints: opts.hints,
      staleAfterMs: stale,
      ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }),
    }).then((r) => {
      if (r.reHinted > 0) opts.logger.info({ why, reHinted: r.reHinted, byStep: r.byStep }, 'sweeper re-sent next-step hints');
      return r;
    });
  const ensureScheduler = () =>
    queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: everyMs },
      { name: 'sweep', data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );

  const worker = new Worker(SWEEP_QUEUE, () => sweep(staleAfterMs, 'scheduled'), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: 1,
    runRetryDelay: 1_000,
  });
  worker.on('error', (err) => opts.logger.warn({ queue: SWEEP_QUEUE, err: err.message }, 'sweep worker connection error'));
  worker.on('failed', (_job, err) => opts.logger.warn({ err: err.message }, 'sweep failed; the next one retries'));

  let checking = false;
  const watchdog = async (): Promise<void> => {
    if (checking) return;
    checking = true;
    try {
      const scheduler = await queue.getJobScheduler(SWEEP_SCHEDULER_ID);
      if (scheduler === undefined) {
        await ensureScheduler();
        await sweep(0, 'sweep scheduler missing: queue state lost, re-sending every due hint');
      } else if (typeof scheduler.next === 'number' && scheduler.next < Date.now() - 3 * everyMs) {
        // The scheduler exists but its next job is long overdue (its job was lost): re-arm it.
        await ensureScheduler();
        await sweep(staleAfterMs, 'sweep scheduler stalled');
      }
    } catch (err) {
      opts.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'sweeper watchdog failed; retrying');
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void watchdog(), Math.max(50, Math.floor(everyMs / 2)));
  void watchdog();

  return {
    async close() {
      clearInterval(timer);
      while (checking) await new Promise((r) => setTimeout(r, 10));
      await worker.close();
      await queue.close();
    },
  };
}
