import { nextStepJobSchema, POLL_QUEUE, SUBMIT_QUEUE } from '@payout/queue';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import type { LifecycleEngine } from './lifecycle-engine.ts';

export interface HintWorkers {
  close(): Promise<void>;
}

/**
 * Consumers of the `submit` and `poll` next-step hints (`{ payoutIds }`, from intake, the
 * sweeper and ops): each job runs one batch for the payouts it names — only those whose row
 * still says the step is due are taken — and wakes the loops. A hint is disposable: a lost or
 * stale one costs nothing, the rows decide.
 */
export function startHintWorkers(opts: {
  readonly engine: LifecycleEngine;
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly submit: boolean;
  readonly poll: boolean;
  readonly concurrency: number;
  readonly logger: WorkerLogger;
}): HintWorkers {
  const workers: Worker[] = [];
  const make = (queue: string, run: (ids: readonly string[]) => Promise<number>): Worker => {
    const w = new Worker(
      queue,
      async (job) => {
        const log = opts.logger.child({ queue, jobId: job.id });
        const data = nextStepJobSchema.safeParse(job.data);
        if (!data.success) {
          log.warn({}, 'ignoring a malformed hint job');
          return 0;
        }
        const started = performance.now();
        const taken = await run(data.data.payoutIds);
        log.debug({ named: data.data.payoutIds.length, taken, ms: Math.round(performance.now() - started) }, 'hint job done');
        return taken;
      },
      { connection: opts.connection, prefix: opts.prefix, concurrency: opts.concurrency },
    );
    w.on('error', (err) => opts.logger.warn({ queue, err: err.message }, 'hint worker connection error'));
    w.on('failed', (job, err) =>
      opts.logger.warn(
        { queue, jobId: job?.id, err: err.message },
        'hint job failed (the rows stay due; loops and the sweeper resume them)',
      ),
    );
    return w;
  };
  if (opts.submit) workers.push(make(SUBMIT_QUEUE, (ids) => opts.engine.submitNow(ids)));
  if (opts.poll) workers.push(make(POLL_QUEUE, (ids) => opts.engine.pollNow(ids)));
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
