import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createBankAdapter, type BankAdapter } from '@payout/bank';
import { BankSimClient, startBankSim, type GroundTruthTransfer, type RunningBankSim } from '@payout/bank-sim';
import { addDays, getCalendar, instantToZoned, zonedDateTimeToInstant } from '@payout/calendar';
import { listPayoutStatuses, type Db } from '@payout/db';
import { usePostgres, waitFor } from '@payout/test-harness/vitest';
import { silentWorkerLogger } from '../logging/worker-logger.ts';
import { startLifecycleEngine } from '../runtime/lifecycle-engine.ts';
import { channelsFor, cnySimBank, lifecycleDeps, seedPayouts, simClockOf } from '../test-support/index.ts';
import { DEFAULT_VERIFY_SETTINGS, type VerifyChannel } from './verify-deps.ts';
import { noopVerifyMetrics } from './verify-metrics.port.ts';
import { verifyDue } from './verify.worker.ts';

/**
 * Acceptance (issue 8), end to end with the real lifecycle workers, Postgres and the bank
 * simulator: a day of payouts with 5 % timeouts after execution (and 5 % before), the banks'
 * status queries down all day so every ambiguous payout is parked for verification; on the
 * next business day the verification resolves each parked payout to exactly what the
 * simulator did, and turns the simulator's returns into `returned` with an event.
 */
const pg = usePostgres();

/** The next CN business day after today whose following day is not one (a Friday, or the eve of a holiday). */
function nextEveOfNonBusinessDay(): string {
  const cn = getCalendar('CN');
  let d = instantToZoned(new Date(), 'Asia/Shanghai').date;
  for (let i = 0; i < 30; i++) {
    d = addDays(d, 1);
    if (cn.isBusinessDay(d) && !cn.isBusinessDay(addDays(d, 1))) return d;
  }
  throw new Error('no eve of a non-business day within 30 days');
}

/** The adapter, except that the statement of `date` cannot be had (the bank's file for that day is lost). */
function withoutStatementOf(bank: BankAdapter, date: string | undefined): VerifyChannel['bank'] {
  return {
    query: (ref, signal) => bank.query(ref, signal),
    fetchStatement: (account, d, signal) =>
      d === date ? Promise.resolve({ kind: 'unknown', cause: 'http_5xx', detail: 'statement lost (test)' }) : bank.fetchStatement(account, d, signal),
  };
}

describe('next-day verification against the bank simulator', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it.each([
    { missing: false, name: 'resolves every awaiting_verification payout to the ground truth, and turns returns into returned' },
    { missing: true, name: 'with one statement missing from the sequence, resolves none of them as failed' },
  ])('$name', async ({ missing }) => {
    const tag = missing ? 'm' : 'c';
    const day = nextEveOfNonBusinessDay();
    const behaviour = {
      request: { ok: 90, timeoutAfterExecution: 5, timeoutBeforeExecution: 5 },
      transaction: { success: 1 },
    };
    const returns = { rate: 0.03, afterDays: { min: 2, max: 2 }, reasons: [{ code: 'AC04', weight: 1 }, { code: 'AC06', weight: 1 }] };
    const short = { pollSchedule: { stepsMs: [10_000, 30_000], settlementWindows: [], budgetMs: 120_000 } };
    const banks = [
      { ...cnySimBank({ id: `iso-${tag}`, dialect: 'iso20022', account: '6222000000000000011', behaviour, profile: short }), returns },
      { ...cnySimBank({ id: `cn-${tag}`, dialect: 'cn-json', account: '6222000000000000012', behaviour, profile: short }), returns },
    ];
    const sim: RunningBankSim = await startBankSim({ seed: `verify-e2e-${tag}`, clock: { start: zonedDateTimeToInstant(day, '10:00', 'Asia/Shanghai').toISOString(), speed: 300 }, banks });
    cleanup.push(() => sim.close());
    const client = new BankSimClient(sim.url);
    // The banks' status queries are down all day: every unclear payout ends awaiting verification.
    for (const b of banks) await client.addOutage(b.id, { operation: 'query' });

    const h = await lifecycleDeps({ databaseUrl: pg.url, channels: channelsFor(sim.url, banks), clock: simClockOf(sim) });
    cleanup.push(() => h.close());
    const db: Db = h.db;
    const ids = await seedPayouts(db, 240, { keyPrefix: `vfy-${tag}`, amountMinor: (i) => BigInt(10_000 + i * 7) });
    const mine = new Set(ids);
    const engine = startLifecycleEngine({ deps: h.deps, submitLoops: 2, pollLoops: 1, idleMs: 50 });
    await waitFor(
      async () => {
        const open = (await listPayoutStatuses(db)).filter((r) => mine.has(r.id) && ['accepted', 'processing', 'held'].includes(r.status));
        return open.length === 0;
      },
      { timeoutMs: 40_000, intervalMs: 200, message: 'the lifecycle settled every payout' },
    );
    await engine.stop(2_000);
    for (const b of banks) await client.clearOutages(b.id, 'query');

    const before = new Map((await listPayoutStatuses(db)).filter((r) => mine.has(r.id)).map((r) => [r.id, r.status]));
    const awaiting = [...before].filter(([, s]) => s === 'awaiting_verification').map(([id]) => id);
    expect(awaiting.length).toBeGreaterThan(10);

    // The next business day, just after the banks' statement time.
    const next = getCalendar('CN').nextBusinessDay(day);
    await client.setClock({ set: zonedDateTimeToInstant(next, '10:05', 'Asia/Shanghai').toISOString(), speed: 0 });
    const channels = new Map<string, VerifyChannel>(
      [...h.runtimes.values()].map((r) => [
        r.config.id,
        { bankId: r.config.id, profile: r.config.profile, bank: withoutStatementOf(createBankAdapter(r.config.profile, { baseUrl: r.config.baseUrl }), missing ? addDays(day, 1) : undefined), account: r.config.debtorAccount },
      ]),
    );
    const reports = await verifyDue({ db, clock: simClockOf(sim), channels, logger: silentWorkerLogger, metrics: noopVerifyMetrics, settings: { ...DEFAULT_VERIFY_SETTINGS, fetchAttempts: 1 } });
    for (const r of reports) expect(r.fetched.filter((f) => f.kind !== 'ingested').map((f) => f.date)).toEqual(missing ? [addDays(day, 1)] : []);

    // Ground truth: each parked payout is exactly what the bank did with it.
    const truth = await client.transfers();
    const byPayout = new Map<string, GroundTruthTransfer[]>();
    for (const t of truth) if (t.payoutId !== null) byPayout.set(t.payoutId, [...(byPayout.get(t.payoutId) ?? []), t]);
    const after = new Map((await listPayoutStatuses(db)).filter((r) => mine.has(r.id)).map((r) => [r.id, r.status]));
    const wrong: string[] = [];
    let executed = 0;
    let notExecuted = 0;
    for (const id of awaiting) {
      const ts = byPayout.get(id) ?? [];
      const got = after.get(id);
      const bankDid = ts.some((t) => t.state === 'returned') ? 'returned' : ts.some((t) => t.executed) ? 'succeeded' : 'not_executed';
      if (bankDid === 'not_executed') notExecuted++;
      else executed++;
      // With a statement missing, a payout the bank did not execute must NOT be called failed: it waits or goes to a person.
      const ok = bankDid === 'not_executed' ? (missing ? got === 'manual_review' || got === 'awaiting_verification' : got === 'failed' || got === 'accepted') : got === bankDid;
      if (!ok) wrong.push(`${id}: bank ${bankDid}, we say ${got}`);
    }
    console.info(`verify e2e: ${awaiting.length} awaiting, ${executed} executed, ${notExecuted} not executed; after: ${JSON.stringify(Object.fromEntries([...new Set(after.values())].map((s) => [s, [...after.values()].filter((x) => x === s).length])))}`);
    expect(wrong).toEqual([]);
    expect(executed).toBeGreaterThan(0);
    expect(notExecuted).toBeGreaterThan(0);

    // Every payout the simulator returned is returned here, with its event on the outbox.
    const returnedByBank = [...new Set(truth.filter((t) => t.state === 'returned' && t.payoutId !== null && mine.has(t.payoutId)).map((t) => t.payoutId as string))];
    expect(returnedByBank.length).toBeGreaterThan(0);
    for (const id of returnedByBank) expect(after.get(id)).toBe('returned');
    const events = await sql<{ payout_id: string }>`select payout_id from outbox where type = 'payout.returned'`.execute(db);
    expect(new Set(events.rows.map((e) => e.payout_id).filter((id) => mine.has(id)))).toEqual(new Set(returnedByBank));
    // …and nothing else turned returned.
    expect([...after].filter(([, s]) => s === 'returned').length).toBe(returnedByBank.length);
  }, 90_000);
});
