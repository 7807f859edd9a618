import { isDbUnavailable, isRetryableConflict } from '@payout/db';
import type { WorkerLogger } from '../logging/worker-logger.ts';

export interface DbRetryOptions {
  /** What the retried work is, for the log. */
  readonly what: string;
  readonly logger: WorkerLogger;
  /** Once aborted, the next failure is thrown instead of retried (shutdown's grace is over). */
  readonly stopSignal?: AbortSignal;
  /** Real ms before the first retry (default 250), doubling up to `maxDelayMs` (default 2 s). */
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Runs `work` (one whole transaction) again from the start while it fails because the
 * database is unreachable or the transaction was cut off (server restart, failover, a
 * deadlock): such a transaction was rolled back by the server, or it committed and its
 * writes are guarded by the expected status, so a second run changes nothing twice.
 * Any other error is thrown at once. Waits are short and capped: work resumes within
 * `maxDelayMs` of the database coming back.
 *
 * @example
 *   await retryWhileDbUnavailable(() => db.transaction().execute(apply), { what: 'submit answers', logger });
 */
export async function retryWhileDbUnavailable<T>(work: () => Promise<T>, opts: DbRetryOptions): Promise<T> {
  const first = opts.firstDelayMs ?? 250;
  const max = opts.maxDelayMs ?? 2_000;
  for (let failures = 1; ; failures++) {
    try {
      const result = await work();
      if (failures > 1) opts.logger.info({ what: opts.what, failures: failures - 1 }, 'database back; retried work applied');
      return result;
    } catch (error) {
      const retryable = isDbUnavailable(error) || isRetryableConflict(error);
      if (!retryable || opts.stopSignal?.aborted === true) throw error;
      if (failures === 1 || failures % 10 === 0) {
        opts.logger.warn(
          { what: opts.what, failures, err: error instanceof Error ? error.message : String(error) },
          'database unavailable; keeping the work and retrying',
        );
      }
      await delay(Math.min(max, first * 2 ** Math.min(failures - 1, 10)), opts.stopSignal);
    }
  }
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
