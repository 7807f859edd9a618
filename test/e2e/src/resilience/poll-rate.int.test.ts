import { countPayoutsByStatus } from '@payout/db';
import { usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { cnBusinessDayAt, cnySimBank, seedPayouts } from '@payout/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.ts';

const QUERY_RATE = 5;

/** Most requests in any window of `windowMs` (real time, as the simulator saw them arrive). */
function maxInWindow(times: readonly number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while ((t[hi] ?? 0) - (t[lo] ?? 0) >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('poll schedules stay within the bank’s published query rate', () => {
  const pg = usePostgres();
  const redis = useRedis();
  let stack: E2eStack | undefined;
  afterAll(async () => {
    await stack?.dispose();
  });

  it(`two worker processes, a bank allowing ${QUERY_RATE} single queries per second: never more at the simulator`, async () => {
    const bank = cnySimBank({
      id: 'cn-slow-query',
      dialect: 'cn-json',
      account: '6222000000000000301',
      behaviour: {
        transaction: { pendingThenSuccess: 1, success: 0 },
        pendingDelayMs: { min: 30_000, max: 90_000 },
        query: { notFoundWhileProcessingMs: 0 },
      },
      profile: {
        rateLimits: { queryPerSecond: QUERY_RATE, submitPerSecond: 100 },
        supportsBatchQuery: false,
        maxQueryBatchSize: 1,
        pollSchedule: { stepsMs: [5_000, 10_000], settlementWindows: [], budgetMs: 900_000 },
      },
    });
    stack = await startE2eStack({
      databaseUrl: pg.url,
      redisUrl: redis.url,
      queuePrefix: redis.prefix(),
      banks: [bank],
      seed: 'rate',
      speed: 20,
      simStart: cnBusinessDayAt('2026-10-10', '10:00'),
    }); // a make-up Saturday
    const s = stack;
    await seedPayouts(s.db, 120, { dueAt: s.simStart, keyPrefix: 'rate' });
    await s.startWorkers(2);
    await waitFor(
      async () => {
        const c = await countPayoutsByStatus(s.db);
        return (c.accepted ?? 0) + (c.processing ?? 0) === 0;
      },
      { timeoutMs: 150_000, intervalMs: 500, message: 'every payout settled' },
    );
    const queries = await s.sim.client.requests({ bankId: 'cn-slow-query', operation: 'query' });
    const peak = maxInWindow(
      queries.map((q) => q.at),
      1_000,
    );
    process.stdout.write(`poll rate: ${queries.length} queries, at most ${peak} in any 1 s window (limit ${QUERY_RATE})\n`);
    expect(queries.length).toBeGreaterThan(QUERY_RATE * 5);
    expect(peak).toBeLessThanOrEqual(QUERY_RATE + 1);
  }, 240_000);
});
