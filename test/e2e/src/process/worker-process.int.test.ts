import { join } from 'node:path';
import { PAYOUT_EVENTS_QUEUE } from '@payout/workers';
import { countPayoutsByStatus, type Db } from '@payout/db';
import { redisOptionsFromUrl } from '@payout/queue';
import { realNowMs, usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { checkAgainstGroundTruth, cnBusinessDayAt, cnySimBank, seedPayouts } from '@payout/test-kit';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { forkChild } from '../support/child-process.ts';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.ts';
import { WORKERS_MAIN } from '../support/worker-fleet.ts';

describe('a worker process: SIGTERM, metrics, events', () => {
  const pg = usePostgres();
  const redis = useRedis();
  let stack: E2eStack | undefined;
  afterAll(async () => {
    await stack?.dispose();
  });

  async function openWithoutNextAction(db: Db): Promise<number> {
    const r = await sql<{
      n: bigint;
    }>`select count(*) as n from payouts where status in ('accepted', 'processing', 'held') and next_action is null`.execute(db);
    return Number(r.rows[0]?.n ?? 0n);
  }

  it('stops on SIGTERM leaving only resumable rows; a new process finishes the work; events reach the queue once each, in sequence', async () => {
    const prefix = redis.prefix();
    const bank = cnySimBank({
      id: 'cn-slowish',
      dialect: 'cn-json',
      account: '6222000000000000401',
      behaviour: {
        request: { ok: 90, timeoutAfterExecution: 10 },
        transaction: { success: 60, pendingThenSuccess: 40 },
        pendingDelayMs: { min: 10_000, max: 60_000 },
        latencyMs: { min: 100, max: 2_000 },
      },
    });
    stack = await startE2eStack({
      databaseUrl: pg.url,
      redisUrl: redis.url,
      queuePrefix: prefix,
      banks: [bank],
      seed: 'sigterm',
      speed: 20,
      simStart: cnBusinessDayAt('2026-11-17', '10:00'),
    });
    const s = stack;
    const ids = await seedPayouts(s.db, 600, { dueAt: s.simStart, keyPrefix: 'sigterm' });

    const first = forkChild(WORKERS_MAIN, {
      env: { ...s.workerEnv, METRICS_PORT: '0', SHUTDOWN_GRACE_MS: '3000' },
      logFile: join(s.dir, 'first.log'),
      isReady: (m) => m['event'] === 'ready',
    });
    const ready = await first.ready;
    const metricsPort = Number(ready['metricsPort']);
    await waitFor(async () => ((await countPayoutsByStatus(s.db)).processing ?? 0) > 50, { timeoutMs: 60_000, message: 'work in flight' });

    const metrics = await waitFor(
      async () => {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        return text.includes('payout_submits_total{') && text.includes('payout_polls_total{') ? text : undefined;
      },
      { timeoutMs: 30_000, message: 'submit and poll samples in /metrics' },
    );
    expect(metrics).toContain('payout_transitions_total{');
    expect(metrics).toContain('bank_breaker_open{');
    expect(metrics).toContain('payout_queue_jobs{');

    const stopAsked = realNowMs();
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(realNowMs() - stopAsked).toBeLessThan(15_000);
    // Nothing was left that only the stopped process knew about: every open payout says what is next.
    expect(await openWithoutNextAction(s.db)).toBe(0);

    const second = forkChild(WORKERS_MAIN, {
      env: s.workerEnv,
      logFile: join(s.dir, 'second.log'),
      isReady: (m) => m['event'] === 'ready',
    });
    await second.ready;
    await waitFor(
      async () => {
        const c = await countPayoutsByStatus(s.db);
        return (c.accepted ?? 0) + (c.processing ?? 0) + (c.held ?? 0) === 0;
      },
      { timeoutMs: 120_000, intervalMs: 500, message: 'every payout ended' },
    );
    const report = await checkAgainstGroundTruth(s.db, await s.sim.client.executions(), {
      expectedIds: ids,
      allowedStatuses: ['succeeded', 'failed', 'awaiting_verification'],
    });
    expect(report.maxExecutionsPerPayout).toBe(1);
    expect(report.unsettled).toEqual([]);

    // Every outbox row is delivered once to the events queue, with its event id as the job id.
    await waitFor(
      async () =>
        Number((await sql<{ n: bigint }>`select count(*) as n from outbox where delivered_at is null`.execute(s.db)).rows[0]?.n) === 0,
      {
        timeoutMs: 30_000,
        message: 'outbox drained',
      },
    );
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const outbox = (
      await sql<{
        event_id: string;
        payout_id: string;
        seq: number;
      }>`select event_id, payout_id, seq from outbox where payout_id is not null`.execute(s.db)
    ).rows;
    const queue = new Queue(PAYOUT_EVENTS_QUEUE, { connection: redisOptionsFromUrl(redis.url), prefix });
    try {
      const jobs = await queue.getJobs(['waiting', 'delayed', 'completed', 'failed', 'active'], 0, -1);
      const byEvent = new Map(jobs.map((j) => [j.id, j.data as { eventId: string; payoutId: string; seq: number }]));
      expect(byEvent.size).toBe(jobs.length);
      for (const o of outbox) expect(byEvent.get(o.event_id)).toMatchObject({ eventId: o.event_id, payoutId: o.payout_id, seq: o.seq });
      const seqs = new Map<string, number[]>();
      for (const d of byEvent.values()) seqs.set(d.payoutId, [...(seqs.get(d.payoutId) ?? []), d.seq]);
      for (const list of seqs.values()) expect(new Set(list).size).toBe(list.length);
    } finally {
      await queue.close();
    }
  }, 240_000);
});
