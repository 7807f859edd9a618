import type { Db } from '@payout/db';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import type { EventSink } from '../notify/event-sink.port.ts';
import { runNotifyBatch } from '../notify/notify-batch.ts';
import { runPollBatch } from '../poll/poll-batch.ts';
import { runSubmitBatch } from '../submit/submit-batch.ts';
import { DueWorkLoop } from './due-work.loop.ts';
import type { LifecycleDeps } from './lifecycle-deps.ts';

export interface LifecycleEngineOptions {
  readonly deps: Omit<LifecycleDeps, 'stopSignal'>;
  /** Parallel submit loops in this process (bank calls of one overlap the transaction of another). */
  readonly submitLoops: number;
  readonly pollLoops: number;
  /** Outbox → events; absent = this process does not notify. */
  readonly notify?: { readonly db: Db; readonly sink: EventSink; readonly batchSize: number } | undefined;
  /** Real ms an idle loop waits before looking for due rows again. */
  readonly idleMs: number;
}

export interface LifecycleEngine {
  /** A queue hint: due submits exist. */
  wakeSubmit(): void;
  wakePoll(): void;
  wakeNotify(): void;
  /** Run one submit batch for these payouts now (a hint job naming them); loops are woken too. */
  submitNow(payoutIds: readonly string[]): Promise<number>;
  /** Run one poll batch for these payouts (only those actually due are taken). */
  pollNow(payoutIds: readonly string[]): Promise<number>;
  /**
   * Stop taking work; let running batches finish. After `graceMs` calls still waiting for a
   * bank are cut short (they end as unknown and are polled later) so the batches can
   * record what they know and end. Resolves when every loop has stopped.
   */
  stop(graceMs: number): Promise<void>;
}

/** Start the submit, poll and notify loops of one process. */
export function startLifecycleEngine(opts: LifecycleEngineOptions): LifecycleEngine {
  const abort = new AbortController();
  const deps: LifecycleDeps = { ...opts.deps, stopSignal: abort.signal };
  const logger: WorkerLogger = deps.logger;
  const submit = Array.from(
    { length: opts.submitLoops },
    (_, i) =>
      new DueWorkLoop({
        name: `submit-${i}`,
        tick: async () => (await runSubmitBatch(deps)).claimed,
        fullBatch: deps.settings.submitBatchSize,
        idleMs: opts.idleMs,
        logger,
      }),
  );
  const poll = Array.from(
    { length: opts.pollLoops },
    (_, i) =>
      new DueWorkLoop({
        name: `poll-${i}`,
        tick: () => runPollBatch(deps),
        fullBatch: deps.settings.pollBatchSize,
        idleMs: opts.idleMs,
        logger,
      }),
  );
  const n = opts.notify;
  const notify =
    n === undefined
      ? []
      : [
          new DueWorkLoop({
            name: 'notify',
            tick: () => runNotifyBatch(n.db, n.sink, n.batchSize),
            fullBatch: n.batchSize,
            idleMs: opts.idleMs,
            logger,
          }),
        ];
  const all = [...submit, ...poll, ...notify];
  for (const l of all) l.start();
  return {
    wakeSubmit: () => submit.forEach((l) => l.wake()),
    wakePoll: () => poll.forEach((l) => l.wake()),
    wakeNotify: () => notify.forEach((l) => l.wake()),
    submitNow: async (payoutIds) => {
      if (abort.signal.aborted) return 0;
      const r = await runSubmitBatch(deps, { payoutIds });
      for (const l of poll) l.wake();
      return r.claimed;
    },
    pollNow: (payoutIds) => (abort.signal.aborted ? Promise.resolve(0) : runPollBatch(deps, { payoutIds })),
    async stop(graceMs: number) {
      const timer = setTimeout(() => abort.abort(new Error('shutdown grace period over')), graceMs);
      try {
        await Promise.all(all.map((l) => l.stop()));
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
