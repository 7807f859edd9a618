import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { nextStepJobId, type HintTarget } from './jobs/job-ids.ts';
import { MAX_IDS_PER_JOB, type NextStepJobData } from './jobs/next-step-job.schema.ts';
import { DEFAULT_QUEUE_PREFIX, NEXT_STEP_QUEUES, type NextStep } from './queue-names.ts';

export interface NextStepDispatcherOptions {
  readonly connection: ConnectionOptions;
  readonly prefix?: string;
  /** Ids per job (default and maximum 100). */
  readonly idsPerJob?: number;
  /** A Redis connection error (restart, failover): reported here, never a crash; `dispatch` rejects meanwhile. */
  readonly onConnectionError?: (err: Error) => void;
}

export interface NextStepDispatcher {
  /**
   * Adds hint jobs `{ payoutIds }` for these payouts to the step's queue with deterministic
   * ids (see nextStepJobId), in chunks, in one round trip. Returns the job ids.
   */
  dispatch(step: NextStep, targets: readonly HintTarget[], opts?: { readonly delayMs?: number }): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Hints are disposable: the row is the record and the sweeper re-sends lost hints, so
 * finished jobs are removed at once (a kept job would make BullMQ ignore a re-sent hint
 * with the same id).
 */
export const NEXT_STEP_JOB_OPTIONS: JobsOptions = Object.freeze({
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: true,
});

/**
 * Producer of next-step hints (`submit`, `poll`, `verify`), used by intake after its commit,
 * by the sweeper, and by the lifecycle workers.
 *
 * @example
 *   const hints = createNextStepDispatcher({ connection, prefix });
 *   await hints.dispatch('submit', created.map((p) => ({ payoutId: p.id, version: p.version })));
 */
export function createNextStepDispatcher(opts: NextStepDispatcherOptions): NextStepDispatcher {
  const prefix = opts.prefix ?? DEFAULT_QUEUE_PREFIX;
  const idsPerJob = Math.min(MAX_IDS_PER_JOB, Math.max(1, opts.idsPerJob ?? MAX_IDS_PER_JOB));
  const queues = new Map<NextStep, Queue<NextStepJobData>>();
  const queueFor = (step: NextStep) => {
    let q = queues.get(step);
    if (q === undefined) {
      q = new Queue<NextStepJobData>(NEXT_STEP_QUEUES[step], { connection: opts.connection, prefix });
      q.on('error', (err) => opts.onConnectionError?.(err));
      queues.set(step, q);
    }
    return q;
  };
  return {
    async dispatch(step, targets, dispatchOpts = {}) {
      if (targets.length === 0) return [];
      const sorted = [...targets].sort((a, b) => (a.payoutId < b.payoutId ? -1 : a.payoutId > b.payoutId ? 1 : 0));
      const jobs: { name: string; data: NextStepJobData; opts: JobsOptions }[] = [];
      for (let i = 0; i < sorted.length; i += idsPerJob) {
        const chunk = sorted.slice(i, i + idsPerJob);
        jobs.push({
          name: step,
          data: { payoutIds: chunk.map((t) => t.payoutId) },
          opts: {
            ...NEXT_STEP_JOB_OPTIONS,
            jobId: nextStepJobId(step, chunk),
            ...(dispatchOpts.delayMs ? { delay: dispatchOpts.delayMs } : {}),
          },
        });
      }
      await queueFor(step).addBulk(jobs);
      return jobs.map((j) => j.opts.jobId!);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
