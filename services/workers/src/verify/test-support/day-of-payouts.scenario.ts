import { createBankAdapter, type BankAdapter } from '@payout/bank';
import { BankSimClient, startBankSim, type RunningBankSim } from '@payout/bank-sim';
import { addDays, getCalendar, zonedDateTimeToInstant } from '@payout/calendar';
import { listPayoutStatuses, type Db } from '@payout/db';
import { waitFor } from '@payout/test-harness/vitest';
import { startLifecycleEngine } from '../../runtime/lifecycle-engine.ts';
import { channelsFor, cnBusinessDayAt, cnySimBank, lifecycleDeps, seedPayouts, simClockOf } from '@payout/test-kit';
import type { VerifyChannel } from '../verify-deps.ts';

/** The adapter, except that the statement of `date` cannot be had (the bank's file for that day is lost). */
export function withoutStatementOf(bank: BankAdapter, date: string | undefined): VerifyChannel['bank'] {
  return {
    query: (ref, signal) => bank.query(ref, signal),
    fetchStatement: (account, d, signal) =>
      d === date
        ? Promise.resolve({ kind: 'unknown', cause: 'http_5xx', detail: 'statement lost (test)' })
        : bank.fetchStatement(account, d, signal),
  };
}

export interface DayOfPayouts {
  readonly day: string;
  readonly sim: RunningBankSim;
  readonly client: BankSimClient;
  readonly db: Db;
  readonly banks: readonly { readonly id: string }[];
  readonly runtimes: Awaited<ReturnType<typeof lifecycleDeps>>['runtimes'];
  /** The seeded payouts. */
  readonly ids: readonly string[];
  /** Moves the simulator to the next business day just after the statement time and builds the verify channels. */
  nextMorning(opts: { readonly missingStatementOf?: string | undefined }): Promise<ReadonlyMap<string, VerifyChannel>>;
}

/**
 * A day of payouts run by the real lifecycle workers against two simulated banks (ISO 20022
 * and CN JSON): 5 % timeouts after execution and 5 % before, 3 % of successes returned two
 * days later, status queries down all day so every unclear payout ends parked for
 * verification. Shared by the verification and the ledger acceptance tests.
 */
export async function runDayOfPayouts(opts: {
  readonly databaseUrl: string;
  /** The simulated day: a CN business day whose following day is not one (a Friday, the eve of a holiday). */
  readonly day: string;
  readonly tag: string;
  readonly accounts: readonly [string, string];
  readonly cleanup: (() => Promise<void>)[];
}): Promise<DayOfPayouts> {
  const { tag, day } = opts;
  const start = cnBusinessDayAt(day, '10:00');
  const cn = getCalendar('CN');
  if (cn.isBusinessDay(addDays(day, 1)))
    throw new Error(`${day} is followed by a CN business day: the scenario needs a Friday or the eve of a holiday`);
  const behaviour = { request: { ok: 90, timeoutAfterExecution: 5, timeoutBeforeExecution: 5 }, transaction: { success: 1 } };
  const returns = {
    rate: 0.03,
    afterDays: { min: 2, max: 2 },
    reasons: [
      { code: 'AC04', weight: 1 },
      { code: 'AC06', weight: 1 },
    ],
  };
  const short = { pollSchedule: { stepsMs: [10_000, 30_000], settlementWindows: [], budgetMs: 120_000 } };
  const banks = [
    { ...cnySimBank({ id: `iso-${tag}`, dialect: 'iso20022', account: opts.accounts[0], behaviour, profile: short }), returns },
    { ...cnySimBank({ id: `cn-${tag}`, dialect: 'cn-json', account: opts.accounts[1], behaviour, profile: short }), returns },
  ];
  const sim = await startBankSim({ seed: `day-${tag}`, clock: { start: start.toISOString(), speed: 300 }, banks });
  opts.cleanup.push(() => sim.close());
  const client = new BankSimClient(sim.url);
  // The banks' status queries are down all day: every unclear payout ends awaiting verification.
  for (const b of banks) await client.addOutage(b.id, { operation: 'query' });

  const h = await lifecycleDeps({ databaseUrl: opts.databaseUrl, channels: channelsFor(sim.url, banks), clock: simClockOf(sim) });
  opts.cleanup.push(() => h.close());
  const ids = await seedPayouts(h.db, 240, { dueAt: start, keyPrefix: `day-${tag}`, amountMinor: (i) => BigInt(10_000 + i * 7) });
  const mine = new Set(ids);
  const engine = startLifecycleEngine({ deps: h.deps, submitLoops: 2, pollLoops: 1, idleMs: 50 });
  await waitFor(
    async () =>
      (await listPayoutStatuses(h.db)).filter((r) => mine.has(r.id) && ['accepted', 'processing', 'held'].includes(r.status)).length === 0,
    {
      timeoutMs: 40_000,
      intervalMs: 200,
      message: 'the lifecycle settled every payout',
    },
  );
  await engine.stop(2_000);
  for (const b of banks) await client.clearOutages(b.id, 'query');

  return {
    day,
    sim,
    client,
    db: h.db,
    banks,
    runtimes: h.runtimes,
    ids,
    async nextMorning({ missingStatementOf }) {
      const next = cn.nextBusinessDay(day);
      await client.setClock({ set: zonedDateTimeToInstant(next, '10:05', 'Asia/Shanghai').toISOString(), speed: 0 });
      return new Map<string, VerifyChannel>(
        [...h.runtimes.values()].map((r) => [
          r.config.id,
          {
            bankId: r.config.id,
            profile: r.config.profile,
            bank: withoutStatementOf(createBankAdapter(r.config.profile, { baseUrl: r.config.baseUrl }), missingStatementOf),
            account: r.config.debtorAccount,
          },
        ]),
      );
    },
  };
}
