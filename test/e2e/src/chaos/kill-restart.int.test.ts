import { countPayoutsByStatus } from '@payout/db';
import { realNowMs, usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { checkAgainstGroundTruth, cnBusinessDayAt, seedPayouts } from '@payout/test-kit';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.ts';
import { chaosBanks, ENDED } from './chaos-banks.ts';
import { expectGroundTruthHolds } from '../support/ground-truth.expect.ts';

// The issue asks for 5,000; PAYOUT_CHAOS_PAYOUTS lowers it for a quick local run.
const N = Number(process.env['PAYOUT_CHAOS_PAYOUTS'] ?? 5_000);
const WORKERS = 2;
const KILL_EVERY_MS = 2_000;

describe(`chaos: ${N} payouts while every worker process is SIGKILLed and restarted every ${KILL_EVERY_MS} ms`, () => {
  const pg = usePostgres();
  const redis = useRedis();
  let stack: E2eStack | undefined;
  afterEach(async () => {
    await stack?.dispose();
    stack = undefined;
  });

  async function runChaos(opts: {
    readonly simStart: Date;
    readonly dangerous?: boolean;
    readonly flushAtFraction?: number;
    readonly seed: string;
  }) {
    stack = await startE2eStack({
      databaseUrl: pg.url,
      redisUrl: redis.url,
      queuePrefix: redis.prefix(),
      banks: chaosBanks(opts),
      seed: opts.seed,
      speed: 60,
      simStart: opts.simStart,
    });
    const s = stack;
    const ids = await seedPayouts(s.db, N, { dueAt: opts.simStart, keyPrefix: opts.seed, clientId: `chaos-${opts.seed}` });
    const fleet = await s.startWorkers(WORKERS);
    fleet.startChaos(KILL_EVERY_MS);
    let flushed = false;
    const started = realNowMs();
    await waitFor(
      async () => {
        const c = await countPayoutsByStatus(s.db, { clientId: `chaos-${opts.seed}` });
        const open = (c.accepted ?? 0) + (c.processing ?? 0) + (c.held ?? 0);
        if (opts.flushAtFraction !== undefined && !flushed && open <= N * (1 - opts.flushAtFraction)) {
          const r = new Redis(redis.url);
          await r.flushall();
          r.disconnect();
          flushed = true;
        }
        if (process.env['PAYOUT_E2E_VERBOSE'] !== undefined)
          process.stdout.write(`${((realNowMs() - started) / 1000).toFixed(1)} s ${JSON.stringify(c)} kills=${fleet.kills}\n`);
        return open === 0;
      },
      // ~1 minute on a quiet 2-core machine; a machine shared with other work can take 4× that.
      { timeoutMs: 480_000, intervalMs: 500, message: 'every payout ended or parked' },
    ).catch(async (error: unknown) => {
      const stuck = await s.db
        .selectFrom('payouts')
        .select(['id', 'status', 'status_reason', 'next_action', 'next_action_at', 'attempt_count'])
        .where('status', 'in', ['accepted', 'processing', 'held'])
        .limit(5)
        .execute();
      process.stdout.write(`stuck (sim now ${(await s.sim.client.clock()).now}): ${JSON.stringify(stuck, null, 1)}\n`);
      throw error;
    });
    const seconds = (realNowMs() - started) / 1000;
    fleet.stopChaos();
    const report = await checkAgainstGroundTruth(s.db, await s.sim.client.executions(), { expectedIds: ids, allowedStatuses: ENDED });
    process.stdout.write(
      `chaos ${opts.seed}: ${N} payouts in ${seconds.toFixed(1)} s, ${fleet.kills} kills, ${fleet.starts} starts, ${JSON.stringify(report.byStatus)}\n`,
    );
    expect(fleet.kills).toBeGreaterThan(0);
    if (opts.flushAtFraction !== undefined) expect(flushed).toBe(true);
    expectGroundTruthHolds(report);
    return report;
  }

  it('no payout executes twice, none is lost, every one ends succeeded/failed/awaiting_verification with a reason', async () => {
    await runChaos({ seed: 'kill', simStart: cnBusinessDayAt('2026-11-17', '10:00') });
  }, 600_000);

  it('the same with Redis FLUSHALL once mid-run', async () => {
    await runChaos({ seed: 'flush', flushAtFraction: 0.4, simStart: cnBusinessDayAt('2026-09-20', '10:00') }); // a make-up Sunday
  }, 600_000);

  it('the same against the dangerous bank that executes a reused end-to-end id again', async () => {
    await runChaos({ seed: 'danger', dangerous: true, simStart: cnBusinessDayAt('2026-02-28', '10:00') }); // a make-up Saturday
  }, 600_000);
});
