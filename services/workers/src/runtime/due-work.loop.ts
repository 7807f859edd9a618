import { isDbUnavailable } from '@payout/db';
import type { WorkerLogger } from '../logging/worker-logger.ts';

export interface DueWorkLoopOptions {
  readonly name: string;
  /** Process one batch; returns how many rows it took (0 = nothing due). */
  readonly tick: () => Promise<number>;
  /** A tick that took at least this many rows runs again at once (there is probably more). */
  readonly fullBatch: number;
  /** Real ms an idle loop waits before looking again (a `wake()` ends the wait early). */
  readonly idleMs: number;
  readonly logger: WorkerLogger;
  /** Real ms to back off after a failed tick (default 1 s, doubling to 30 s). */
  readonly errorBackoffMs?: number;
  /**
   * Real ms the loop waits at most between looks while the database is unreachable (default
   * 2 s): claiming pauses during an outage and resumes by itself soon after it ends.
   */
  readonly dbUnavailableMaxBackoffMs?: number;
}

/**
 * Runs a batch function for as long as there is due work, then waits (idle interval or a
 * wake-up, e.g. a queue hint). Postgres rows decide what is due; the loop only decides when
 * to look. `stop()` lets the running batch finish and resolves when it has.
 */
export class DueWorkLoop {
  private readonly opts: DueWorkLoopOptions;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(opts: DueWorkLoopOptions) {
    this.opts = opts;
  }

  start(): void {
    if (this.running !== undefined) return;
    this.running = this.run();
  }

  /** Look for work now (coalesces many calls into one look). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let unavailable = 0;
    while (!this.stopped) {
      let took = 0;
      try {
        this.woken = false;
        took = await this.opts.tick();
        failures = 0;
        if (unavailable > 0)
          this.opts.logger.info({ loop: this.opts.name, failures: unavailable }, `${this.opts.name}: database reachable again; resuming`);
        unavailable = 0;
      } catch (error) {
        if (isDbUnavailable(error)) {
          // An outage (restart, failover) is routine, not a bug: pause, look again soon, log once in a while.
          unavailable += 1;
          if (unavailable === 1 || unavailable % 30 === 0)
            this.opts.logger.warn(
              { loop: this.opts.name, err: describeError(error), failures: unavailable },
              `${this.opts.name}: database unavailable; pausing`,
            );
          await this.sleep(Math.min(this.opts.dbUnavailableMaxBackoffMs ?? 2_000, 250 * 2 ** Math.min(unavailable - 1, 10)));
          continue;
        }
        failures += 1;
        const backoff = Math.min(30_000, (this.opts.errorBackoffMs ?? 1_000) * 2 ** Math.min(failures - 1, 5));
        this.opts.logger.error({ loop: this.opts.name, err: describeError(error), failures }, `${this.opts.name} batch failed; retrying`);
        await this.sleep(backoff);
        continue;
      }
      if (took >= this.opts.fullBatch || this.woken) continue;
      await this.sleep(this.opts.idleMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const code = (error as { code?: unknown }).code;
  const where = error.stack
    ?.split('\n')
    .find((l) => l.includes('/services/') || l.includes('/packages/'))
    ?.trim();
  return `${error.name}: ${error.message}${typeof code === 'string' ? ` [${code}]` : ''}${where !== undefined ? ` (${where})` : ''}`.slice(
    0,
    1_000,
  );
}
