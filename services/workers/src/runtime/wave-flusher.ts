/**
 * Collects results as they arrive and hands them to `flush` in waves: at most one wave per
 * `waitMs` (real), so the answer of a fast call is recorded without waiting for the slowest
 * call of its batch (a bank that holds a request until our deadline), while a burst of answers
 * still shares one transaction. `drain()` flushes what is left and waits for every wave.
 */
export class WaveFlusher<T> {
  private readonly flush: (items: T[]) => Promise<void>;
  private readonly waitMs: number;
  private pending: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly waves: Promise<void>[] = [];
  private failure: unknown;

  constructor(flush: (items: T[]) => Promise<void>, waitMs: number) {
    this.flush = flush;
    this.waitMs = waitMs;
  }

  add(items: readonly T[]): void {
    if (items.length === 0) return;
    this.pending.push(...items);
    if (this.timer === undefined) this.timer = setTimeout(() => this.wave(), this.waitMs);
  }

  /** Flush the rest; rejects with the first wave's error, after every wave has settled. */
  async drain(): Promise<void> {
    this.wave();
    await Promise.allSettled(this.waves);
    if (this.failure !== undefined) throw this.failure;
  }

  private wave(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.waves.push(
      this.flush(items).catch((error: unknown) => {
        this.failure ??= error;
      }),
    );
  }
}
