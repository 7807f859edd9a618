import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBankSim, type RunningBankSim } from '@payout/bank-sim';
import { acceptPayouts, type Db } from '@payout/db';
import { openingBalancePosting } from '@payout/ledger';
import { PgLedgerStore, saveFundingAccounts } from '@payout/db/ledger';
import { usePostgres } from '@payout/test-harness/vitest';
import type { LifecycleDeps } from '../runtime/lifecycle-deps.ts';
import { runSubmitBatch } from '../submit/submit-batch.ts';
import { channelsFor, cnBusinessDayAt, cnySimBank, lifecycleDeps, seedPayouts, simClockOf } from '@payout/test-kit';

/**
 * Issue 23: a payout that names a funding account goes out only through the channels funded from
 * it — with the real intake statement (the reference is checked against treasury's accounts), the
 * real submit batches, Postgres and the bank simulator. Three always-open CNY banks; treasury has
 * configured `fa-b` (the account of the bank fa-b) and `cn-reserve` (no channel pays from it),
 * not `fa-c`, although a channel pays from it.
 */
const pg = usePostgres();
const START = cnBusinessDayAt('2026-11-18', '10:00');

describe('routing honours a named funding account', () => {
  let sim: RunningBankSim;
  let db: Db;
  let deps: LifecycleDeps;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const banks = ['fa-a', 'fa-b', 'fa-c'].map((id, i) => cnySimBank({ id, dialect: 'cn-json', account: `622200000000000077${i}` }));
    sim = await startBankSim({ seed: 'funding-account-routing', clock: { start: START.toISOString(), speed: 0 }, banks });
    const h = await lifecycleDeps({ databaseUrl: pg.url, channels: channelsFor(sim.url, banks), clock: simClockOf(sim) });
    db = h.db;
    deps = { ...h.deps, stopSignal: new AbortController().signal };
    close = h.close;
    expect(h.runtimes.get('fa-b')?.config.fundingAccountId).toBe('fa-b');
    await saveFundingAccounts(
      db,
      [
        { id: 'fa-b', currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury' },
        { id: 'cn-reserve', currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury' },
      ],
      { actor: 'test:treasury' },
    );
    // A configured account is under the liquidity gate: give fa-b a confirmed balance to spend.
    await new PgLedgerStore(db).append([
      openingBalancePosting({
        fundingAccountId: 'fa-b',
        currency: 'CNY',
        statementId: 'FA-B-0',
        balanceMinor: 10_000_000_00n,
        bookingDate: '2026-11-17',
        at: START,
      })!,
    ]);
  });
  afterAll(async () => {
    await close?.();
    await sim?.close();
  });

  async function submitAll(): Promise<void> {
    for (let i = 0; (await runSubmitBatch(deps)).claimed > 0; i++) if (i === 20) throw new Error('submit batches never ran dry');
  }
  const channelsOf = async (ids: readonly string[]): Promise<Map<string, string>> => {
    const r = await sql<{ channel_id: string; n: string }>`
      select channel_id, count(*)::text as n from payout_attempts where payout_id = any(${[...ids]}::uuid[]) group by channel_id order by channel_id
    `.execute(db);
    return new Map(r.rows.map((x) => [x.channel_id, x.n]));
  };

  it('sends payouts naming fa-b only through fa-b, while the others spread over every channel', async () => {
    const named = await seedPayouts(db, 30, { dueAt: START, keyPrefix: 'named', fundingAccount: () => 'fa-b' });
    const free = await seedPayouts(db, 30, { dueAt: START, keyPrefix: 'free' });
    await submitAll();
    expect(await channelsOf(named)).toEqual(new Map([['fa-b', '30']]));
    expect([...(await channelsOf(free)).keys()]).toEqual(['fa-a', 'fa-b', 'fa-c']);
    const stored = await sql<{ funding_account: string | null; n: string }>`
      select funding_account, count(*)::text as n from payouts where id = any(${[...named, ...free]}::uuid[]) group by 1 order by 1
    `.execute(db);
    expect(stored.rows).toEqual([
      { funding_account: 'fa-b', n: '30' },
      { funding_account: null, n: '30' },
    ]);
  });

  it('refuses at intake an account treasury has not configured, even though a channel pays from it', async () => {
    await expect(seedPayouts(db, 1, { dueAt: START, keyPrefix: 'unconfigured', fundingAccount: () => 'fa-c' })).rejects.toThrow(
      'seed failed: funding_account_refused',
    );
    const rows = await sql<{ n: string }>`select count(*)::text as n from payouts where idempotency_key like 'unconfigured-%'`.execute(db);
    expect(rows.rows[0]?.n).toBe('0');
  });

  it('rejects, naming the account, a payout whose account no channel pays from', async () => {
    const [id] = await seedPayouts(db, 1, { dueAt: START, keyPrefix: 'reserve', fundingAccount: () => 'cn-reserve' });
    await submitAll();
    const r = await sql<{
      status: string;
      status_reason: string | null;
    }>`select status, status_reason from payouts where id = ${id!}`.execute(db);
    expect(r.rows[0]).toEqual({
      status: 'rejected',
      status_reason:
        'no channel can take this payout (funding_account: fa-a,fa-b,fa-c); it names funding account cn-reserve, which no configured channel pays from',
    });
    expect(await channelsOf([id!])).toEqual(new Map());
  });

  it('answers for itself inside one intake statement', async () => {
    const base = {
      clientId: 'acme',
      requestFingerprint: 'f'.repeat(64),
      amountMinor: 100n,
      currency: 'CNY',
      beneficiary: { name: 'B', scheme: 'cn_bank', accountNumber: '6222020200001234567' },
      railPreference: null,
      remittanceInfo: null,
      requestedExecutionDate: null,
      actor: 'test',
    } as const;
    const out = await acceptPayouts(db, [
      { ...base, idempotencyKey: 'mix-1', fundingAccount: 'fa-b' },
      { ...base, idempotencyKey: 'mix-2', fundingAccount: 'nowhere' },
      { ...base, idempotencyKey: 'mix-3', fundingAccount: null },
      { ...base, idempotencyKey: 'mix-4', fundingAccount: 'fa-b', currency: 'EUR' },
    ]);
    expect(out.map((r) => r.kind)).toEqual(['created', 'funding_account_refused', 'created', 'funding_account_refused']);
    expect(out[1]).toEqual({ kind: 'funding_account_refused', fundingAccount: 'nowhere', why: 'unknown' });
    expect(out[3]).toEqual({ kind: 'funding_account_refused', fundingAccount: 'fa-b', why: 'currency', accountCurrency: 'CNY' });
  });
});
