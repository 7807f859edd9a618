/** One item's outcome inside a batch. */
export type Settled<O> = { readonly ok: true; readonly value: O } | { readonly ok: false; readonly error: unknown };

export interface MicroBatcherOptions<I, O> {
  /** Handles a batch; returns one outcome per item, in order. A throw fails the whole batch. */
  readonly run: (items: readonly I[]) => Promise<readonly Settled<O>[]>;
  /** Most items in one batch (default 200). */
  readonly maxBatchSize?: number;
  /** Most batches running at once (default 4) — keep it at or below the pool size. */
  readonly maxConcurrent?: number;
}

export interface MicroBatcher<I, O> {
  /** Queues one item; resolves or rejects with that item's own outcome. */
  submit(item: I): Promise<O>;
  /** Stops taking items and waits for every queued and running batch. */
  close(): Promise<void>;
}

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (o: O) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Group commit for concurrent callers: items submitted in the same event-loop turn, or while
 * all batch slots are busy, go out together in one `run`. At low load an item leaves at
 * once (no timer, no added latency); under load batches grow by themselves, which turns
 * thousands of round trips into a few. Each caller still gets its own exact answer.
 *
 * @example
 *   const writer = createMicroBatcher({ run: (items) => insertMany(items) });
 *   const answer = await writer.submit(item);
 */
export function createMicroBatcher<I, O>(opts: MicroBatcherOptions<I, O>): MicroBatcher<I, O> {
  const maxBatchSize = opts.maxBatchSize ?? 200;
  const maxConcurrent = opts.maxConcurrent ?? 4;
  const waiting: Waiting<I, O>[] = [];
  let running = 0;
  let scheduled = false;
  let closed = false;
  let idle: (() => void) | undefined;

  function schedule(): void {
    if (scheduled || waiting.length === 0 || running >= maxConcurrent) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    while (running < maxConcurrent && waiting.length > 0) {
      const batch = waiting.splice(0, maxBatchSize);
      running++;
      void runBatch(batch);
    }
  }

  async function runBatch(batch: readonly Waiting<I, O>[]): Promise<void> {
    try {
      const out = await opts.run(batch.map((w) => w.item));
      if (out.length !== batch.length) throw new Error(`batch run returned ${out.length} outcomes for ${batch.length} items`);
      batch.forEach((w, i) => {
        const o = out[i]!;
        if (o.ok) w.resolve(o.value);
        else w.reject(o.error);
      });
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      running--;
      schedule();
      if (running === 0 && waiting.length === 0) idle?.();
    }
  }

  return {
    submit(item) {
      if (closed) return Promise.reject(new Error('batcher is closed'));
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        schedule();
      });
    },
    async close() {
      closed = true;
      if (running === 0 && waiting.length === 0) return;
      await new Promise<void>((resolve) => {
        idle = resolve;
      });
    },
  };
}
