import type { RunningBankSim } from '@payout/bank-sim';
import { createDb, migrateToLatest, type Db } from '@payout/db';
import {
  ChannelRouter,
  SuccessRateTracker,
  createChannelRuntimes,
  noopLifecycleMetrics,
  parseChannels,
  silentWorkerLogger,
  type ChannelRuntime,
  type ChannelsJson,
  type Clock,
  type LifecycleDeps,
  type LifecycleSettings,
} from '@payout/workers';

/** A clock reading the in-process simulator's clock. */
export function simClockOf(sim: RunningBankSim): Clock {
  return {
    now: () => sim.clock.now(),
    get speed() {
      return sim.clock.speed > 0 ? sim.clock.speed : 1;
    },
    realMs(ms: number) {
      return Math.max(0, ms / (sim.clock.speed > 0 ? sim.clock.speed : 1));
    },
  };
}

export const TEST_SETTINGS: LifecycleSettings = {
  maxAttempts: 3,
  submitBatchSize: 100,
  pollBatchSize: 200,
  submitTimeoutMs: 1_500,
  queryTimeoutMs: 1_500,
  rateLimitWaitMs: 1_000,
  callConcurrency: 16,
  safetyMarginMs: 500,
  notFoundSettleMs: 3_000,
  backoff: { baseMs: 2_000, capMs: 20_000, otherChannelMs: 200, fundingMs: 60_000, jitter: 0.2 },
};

/** Migrated database + channel runtimes + lifecycle deps for in-process tests. */
export async function lifecycleDeps(opts: {
  readonly databaseUrl: string;
  readonly channels: ChannelsJson;
  readonly clock: Clock;
  readonly settings?: Partial<LifecycleSettings>;
}): Promise<{ db: Db; deps: Omit<LifecycleDeps, 'stopSignal'>; runtimes: Map<string, ChannelRuntime>; close(): Promise<void> }> {
  const db = createDb({ url: opts.databaseUrl, maxConnections: 8 });
  await migrateToLatest(db);
  const channels = parseChannels(opts.channels);
  const settings = { ...TEST_SETTINGS, ...opts.settings };
  const runtimes = createChannelRuntimes({
    channels,
    clock: opts.clock,
    logger: silentWorkerLogger,
    metrics: { breakerTransition: () => undefined, callCompleted: () => undefined, callRefused: () => undefined },
    timeoutsMs: { submit: settings.submitTimeoutMs, query: settings.queryTimeoutMs },
    rateLimitWaitMs: settings.rateLimitWaitMs,
    breaker: { resetTimeoutMs: 2_000, volumeThreshold: 5 },
  });
  const deps = {
    db,
    clock: opts.clock,
    channels: runtimes,
    router: new ChannelRouter([...runtimes.values()].map((r) => r.routable)),
    rates: new SuccessRateTracker(),
    logger: silentWorkerLogger,
    metrics: noopLifecycleMetrics,
    random: Math.random,
    settings,
  };
  return {
    db,
    deps,
    runtimes,
    close: async () => {
      for (const r of runtimes.values()) r.bank.close();
      await db.destroy();
    },
  };
}
