import { BankSimClient, startBankSim, type RunningBankSim } from '@payout/bank-sim';
import { usePostgres, waitFor } from '@payout/test-harness/vitest';
import { localDateIn } from '@payout/calendar';
import { countPayoutsByStatus, listPayoutStatuses, readChannelUsage, type Db } from '@payout/db';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  channelsFor,
  checkAgainstGroundTruth,
  cnySimBank,
  lifecycleDeps,
  cnBusinessDayAt,
  seedPayouts,
  simClockOf,
} from '@payout/test-kit';
import { startLifecycleEngine, type LifecycleEngine } from './lifecycle-engine.ts';

const SETTLED = ['succeeded', 'failed', 'awaiting_verification', 'manual_review', 'rejected'];
const db = usePostgres();

describe('payout lifecycle against the bank simulator (in-process workers)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function run(
    banks: ReturnType<typeof cnySimBank>[],
    n: number,
    opts: { start: Date; amountMinor?: (i: number) => bigint; speed?: number; keyPrefix: string },
  ) {
    const sim: RunningBankSim = await startBankSim({
      seed: opts.keyPrefix,
      clock: { start: opts.start.toISOString(), speed: opts.speed ?? 60 },
      banks,
    });
    cleanup.push(() => sim.close());
    const h = await lifecycleDeps({ databaseUrl: db.url, channels: channelsFor(sim.url, banks), clock: simClockOf(sim) });
    cleanup.push(() => h.close());
    const ids = await seedPayouts(h.db, n, {
      dueAt: opts.start,
      keyPrefix: opts.keyPrefix,
      ...(opts.amountMinor !== undefined ? { amountMinor: opts.amountMinor } : {}),
    });
    const engine: LifecycleEngine = startLifecycleEngine({ deps: h.deps, submitLoops: 2, pollLoops: 1, idleMs: 50 });
    cleanup.push(() => engine.stop(2_000));
    return { sim, client: new BankSimClient(sim.url), db: h.db, ids, engine };
  }

  async function settled(dbh: Db, ids: readonly string[], timeoutMs: number): Promise<void> {
    await waitFor(
      async () => {
        const counts = await countPayoutsByStatus(dbh);
        const open = (counts.accepted ?? 0) + (counts.processing ?? 0) + (counts.held ?? 0);
        return open === 0 && Object.values(counts).reduce((a, b) => a + (b ?? 0), 0) >= ids.length;
      },
      { timeoutMs, intervalMs: 200, message: 'every payout settled' },
    );
  }

  it('pays 400 payouts through a batch (ISO) bank and a single-call (CN) bank, each exactly once', async () => {
    const banks = [
      cnySimBank({ id: 'iso-a', dialect: 'iso20022', account: '6222000000000000001' }),
      cnySimBank({ id: 'cn-b', dialect: 'cn-json', account: '6222000000000000002' }),
    ];
    const { client, db: dbh, ids } = await run(banks, 400, { start: cnBusinessDayAt('2026-11-17', '10:00'), keyPrefix: 'happy' });
    await settled(dbh, ids, 60_000);
    const report = await checkAgainstGroundTruth(dbh, await client.executions(), { expectedIds: ids, allowedStatuses: SETTLED });
    expect(report.byStatus).toEqual({ succeeded: 400 });
    expect(report.maxExecutionsPerPayout).toBe(1);
    expect(report.lost).toEqual([]);
    expect(report.unsettled).toEqual([]);
    expect(report.succeededNotExecuted).toEqual([]);
  });

  it('with timeouts after execution, 5xx, garbage and slow settlements: never twice, never an executed payout failed', async () => {
    const flaky = {
      request: { ok: 80, timeoutAfterExecution: 8, timeoutBeforeExecution: 4, http5xx: 4, garbage: 4 },
      transaction: { success: 60, pendingThenSuccess: 30, pendingThenFailure: 5, reject: 5 },
      rejectReasons: [
        { code: 'AC04', weight: 1 },
        { code: 'AB05', weight: 1 },
      ],
      failureReasons: [{ code: 'AB05', weight: 1 }],
      pendingDelayMs: { min: 5_000, max: 120_000 },
    };
    const banks = [
      cnySimBank({ id: 'iso-f', dialect: 'iso20022', account: '6222000000000000003', behaviour: flaky }),
      cnySimBank({
        id: 'cn-f',
        dialect: 'cn-json',
        account: '6222000000000000004',
        behaviour: { ...flaky, query: { notFoundWhileProcessingMs: 20_000 } },
      }),
    ];
    const {
      client,
      db: dbh,
      ids,
    } = await run(banks, 300, { start: cnBusinessDayAt('2026-10-10', '10:00'), keyPrefix: 'flaky', speed: 120 }); // a make-up Saturday
    await settled(dbh, ids, 90_000);
    const report = await checkAgainstGroundTruth(dbh, await client.executions(), { expectedIds: ids, allowedStatuses: SETTLED });
    expect(report.maxExecutionsPerPayout).toBe(1);
    expect(report.executedTwice).toEqual([]);
    expect(report.lost).toEqual([]);
    expect(report.executedButFailed).toEqual([]);
    expect(report.succeededNotExecuted).toEqual([]);
    expect(report.unsettled).toEqual([]);
    expect(report.byStatus['succeeded'] ?? 0).toBeGreaterThan(200);
  });

  it('a hidden per-transaction limit (AM02) moves big payouts to the other channel', async () => {
    const banks = [
      cnySimBank({ id: 'cn-limit', dialect: 'cn-json', account: '6222000000000000005', hiddenLimitMinor: '500000' }),
      cnySimBank({ id: 'iso-big', dialect: 'iso20022', account: '6222000000000000006' }),
    ];
    const {
      client,
      db: dbh,
      ids,
    } = await run(banks, 100, {
      start: cnBusinessDayAt('2026-02-14', '10:00'),
      keyPrefix: 'limit',
      amountMinor: (i) => (i % 2 === 0 ? 1_000_000n : 10_000n),
    });
    await settled(dbh, ids, 60_000);
    const report = await checkAgainstGroundTruth(dbh, await client.executions(), { expectedIds: ids, allowedStatuses: SETTLED });
    expect(report.byStatus).toEqual({ succeeded: 100 });
    expect(report.maxExecutionsPerPayout).toBe(1);
    const bigOnLimitBank = (await client.executions({ bankId: 'cn-limit' })).filter((e) => BigInt(e.amountMinor) > 500_000n);
    expect(bigOnLimitBank).toEqual([]);
  });
  it("a channel's per-day limit holds across concurrent submit loops: the rest waits for the next day, none fails", async () => {
    // 25 payouts of 100.00 CNY fit the day; two submit loops route concurrently on usage snapshots.
    const bank = cnySimBank({
      id: 'iso-day',
      dialect: 'iso20022',
      account: '6222000000000000031',
      profile: { limits: { perPayout: '100000000', perDay: '250000' } },
    });
    // The eve of National Day: what does not fit waits for 2026-10-08.
    const {
      client,
      db: dbh,
      ids,
    } = await run([bank], 60, { start: cnBusinessDayAt('2026-09-30', '10:00'), keyPrefix: 'daylimit', amountMinor: () => 10_000n });
    const mine = new Set(ids);
    const statusesOfMine = async () => (await listPayoutStatuses(dbh)).filter((r) => mine.has(r.id)).map((r) => r.status);
    const waiting = async () => (await statusesOfMine()).filter((s) => s === 'accepted').length;
    await waitFor(async () => (await client.executions({ bankId: 'iso-day' })).length === 25 && (await waiting()) === 35, {
      timeoutMs: 30_000,
      message: '25 sent within the day limit, 35 waiting',
    });
    const usage = await readChannelUsage(dbh, [
      { channelId: 'iso-day', businessDate: localDateIn(new Date((await client.clock()).now), 'Asia/Shanghai') },
    ]);
    expect([...usage.values()]).toEqual([250_000n]);
    const statuses = await statusesOfMine();
    expect(statuses.filter((s) => s === 'failed')).toEqual([]);
    expect(statuses.filter((s) => s === 'succeeded' || s === 'processing')).toHaveLength(25);
  });
});
