import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { waitFor } from '@payout/test-harness/vitest';
import { createApiClient } from '../clients/api-client.repository.ts';
import { acceptPayouts, type NewPayout } from '../payouts/accept-payouts.ts';
import { isPayoutError, money } from '@payout/domain';
import { addDays, weekday } from '@payout/calendar';
import {
  decideLiquidity,
  nextFundingOpportunity,
  openingBalancePosting,
  resolveFundingAccount,
  toJsonSafe,
  type GateCandidate,
} from '@payout/ledger';
import { loadDrift } from './drift.query.ts';
import { deactivateFundingAccount, listFundingAccounts, saveFundingAccounts } from './funding-accounts.repository.ts';
import { lockFundingAccounts } from './funding-account-lock.ts';
import { appendLifecyclePostings } from './lifecycle-postings.ts';
import { getLiquidityPlan, listLiquidityPlans, replayRecordedPlan } from './liquidity-plan.repository.ts';
import { loadOutflowHistory } from './outflow-history.query.ts';
import { PgLedgerStore } from './pg-ledger.store.ts';
import { planLiquidityFromDatabase } from './plan-from-database.ts';
import { loadPositions } from './positions.query.ts';
import { useLedgerDb } from './test-support/use-ledger-db.ts';

const h = useLedgerDb();

describe('liquidity gate through the Postgres store', () => {
  it('a position that covers 100 of 150 payouts: 50 held (not failed), released once the funding credit is on the next statement; the ledger then equals the bank', async () => {
    const A = 'cn-gate';
    const account = resolveFundingAccount({
      id: A,
      currency: 'CNY',
      rail: 'CN_HVPS',
      internalCutoff: '16:00',
      fundingSource: 'cn-treasury',
    });
    const now = new Date('2026-09-30T09:00:00Z'); // 17:00 in Shanghai: today's funding deadline has passed
    const expectedFundingAt = (): Date => nextFundingOpportunity(account, now);
    const store = new PgLedgerStore(h.db);
    await store.append([
      openingBalancePosting({
        fundingAccountId: A,
        currency: 'CNY',
        statementId: 'S0929',
        balanceMinor: 1_000_000n,
        bookingDate: '2026-09-29',
        at: now,
      })!,
    ]);
    await store.recordStatementBalance({
      fundingAccountId: A,
      currency: 'CNY',
      statementId: 'S0929',
      date: '2026-09-29',
      closingMinor: 1_000_000n,
    });
    const batch: GateCandidate[] = Array.from({ length: 150 }, (_, i) => ({
      payoutId: `g${String(i).padStart(3, '0')}`,
      fundingAccountId: A,
      amount: money(10_000n, 'CNY'),
      acceptedAt: new Date(Date.UTC(2026, 8, 30, 1, 0, i)).toISOString(),
    }));
    const positions = () => loadPositions(h.db, { fundingAccountIds: [A] });

    const first = decideLiquidity(await positions(), batch, { expectedFundingAt });
    expect([first.covered.length, first.held.length, first.failed.length]).toEqual([100, 50, 0]);
    for (const d of first.decisions.filter((x) => x.kind === 'hold')) {
      expect(d).toMatchObject({ reason: 'insufficient_funds', expectedFundingAt: '2026-10-08T01:00:00.000Z' });
    }
    // The covered 100 are submitted: reserved, in one transaction with one append.
    const submitted = await h.db.transaction().execute((tx) =>
      appendLifecyclePostings(
        tx,
        first.covered.map((payoutId) => ({
          type: 'submitted' as const,
          payoutId,
          attempt: 1,
          fundingAccountId: A,
          amount: money(10_000n, 'CNY'),
          at: now,
        })),
      ),
    );
    expect(submitted.appended).toHaveLength(100);
    const heldBatch = batch.filter((c) => first.held.includes(c.payoutId));
    expect(decideLiquidity(await positions(), heldBatch, { expectedFundingAt }).held).toHaveLength(50);

    // Treasury sends funding: in transit is not available.
    const funding = { transferId: 'T-gate-1008', fundingAccountId: A, sourceAccountId: 'cn-treasury', amount: money(500_000n, 'CNY') };
    await appendLifecyclePostings(h.db, [{ ...funding, type: 'funding_sent', at: new Date('2026-10-08T01:05:00Z') }]);
    const inTransit = decideLiquidity(await positions(), heldBatch, { expectedFundingAt });
    expect([inTransit.held.length, inTransit.failed.length]).toEqual([50, 0]);

    // The 100 executed; the next statement (10-08) shows their debits and the funding credit.
    const settled = new Date('2026-10-08T01:10:00Z');
    await appendLifecyclePostings(h.db, [
      ...first.covered.map((payoutId) => ({
        type: 'attempt_succeeded' as const,
        payoutId,
        attempt: 1,
        fundingAccountId: A,
        amount: money(10_000n, 'CNY'),
        at: settled,
      })),
      ...first.covered.map((payoutId) => ({
        type: 'debit_seen' as const,
        payoutId,
        attempt: 1,
        fundingAccountId: A,
        amount: money(10_000n, 'CNY'),
        at: settled,
        bookingDate: '2026-10-08',
      })),
      { ...funding, type: 'funding_seen', at: settled, bookingDate: '2026-10-08' },
    ]);
    await store.recordStatementBalance({
      fundingAccountId: A,
      currency: 'CNY',
      statementId: 'S1008',
      date: '2026-10-08',
      openingMinor: 1_000_000n,
      closingMinor: 500_000n,
    });

    const after = decideLiquidity(await positions(), heldBatch, { expectedFundingAt });
    expect([after.covered.length, after.held.length, after.failed.length]).toEqual([50, 0, 0]);
    const [pos] = await positions();
    expect(pos).toMatchObject({ confirmedMinor: 500_000n, availableMinor: 500_000n, reservedMinor: 0n, fundingInTransitMinor: 0n });
    const drift = await loadDrift(h.db, { fundingAccountId: A, currency: 'CNY', timeZone: 'Asia/Shanghai' });
    expect(drift.map((d) => [d.statementId, d.driftMinor])).toEqual([
      ['S0929', 0n],
      ['S1008', 0n],
    ]);
  });

  it('two submit batches deciding at once on the same account never spend its available twice (lockFundingAccounts)', async () => {
    const A = 'cn-gate-race';
    const now = new Date('2026-09-30T03:00:00Z');
    await new PgLedgerStore(h.db).append([
      openingBalancePosting({
        fundingAccountId: A,
        currency: 'CNY',
        statementId: 'S0929',
        balanceMinor: 1_000_000n,
        bookingDate: '2026-09-29',
        at: now,
      })!,
    ]);
    const readPositions = new Set<string>();
    const lockWaits = async (): Promise<bigint> =>
      (
        await sql<{
          n: bigint;
        }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(h.db)
      ).rows[0]!.n;
    const worker = (name: string, other: string | undefined) =>
      h.db.transaction().execute(async (tx) => {
        await lockFundingAccounts(tx, [A]);
        const candidates: GateCandidate[] = Array.from({ length: 100 }, (_, i) => ({
          payoutId: `${name}-${i}`,
          fundingAccountId: A,
          amount: money(10_000n, 'CNY'),
          acceptedAt: new Date(now.getTime() + i).toISOString(),
        }));
        const gate = decideLiquidity(await loadPositions(tx, { fundingAccountIds: [A] }), candidates);
        readPositions.add(name);
        // Make the race real: the first batch books only once the other one has either read the
        // positions too (no lock: both spend the same money) or is waiting for the lock.
        if (other !== undefined) {
          await waitFor(async () => readPositions.has(other) || (await lockWaits()) > 0n, {
            timeoutMs: 15_000,
            message: `${other} never started`,
          });
        }
        await appendLifecyclePostings(
          tx,
          gate.covered.map((payoutId) => ({
            type: 'submitted' as const,
            payoutId,
            attempt: 1,
            fundingAccountId: A,
            amount: money(10_000n, 'CNY'),
            at: now,
          })),
        );
        return gate.covered.length;
      });
    const first = worker('w1', 'w2');
    await waitFor(() => readPositions.has('w1'), { timeoutMs: 15_000, message: 'w1 never read the positions' });
    const covered = await Promise.all([first, worker('w2', undefined)]);
    expect(covered).toEqual([100, 0]);
    const [pos] = await loadPositions(h.db, { fundingAccountIds: [A] });
    expect(pos).toMatchObject({ availableMinor: 0n, reservedMinor: 1_000_000n });
    const refused: unknown = await lockFundingAccounts(h.db, [A]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
  });
});

describe('the pre-funding plan from Postgres', () => {
  const A = 'cn-plan';
  const now = new Date('2026-09-30T01:00:00Z'); // 09:00 in Shanghai, the day before National Day
  const asOf = '2026-09-30';
  const debitDays: { date: string; amount: bigint }[] = [];
  const quietDays: string[] = [];

  const payout = (key: string, amountMinor: bigint, extra: Partial<NewPayout> = {}): NewPayout => ({
    clientId: 'treasury-test',
    idempotencyKey: key,
    requestFingerprint: createHash('sha256').update(key).digest('hex'),
    amountMinor,
    currency: 'CNY',
    fundingAccount: A,
    beneficiary: { name: 'Li Lei', scheme: 'cn_bank', accountNumber: '6222020200112233445' },
    railPreference: null,
    remittanceInfo: null,
    requestedExecutionDate: null,
    actor: 'test',
    ...extra,
  });
  const scheduledIds: Record<string, string> = {};

  beforeAll(async () => {
    await saveFundingAccounts(
      h.db,
      [
        {
          id: A,
          currency: 'CNY',
          rail: 'CN_HVPS',
          internalCutoff: '16:00',
          fundingSource: 'cn-treasury',
          transferRoundingMinor: 1_000_000n,
        },
      ],
      {
        actor: 'test',
      },
    );
    const store = new PgLedgerStore(h.db);
    await store.append([
      openingBalancePosting({
        fundingAccountId: A,
        currency: 'CNY',
        statementId: 'O',
        balanceMinor: 2_000_000n,
        bookingDate: '2026-07-01',
        at: now,
      })!,
    ]);
    // 60 days of history: weekdays pay out through the ledger (debit seen on the statement);
    // weekends have a statement and no debit (an observed 0).
    const events = [];
    for (let i = 60; i >= 1; i--) {
      const date = addDays(asOf, -i);
      const dow = weekday(date);
      if (dow === 0 || dow === 6) {
        quietDays.push(date);
        await store.recordStatementBalance({ fundingAccountId: A, currency: 'CNY', statementId: `S${date}`, date, closingMinor: 0n });
        continue;
      }
      const amount = 100_000n + BigInt(i % 7) * 1_000n;
      debitDays.push({ date, amount });
      const e = {
        payoutId: `hist-${date}`,
        attempt: 1,
        fundingAccountId: A,
        amount: money(amount, 'CNY'),
        at: new Date(`${date}T02:00:00Z`),
      };
      events.push(
        { ...e, type: 'submitted' as const },
        { ...e, type: 'attempt_succeeded' as const },
        { ...e, type: 'debit_seen' as const, bookingDate: date },
      );
    }
    // In flight now: two reserved, one unknown.
    const live = (id: string) => ({ payoutId: id, attempt: 1, fundingAccountId: A, amount: money(30_000n, 'CNY'), at: now });
    events.push(
      { ...live('live-1'), type: 'submitted' as const },
      { ...live('live-2'), type: 'submitted' as const },
      { ...live('live-3'), type: 'attempt_unknown' as const },
    );
    await appendLifecyclePostings(h.db, events);
    // Payouts waiting for submission: due now, due on the first day after the run, after the horizon, other currency.
    await createApiClient(h.db, { id: 'treasury-test' });
    const results = await acceptPayouts(h.db, [
      payout('due-now', 11_000n),
      payout('due-1008', 22_000n, { requestedExecutionDate: '2026-10-08' }),
      payout('due-1020', 44_000n, { requestedExecutionDate: '2026-10-20' }),
      // A USD payout cannot name the CNY account any more (intake refuses it); one without an account is not A's.
      payout('usd', 55_000n, { currency: 'USD', fundingAccount: null }),
    ]);
    const [wrongCurrency] = await acceptPayouts(h.db, [payout('usd-on-cny', 55_000n, { currency: 'USD' })]);
    expect(wrongCurrency).toMatchObject({ kind: 'funding_account_refused', why: 'currency', accountCurrency: 'CNY' });
    for (const [i, key] of ['due-now', 'due-1008', 'due-1020', 'usd'].entries()) {
      const r = results[i]!;
      if (r.kind !== 'created') throw new Error(`payout ${key} not created`);
      scheduledIds[key] = r.payout.id;
    }
  });

  it('reads outflow history from statement-confirmed debits: a covered day without debits is 0, an uncovered day is absent', async () => {
    const history = await loadOutflowHistory(h.db, [{ id: A, currency: 'CNY' }], addDays(asOf, -30), asOf);
    const expected = [
      ...debitDays.filter((d) => d.date >= addDays(asOf, -30)).map((d) => [d.date, d.amount]),
      ...quietDays.filter((d) => d >= addDays(asOf, -30)).map((d) => [d, 0n]),
    ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    expect(history.map((o) => [o.date, o.outflowMinor])).toEqual(expected);
    expect(await loadOutflowHistory(h.db, [{ id: A, currency: 'USD' }], addDays(asOf, -30), asOf)).toEqual([]);
  });

  it('plans National Day from the ledger, the payouts table and the configured account, and records the plan with its inputs', async () => {
    const res = await planLiquidityFromDatabase(h.db, { now, asOf, recordedBy: 'test:treasury' });
    const [a] = res.plan.accounts;
    expect(a).toBeDefined();
    expect(a!.run).toMatchObject({
      start: '2026-10-01',
      end: '2026-10-07',
      lastBusinessDayBefore: '2026-09-30',
      nextBusinessDay: '2026-10-08',
    });
    expect(a!.deadline).toMatchObject({ date: '2026-09-30', at: '2026-09-30T08:00:00.000Z', binding: 'internal', passed: false });
    expect(a!.components).toMatchObject({
      reservedMinor: 60_000n,
      unknownExposureMinor: 30_000n,
      settledAwaitingStatementMinor: 0n,
      scheduledMinor: 33_000n,
    });
    expect([...a!.scheduledPayoutIds].sort()).toEqual([scheduledIds['due-now'], scheduledIds['due-1008']].sort());
    expect(a!.forecast).toHaveLength(8);
    expect(a!.components.forecastMinor > 0n).toBe(true);
    const totalHistory = debitDays.reduce((s, d) => s + d.amount, 0n);
    expect(a!.confirmedMinor).toBe(2_000_000n - totalHistory);
    expect(a!.transfer?.amountMinor ?? 0n).toBe(a!.shortfallMinor === 0n ? 0n : ((a!.shortfallMinor + 999_999n) / 1_000_000n) * 1_000_000n);
    expect(a!.shortfallMinor > 0n).toBe(true);

    const recorded = await getLiquidityPlan(h.db, res.recordId);
    expect(recorded).toBeDefined();
    expect(recorded!).toMatchObject({
      recordedBy: 'test:treasury',
      source: 'postgres',
      asOf,
      plannedAt: now.toISOString(),
      accountCount: 1,
      transferCount: 1,
    });
    expect(recorded!.plan).toEqual(JSON.parse(JSON.stringify(toJsonSafe({ ...res.plan, inputs: undefined }))));
    // The inputs are recorded verbatim: replaying them gives the same plan.
    expect(toJsonSafe(replayRecordedPlan(recorded!))).toEqual(toJsonSafe(res.plan));
    expect((recorded!.inputs.data['scheduled'] as unknown[]).length).toBe(3); // due-1020 is read, and left out by the plan
    expect((await listLiquidityPlans(h.db, { limit: 5 })).map((p) => p.id)).toContain(res.recordId);
    expect(await getLiquidityPlan(h.db, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await getLiquidityPlan(h.db, 'not-a-uuid')).toBeUndefined();
  });

  it('keeps funding-account configuration as versions: unchanged saves add none, a deactivated account leaves the plan', async () => {
    const cfg = { id: 'eu-plan', currency: 'EUR', rail: 'EU_SEPA_SCT' as const, internalCutoff: '15:30', fundingSource: 'eu-treasury' };
    expect(await saveFundingAccounts(h.db, [cfg], { actor: 'test' })).toEqual({ saved: ['eu-plan'], unchanged: [] });
    expect(await saveFundingAccounts(h.db, [cfg], { actor: 'test' })).toEqual({ saved: [], unchanged: ['eu-plan'] });
    expect(await saveFundingAccounts(h.db, [{ ...cfg, internalCutoff: '15:00' }], { actor: 'test' })).toEqual({
      saved: ['eu-plan'],
      unchanged: [],
    });
    expect((await listFundingAccounts(h.db)).find((c) => c.id === 'eu-plan')?.internalCutoff).toBe('15:00');
    const invalid: unknown = await saveFundingAccounts(h.db, [{ ...cfg, currency: 'USD' }], { actor: 'test' }).catch((e: unknown) => e);
    expect(isPayoutError(invalid) && invalid.code).toBe('PAYOUT_E_CONFIG_INVALID');
    expect(await deactivateFundingAccount(h.db, 'eu-plan', { actor: 'test' })).toBe(true);
    expect(await deactivateFundingAccount(h.db, 'eu-plan', { actor: 'test' })).toBe(false);
    expect((await listFundingAccounts(h.db)).map((c) => c.id)).toEqual([A]);
    const versions = await sql<{
      version: number;
      active: boolean;
    }>`select version, active from liquidity_funding_accounts where account_id = 'eu-plan' order by version`.execute(h.db);
    expect(versions.rows).toEqual([
      { version: 1, active: true },
      { version: 2, active: true },
      { version: 3, active: false },
    ]);
  });
});
