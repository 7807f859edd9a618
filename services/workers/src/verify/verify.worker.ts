import { DueWorkLoop } from '../runtime/due-work.loop.ts';
import type { FetchResult } from './statement-fetch.ts';
import type { VerifyDeps } from './verify-deps.ts';
import { verifyChannel, type VerifyPassReport } from './verify-pass.ts';

/** Clock ms before asking again for a day the bank said has no statement. */
const NONE_RETRY_MS = 24 * 3_600_000;

export interface VerifyRunner {
  /** One pass over every channel; returns what each did. */
  runOnce(): Promise<VerifyPassReport[]>;
}

/**
 * Verification over all channels, remembering failed statement fetches so a bank whose
 * statement service is down is asked again after `fetchRetryMs`, not on every tick.
 */
export function createVerifyRunner(deps: VerifyDeps): VerifyRunner {
  const retryAt = new Map<string, number>();
  const key = (bankId: string, date: string): string => `${bankId}|${date}`;
  const options = {
    shouldFetch: (bankId: string, date: string): boolean => (retryAt.get(key(bankId, date)) ?? 0) <= deps.clock.now().getTime(),
    onFetch: (bankId: string, r: FetchResult): void => {
      if (r.kind === 'ingested') retryAt.delete(key(bankId, r.date));
      // No statement exists for that day (the account did not exist yet): ask again only much later.
      else if (r.kind === 'none') retryAt.set(key(bankId, r.date), deps.clock.now().getTime() + NONE_RETRY_MS);
      else retryAt.set(key(bankId, r.date), deps.clock.now().getTime() + deps.settings.fetchRetryMs);
    },
  };
  return {
    async runOnce() {
      const reports: VerifyPassReport[] = [];
      for (const channel of deps.channels.values()) {
        if (deps.stopSignal?.aborted === true) break;
        try {
          reports.push(await verifyChannel(deps, channel, options));
        } catch (error) {
          // One bank's trouble must not stop the others; its claimed payouts fall due again when their lease ends.
          deps.logger.error(
            { role: 'verify', bankId: channel.bankId, err: error instanceof Error ? (error.stack ?? error.message) : String(error) },
            'verification pass failed',
          );
        }
      }
      return reports;
    },
  };
}

/**
 * One verification pass over every channel, now: fetch and ingest due statements, match,
 * resolve and apply. For a scheduler or a test that drives time itself.
 *
 * @example
 *   const reports = await verifyDue(deps);
 */
export function verifyDue(deps: VerifyDeps): Promise<VerifyPassReport[]> {
  return createVerifyRunner(deps).runOnce();
}

export interface VerifyWorker {
  start(): void;
  /** Look now (e.g. a queue hint, or a statement just ingested through the API). */
  wake(): void;
  /** Lets the running pass finish. */
  stop(): Promise<void>;
  runOnce(): Promise<VerifyPassReport[]>;
}

/**
 * The verify role: a loop that runs a pass over every channel, then waits `idleMs` (real
 * time). Work is decided by the rows — payouts whose `next_action` is `verify` and due
 * (scheduled by the lifecycle at the bank's statement time on its next business day), and
 * statements due by each bank's calendar — so the loop needs no timer per bank.
 *
 * Wiring (composition root): `createVerifyWorker({ db, clock, channels, logger, metrics, settings }).start()`,
 * with `channels` built from the channel runtimes: `{ bankId, profile, bank: runtime.bank, account: config.debtorAccount }`.
 */
export function createVerifyWorker(deps: VerifyDeps, opts: { readonly idleMs?: number } = {}): VerifyWorker {
  const runner = createVerifyRunner(deps);
  const loop = new DueWorkLoop({
    name: 'verify',
    tick: async () => {
      const reports = await runner.runOnce();
      return reports.reduce((n, r) => n + r.claimed, 0);
    },
    fullBatch: deps.settings.batchSize,
    idleMs: opts.idleMs ?? 5_000,
    logger: deps.logger,
  });
  return { start: () => loop.start(), wake: () => loop.wake(), stop: () => loop.stop(), runOnce: () => runner.runOnce() };
}
