import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createBankAdapter } from '@payout/bank';
import { BankSimClient, startBankSim, type RunningBankSim } from '@payout/bank-sim';
import { addDays, getCalendar, zonedDateTimeToInstant } from '@payout/calendar';
import { listPayoutStatuses, loadStatements, type Db } from '@payout/db';
import { requirePosition, type Position } from '@payout/ledger';
import { loadDrift, loadPositions, recordFundingSent, saveFundingAccounts } from '@payout/db/ledger';
import { usePostgres } from '@payout/test-harness/vitest';
import { silentWorkerLogger } from '../logging/worker-logger.ts';
import { runPollBatch } from '../poll/poll-batch.ts';
import type { LifecycleDeps } from '../runtime/lifecycle-deps.ts';
import { runSubmitBatch } from '../submit/submit-batch.ts';
import { channelsFor, checkAgainstGroundTruth, cnySimBank, lifecycleDeps, seedPayouts, simClockOf } from '@payout/test-kit';
import { bookStatementsInLedger } from '../verify/statement-ledger.ts';
import { DEFAULT_VERIFY_SETTINGS, type VerifyChannel, type VerifyDeps } from '../verify/verify-deps.ts';
import { noopVerifyMetrics } from '../verify/verify-metrics.port.ts';
import { verifyDue } from '../verify/verify.worker.ts';

/**
 * Acceptance (issue 9, the liquidity gate): "a position that covers 100 of 150 payouts → 50
 * held, not failed, and released after a funding credit appears on the next statement" — with
 * the real submit batches, verification, Postgres and the bank simulator, on a simulated clock
 * the test moves itself:
 *  B0  the sim bank opens the account with exactly 100 × A;
 *  B1  verification brings B0's statement (the account's first) into the ledger: its opening
 *      balance is the position. 150 payouts of A: 100 go out, 50 are held with the reason and
 *      upstream hears of it. Treasury records funding T1 of 50 × A (in transit: still held at
 *      the next look); the bank credits it with reference T1 — plus a stray credit and a credit
 *      naming a second transfer with the wrong amount, neither of which may be booked;
 *  B2  verification reads B1's statement: T1 is seen, the 50 are released at their next look;
 *  B3  verification reads B2's statement: the ledger equals the bank except for the two credits
 *      nobody could explain, which the drift report shows.
 */
const pg = usePostgres();

const A = 10_000n;
const TZ = 'Asia/Shanghai';

/** Four consecutive CN business days, a weekend between the last two. */
const DAYS = ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23'] as const;

async function positionOf(db: Db, fundingAccountId: string): Promise<Position> {
  return requirePosition(await loadPositions(db, { fundingAccountIds: [fundingAccountId] }), fundingAccountId, 'CNY');
}

/**
 * Submit batches until none is due (the clock stands still), then status queries for what the
 * bank accepted, the clock moved 15 s at a time (well inside the held payouts' re-check).
 */
async function runDueWork(deps: LifecycleDeps, client: BankSimClient): Promise<number> {
  let sent = 0;
  for (let i = 0; ; i++) {
    const r = await runSubmitBatch(deps);
    sent += r.sent;
    if (r.claimed === 0) break;
    if (i === 20) throw new Error('submit batches never ran dry');
  }
  for (let i = 0; ; i++) {
    const inFlight = await sql<{ n: string }>`select count(*)::text as n from payouts where status = 'processing'`.execute(deps.db);
    if (inFlight.rows[0]?.n === '0') return sent;
    if (i === 8) throw new Error(`${inFlight.rows[0]?.n} payouts still processing after 2 simulated minutes`);
    await client.setClock({ advanceMs: 15_000 });
    while ((await runPollBatch(deps)) > 0);
  }
}

describe('the liquidity gate against the bank simulator', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('a position that covers 100 of 150 payouts → 50 held, not failed, released after a funding credit appears on the next statement', async () => {
    const [b0, b1, b2, b3] = DAYS;
    const cn = getCalendar('CN');
    expect([cn.nextBusinessDay(b0), cn.nextBusinessDay(b1), cn.nextBusinessDay(b2)]).toEqual([b1, b2, b3]);
    const at = (day: string, time: string): string => zonedDateTimeToInstant(day, time, TZ).toISOString();
    const base = cnySimBank({ id: 'gate-iso', dialect: 'iso20022', account: '6222000000000000031' });
    const bank = { ...base, accounts: [{ ...base.accounts[0]!, openingBalanceMinor: (100n * A).toString() }] };
    const account = bank.accounts[0]!.account;
    const sim: RunningBankSim = await startBankSim({ seed: 'liquidity-gate', clock: { start: at(b0, '09:00'), speed: 0 }, banks: [bank] });
    cleanup.push(() => sim.close());
    const client = new BankSimClient(sim.url);
    const clock = simClockOf(sim);

    const h = await lifecycleDeps({ databaseUrl: pg.url, channels: channelsFor(sim.url, [bank]), clock });
    cleanup.push(() => h.close());
    const db: Db = h.db;
    const deps: LifecycleDeps = { ...h.deps, stopSignal: new AbortController().signal };
    const runtime = h.runtimes.get(bank.id)!;
    const fundingAccountId = runtime.config.fundingAccountId;
    expect(fundingAccountId).toBe(bank.id);
    const verifyChannel: VerifyChannel = {
      bankId: bank.id,
      profile: runtime.config.profile,
      bank: createBankAdapter(runtime.config.profile, { baseUrl: runtime.config.baseUrl }),
      account: runtime.config.debtorAccount,
    };
    const verifyDeps: VerifyDeps = {
      db,
      clock,
      channels: new Map([[bank.id, verifyChannel]]),
      logger: silentWorkerLogger,
      metrics: noopVerifyMetrics,
      settings: { ...DEFAULT_VERIFY_SETTINGS, fetchAttempts: 1 },
    };
    await saveFundingAccounts(
      db,
      [{ id: fundingAccountId, currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury' }],
      { actor: 'test:treasury' },
    );

    // B1 10:05: B0's statement (no entries) brings the opening balance into the ledger.
    await client.setClock({ set: at(b1, '10:05'), speed: 0 });
    const [opening] = await verifyDue(verifyDeps);
    expect(opening?.ledger.balances.filter((b) => b.kind === 'recorded' && b.opening === 'booked')).toHaveLength(1);
    expect(await positionOf(db, fundingAccountId)).toMatchObject({ confirmedMinor: 100n * A, availableMinor: 100n * A });

    // 150 payouts of A: exactly 100 covered.
    const ids = await seedPayouts(db, 150, { dueAt: clock.now(), keyPrefix: 'gate', amountMinor: () => A });
    const b1Now = clock.now().getTime();
    const mine = new Set(ids);
    const statuses = async (): Promise<Map<string, { status: string; reason: string | null }>> =>
      new Map(
        (await listPayoutStatuses(db)).filter((r) => mine.has(r.id)).map((r) => [r.id, { status: r.status, reason: r.statusReason }]),
      );
    const count = (m: Map<string, { status: string }>, status: string): number => [...m.values()].filter((s) => s.status === status).length;
    expect(await runDueWork(deps, client)).toBe(100);

    const executions = async () =>
      (await client.executions({ bankId: bank.id })).filter((e) => e.payoutId !== null && mine.has(e.payoutId));
    expect(await executions()).toHaveLength(100);
    let now = await statuses();
    expect({
      succeeded: count(now, 'succeeded'),
      held: count(now, 'held'),
      failed: count(now, 'failed'),
      other: now.size - count(now, 'succeeded') - count(now, 'held'),
    }).toEqual({
      succeeded: 100,
      held: 50,
      failed: 0,
      other: 0,
    });
    const heldIds = [...now].filter(([, s]) => s.status === 'held').map(([id]) => id);
    for (const id of heldIds)
      expect(now.get(id)?.reason).toMatch(/^held for funds: .*insufficient_funds.*short by \d+ minor units of CNY; next look /);
    const heldRows = await sql<{ next_action: string | null; next_action_at: Date | null }>`
      select next_action, next_action_at from payouts where id = any(${heldIds}::uuid[])
    `.execute(db);
    for (const r of heldRows.rows) {
      expect(r.next_action).toBe('submit');
      // Looked at again at the next funding window, but no sooner than the re-check interval (5 minutes).
      expect(r.next_action_at!.getTime()).toBe(b1Now + 5 * 60_000);
    }
    // The held payouts' history says so, and upstream heard of it through the outbox.
    const heldEvents = await sql<{ payout_id: string; data: { reason?: string; fundsExpectedAt?: string } }>`
      select payout_id, data from payout_events where type = 'payout.held' and payout_id = any(${ids}::uuid[])
    `.execute(db);
    expect(heldEvents.rows.map((e) => e.payout_id).sort()).toEqual([...heldIds].sort());
    for (const e of heldEvents.rows)
      expect(e.data).toMatchObject({ reason: 'insufficient_funds', fundsExpectedAt: new Date(b1Now + 5 * 60_000).toISOString() });
    const heldOutbox = await sql<{
      payout_id: string;
    }>`select payout_id from outbox where type = 'payout.held' and payout_id = any(${ids}::uuid[])`.execute(db);
    expect(heldOutbox.rows.map((e) => e.payout_id).sort()).toEqual([...heldIds].sort());
    expect(await positionOf(db, fundingAccountId)).toMatchObject({
      availableMinor: 0n,
      reservedMinor: 0n,
      unknownExposureMinor: 0n,
      settledAwaitingStatementMinor: 100n * A,
    });

    // Treasury sends T1 for 50 × A (recorded twice: the replay books nothing) and T2 for 7 000.
    const t1 = await recordFundingSent(db, {
      reference: 'T1-GATE',
      fundingAccountId,
      amount: { amountMinor: 50n * A, currency: 'CNY' },
      at: clock.now(),
      actor: 'test:treasury',
    });
    expect(t1).toMatchObject({ kind: 'recorded', transfer: { state: 'in_transit', sourceAccountId: 'cn-treasury' } });
    expect(
      (
        await recordFundingSent(db, {
          reference: 'T1-GATE',
          fundingAccountId,
          amount: { amountMinor: 50n * A, currency: 'CNY' },
          at: clock.now(),
          actor: 'test:treasury',
        })
      ).kind,
    ).toBe('already_recorded');
    await recordFundingSent(db, {
      reference: 'T2-GATE',
      fundingAccountId,
      amount: { amountMinor: 7_000n, currency: 'CNY' },
      at: clock.now(),
      actor: 'test:treasury',
    });
    const audit = await sql<{
      actor: string;
      target: string;
    }>`select actor, target from audit_log where action = 'liquidity.funding_sent' order by id`.execute(db);
    expect(audit.rows).toEqual([
      { actor: 'test:treasury', target: 'funding_transfer:T1-GATE' },
      { actor: 'test:treasury', target: 'funding_transfer:T2-GATE' },
    ]);
    expect(await positionOf(db, fundingAccountId)).toMatchObject({ availableMinor: 0n, fundingInTransitMinor: 50n * A + 7_000n });
    await client.credit(bank.id, account, 50n * A, 'T1-GATE');
    await client.credit(bank.id, account, 6_999n, 'T2-GATE'); // names T2, but not its amount
    await client.credit(bank.id, account, 123n, 'STRAY-1'); // names nothing we sent

    // Past the re-check, still B1: money in transit is not available — the 50 stay held, with no new event.
    expect(clock.now().getTime()).toBeLessThan(b1Now + 5 * 60_000);
    await client.setClock({ set: new Date(b1Now + 6 * 60_000).toISOString(), speed: 0 });
    expect(await runDueWork(deps, client)).toBe(0);
    now = await statuses();
    expect(count(now, 'held')).toBe(50);
    expect(
      (
        await sql<{
          n: string;
        }>`select count(*)::text as n from payout_events where type = 'payout.held' and payout_id = any(${ids}::uuid[])`.execute(db)
      ).rows[0]?.n,
    ).toBe('50');

    // B2 10:05: B1's statement shows the debits and T1: funding seen, 50 × A available.
    await client.setClock({ set: at(b2, '10:05'), speed: 0 });
    const [seen] = await verifyDue(verifyDeps);
    expect(seen?.ledger).toMatchObject({ debitsSeen: 100, fundingSeen: 1, fundingMismatched: 1, refused: 0 });
    let p = await positionOf(db, fundingAccountId);
    expect(p).toMatchObject({
      confirmedMinor: 50n * A,
      availableMinor: 50n * A,
      fundingInTransitMinor: 7_000n,
      settledAwaitingStatementMinor: 0n,
    });
    const t1Seen = await sql<{
      booking_date: string;
    }>`select booking_date::text from ledger_postings where id = 'funding|T1-GATE|received_seen'`.execute(db);
    expect(t1Seen.rows).toEqual([{ booking_date: b1 }]);
    // A replayed pass over the same statements books nothing new.
    const held = await loadStatements(db, { bankId: bank.id, accountId: account, from: b0, through: b1 });
    expect(await bookStatementsInLedger(verifyDeps, verifyChannel, held, clock.now())).toMatchObject({
      debitsSeen: 0,
      fundingSeen: 0,
      refused: 0,
    });
    expect(await positionOf(db, fundingAccountId)).toEqual(p);

    // Their next look is due: the 50 go out.
    expect(await runDueWork(deps, client)).toBe(50);
    now = await statuses();
    expect(count(now, 'succeeded')).toBe(150);
    const truth = await executions();
    expect(truth).toHaveLength(150);
    const report = await checkAgainstGroundTruth(db, truth, { expectedIds: ids, allowedStatuses: ['succeeded'] });
    expect(report).toMatchObject({
      payouts: 150,
      maxExecutionsPerPayout: 1,
      executedTwice: [],
      lost: [],
      executedButFailed: [],
      succeededNotExecuted: [],
      unsettled: [],
    });
    for (const id of heldIds) {
      const ev = await sql<{ type: string }>`select type from payout_events where payout_id = ${id} order by seq`.execute(db);
      expect(ev.rows.map((e) => e.type)).toEqual(expect.arrayContaining(['payout.held', 'payout.processing', 'payout.succeeded']));
    }

    // B3 10:05: B2's statement: the ledger is the bank's balance but for the two credits nobody explained.
    await client.setClock({ set: at(b3, '10:05'), speed: 0 });
    const [last] = await verifyDue(verifyDeps);
    expect(last?.ledger).toMatchObject({ debitsSeen: 50, fundingSeen: 0, refused: 0 });
    const [balance] = await client.balances(bank.id);
    const bankBalance = BigInt(balance!.balanceMinor);
    expect(bankBalance).toBe(6_999n + 123n);
    p = await positionOf(db, fundingAccountId);
    expect(p).toMatchObject({
      confirmedMinor: 0n,
      availableMinor: 0n,
      reservedMinor: 0n,
      unknownExposureMinor: 0n,
      settledAwaitingStatementMinor: 0n,
      fundingInTransitMinor: 7_000n,
    });
    const drift = await loadDrift(db, { fundingAccountId, currency: 'CNY', timeZone: TZ });
    // One statement a calendar day (weekends too), through the day before B3: in balance before
    // B1, off by the two credits from B1 on.
    expect([drift[0]?.date, drift.at(-1)?.date]).toEqual([b0, addDays(b3, -1)]);
    expect(drift.map((d) => [d.date, d.driftMinor])).toEqual(drift.map((d) => [d.date, d.date < b1 ? 0n : 6_999n + 123n]));
    const sums = await sql<{
      currency: string;
      total: string;
    }>`select currency, sum(amount_minor)::text as total from ledger_entries group by currency`.execute(db);
    expect(sums.rows).toEqual([{ currency: 'CNY', total: '0' }]);
  }, 90_000);
});
