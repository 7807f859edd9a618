import { countPayoutsByStatus } from '@payout/db';
import { usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { checkAgainstGroundTruth, cnBusinessDayAt, cnySimBank, seedPayouts } from '@payout/test-kit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.ts';

// Simulated time runs 10× faster: the 60 s outage lasts 6 real seconds.
const SPEED = 10;
const OUTAGE_MS = 60_000;

describe('a 60 s submit outage at the only bank', () => {
  const pg = usePostgres();
  const redis = useRedis();
  let stack: E2eStack | undefined;
  afterAll(async () => {
    await stack?.dispose();
  });

  it('opens its submit breaker, keeps querying, and fails no payout because of it', async () => {
    const prefix = redis.prefix();
    const bank = cnySimBank({
      id: 'iso-outage',
      dialect: 'iso20022',
      account: '6222000000000000201',
      behaviour: { transaction: { success: 50, pendingThenSuccess: 50 }, pendingDelayMs: { min: 20_000, max: 120_000 } },
      profile: { pollSchedule: { stepsMs: [5_000, 10_000, 20_000], settlementWindows: [], budgetMs: 600_000 }, maxBatchSize: 20 },
    });
    stack = await startE2eStack({
      databaseUrl: pg.url,
      redisUrl: redis.url,
      queuePrefix: prefix,
      banks: [bank],
      seed: 'outage',
      speed: SPEED,
      simStart: cnBusinessDayAt('2026-11-18', '10:00'),
      workerEnv: { SUBMIT_BATCH_SIZE: '20' },
    });
    const s = stack;
    const sim = s.sim.client;
    const ids = await seedPayouts(s.db, 100, { dueAt: s.simStart, keyPrefix: 'before' });
    await s.startWorkers(1);
    await waitFor(async () => ((await countPayoutsByStatus(s.db)).accepted ?? 0) === 0, {
      timeoutMs: 60_000,
      message: 'first wave submitted',
    });

    // The outage starts now (simulated) and lasts 60 simulated seconds.
    const from = new Date((await sim.clock()).now);
    const to = new Date(from.getTime() + OUTAGE_MS);
    await sim.addOutage('iso-outage', { operation: 'submit', from: from.toISOString(), to: to.toISOString(), mode: 'http_503' });
    ids.push(...(await seedPayouts(s.db, 200, { dueAt: from, keyPrefix: 'during' })));

    const r = new Redis(redis.url);
    try {
      await waitFor(async () => (await r.exists(`${prefix}:breaker:iso-outage:submit`)) === 1, {
        timeoutMs: 30_000,
        message: 'submit breaker open (shared in Redis)',
      });
    } finally {
      r.disconnect();
    }
    await waitFor(async () => new Date((await sim.clock()).now).getTime() > to.getTime(), { timeoutMs: 30_000, message: 'outage over' });
    await waitFor(
      async () => {
        const c = await countPayoutsByStatus(s.db);
        return (c.accepted ?? 0) + (c.processing ?? 0) + (c.held ?? 0) === 0;
      },
      { timeoutMs: 120_000, intervalMs: 500, message: 'every payout ended' },
    );

    const requests = await sim.requests({ bankId: 'iso-outage' });
    const inOutage = requests.filter((q) => q.simAt >= from.getTime() && q.simAt < to.getTime());
    const submitsInOutage = inOutage.filter((q) => q.operation === 'submit').length;
    const queriesInOutage = inOutage.filter((q) => q.operation === 'query').length;
    process.stdout.write(`outage: ${submitsInOutage} submit and ${queriesInOutage} query requests reached the bank during the outage\n`);
    // The breaker opened after a handful of failed submits; while open only half-open probes pass.
    expect(submitsInOutage).toBeLessThanOrEqual(12);
    expect(queriesInOutage).toBeGreaterThan(0);

    const report = await checkAgainstGroundTruth(s.db, await sim.executions(), {
      expectedIds: ids,
      allowedStatuses: ['succeeded', 'awaiting_verification'],
    });
    expect(report.byStatus['failed'] ?? 0).toBe(0);
    expect(report.byStatus['manual_review'] ?? 0).toBe(0);
    expect(report.unsettled).toEqual([]);
    expect(report.maxExecutionsPerPayout).toBe(1);
    expect(report.lost).toEqual([]);
  }, 240_000);
});
