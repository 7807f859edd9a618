import { createMicroBatcher, type Settled } from '../batch/micro-batcher.ts';
import type { Db } from '../database.ts';
import { acceptPayouts, type AcceptResult, type NewPayout } from '../payouts/accept-payouts.ts';
import type { PayoutRecord } from '../payouts/payout.record.ts';
import { isRetryableConflict, isRowDataError } from '../support/pg-errors.ts';

export interface IntakeWriterOptions {
  readonly db: Db;
  /**
   * Runs after each batch committed, with the payouts it created (e.g. enqueue their
   * `submit` hints). Its failure never fails the requests — the payouts are persisted and
   * the sweeper re-sends lost hints — it is reported to `onAfterCommitError`.
   */
  readonly afterCommit?: (created: readonly PayoutRecord[]) => Promise<void>;
  readonly onAfterCommitError?: (err: unknown, created: readonly PayoutRecord[]) => void;
  /** Longest a batch waits for `afterCommit` before answering anyway (default 500 ms): a slow Redis must not hold HTTP answers. */
  readonly afterCommitTimeoutMs?: number;
  readonly maxBatchSize?: number;
  readonly maxConcurrent?: number;
}

export interface IntakeWriter {
  /** Persists one payout (batched with concurrent calls); answers exactly for this one. */
  accept(p: NewPayout): Promise<AcceptResult>;
  close(): Promise<void>;
}

const MAX_CONFLICT_RETRIES = 3;

/**
 * The one intake write path for HTTP and queue intake: concurrent requests are grouped into
 * one statement (see createMicroBatcher). A deadlock or serialization failure re-runs the
 * batch; a data error re-runs the items one by one so only the offending item fails.
 */
export function createIntakeWriter(opts: IntakeWriterOptions): IntakeWriter {
  const timeoutMs = opts.afterCommitTimeoutMs ?? 500;

  async function persist(items: readonly NewPayout[]): Promise<Settled<AcceptResult>[]> {
    try {
      return (await withConflictRetry(() => acceptPayouts(opts.db, items))).map((value) => ({ ok: true, value }));
    } catch (err) {
      if (items.length === 1 || !isRowDataError(err)) throw err;
      return Promise.all(
        items.map(async (item): Promise<Settled<AcceptResult>> => {
          try {
            const [value] = await withConflictRetry(() => acceptPayouts(opts.db, [item]));
            return { ok: true, value: value! };
          } catch (error) {
            return { ok: false, error };
          }
        }),
      );
    }
  }

  const batcher = createMicroBatcher<NewPayout, AcceptResult>({
    ...(opts.maxBatchSize === undefined ? {} : { maxBatchSize: opts.maxBatchSize }),
    ...(opts.maxConcurrent === undefined ? {} : { maxConcurrent: opts.maxConcurrent }),
    run: async (items) => {
      const out = await persist(items);
      const created = out.flatMap((o) => (o.ok && o.value.kind === 'created' ? [o.value.payout] : []));
      if (created.length > 0 && opts.afterCommit) await runAfterCommit(opts.afterCommit, created);
      return out;
    },
  });

  async function runAfterCommit(fn: (c: readonly PayoutRecord[]) => Promise<void>, created: readonly PayoutRecord[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        fn(created),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`afterCommit took longer than ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      opts.onAfterCommitError?.(err, created);
    } finally {
      clearTimeout(timer);
    }
  }

  return { accept: (p) => batcher.submit(p), close: () => batcher.close() };
}

async function withConflictRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= MAX_CONFLICT_RETRIES || !isRetryableConflict(err)) throw err;
    }
  }
}
