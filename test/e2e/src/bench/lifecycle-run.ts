// One measurement of the real lifecycle engine: seeded payouts, the in-process bank simulator
// (real HTTP on loopback), real Postgres; the clock runs from the engine's start until every
// payout is succeeded, then the simulator's ground truth is checked.
import { BankSimClient, startBankSim } from '@payout/bank-sim';
import { waitFor } from '@payout/test-harness';
import { startLifecycleEngine } from '@payout/workers';
import { sql } from 'kysely';
import {
  channelsFor,
  checkAgainstGroundTruth,
  cnBusinessDayAt,
  cnySimBank,
  lifecycleDeps,
  seedPayouts,
  simClockOf,
} from '@payout/test-kit';
import { phaseResult, type PhaseProbe, type PhaseResult } from './bench-phase.ts';
import { cpuBetween, cpuSnapshot, type ServerPorts } from './cpu-usage.ts';

export interface LifecycleRunOptions {
  readonly label: string;
  /** A database of its own (migrated here); other phases must not share its rows. */
  readonly databaseUrl: string;
  readonly payouts: number;
  /** `iso`: two ISO 20022 banks (batch submit + batch query); `mixed`: one ISO and one single-call CN bank. */
  readonly banks: 'iso' | 'mixed';
  readonly submitLoops: number;
  readonly ports: ServerPorts;
  readonly timeoutMs: number;
  /** Started right before the clock, reported right after it stops (profiling). */
  readonly probe?: PhaseProbe | undefined;
}

/** The simulated start of every measurement: an ordinary Tuesday morning in Shanghai. */
const BENCH_START = cnBusinessDayAt('2026-11-17', '10:00');

export async function runLifecycle(opts: LifecycleRunOptions): Promise<PhaseResult> {
  const banks = [
    cnySimBank({ id: 'iso-a', dialect: 'iso20022', account: '6222000000000000001' }),
    opts.banks === 'iso'
      ? cnySimBank({ id: 'iso-b', dialect: 'iso20022', account: '6222000000000000002' })
      : cnySimBank({ id: 'cn-b', dialect: 'cn-json', account: '6222000000000000002' }),
  ];
  const sim = await startBankSim({ seed: 'bench', clock: { start: BENCH_START.toISOString(), speed: 60 }, banks });
  try {
    const h = await lifecycleDeps({ databaseUrl: opts.databaseUrl, channels: channelsFor(sim.url, banks), clock: simClockOf(sim) });
    try {
      const ids = await seedPayouts(h.db, opts.payouts, { dueAt: BENCH_START, keyPrefix: 'bench' });
      await opts.probe?.start();
      const cpu0 = cpuSnapshot(opts.ports);
      const t0 = performance.now();
      const engine = startLifecycleEngine({ deps: h.deps, submitLoops: opts.submitLoops, pollLoops: 1, idleMs: 20 });
      let seconds: number;
      try {
        // An index probe, not a count over the table: the watcher must not be a load of its own.
        // A payout ending anywhere but succeeded fails the ground-truth check below.
        await waitFor(
          async () =>
            (await sql`select 1 from payouts where status in ('accepted', 'held', 'processing') limit 1`.execute(h.db)).rows.length === 0,
          {
            timeoutMs: opts.timeoutMs,
            intervalMs: 50,
            message: `${opts.payouts} lifecycle payouts settled`,
          },
        );
        seconds = (performance.now() - t0) / 1000;
      } finally {
        await engine.stop(1_000);
      }
      const cpu = cpuBetween(cpu0, cpuSnapshot(opts.ports));
      const probed = await opts.probe?.report();
      const report = await checkAgainstGroundTruth(h.db, await new BankSimClient(sim.url).executions(), {
        expectedIds: ids,
        allowedStatuses: ['succeeded'],
      });
      const bad =
        report.executedTwice.length +
        report.lost.length +
        report.executedButFailed.length +
        report.succeededNotExecuted.length +
        report.unsettled.length;
      if (bad > 0 || report.byStatus['succeeded'] !== opts.payouts || report.maxExecutionsPerPayout !== 1) {
        throw new Error(`lifecycle ground truth does not hold: ${JSON.stringify({ ...report, unsettled: report.unsettled.slice(0, 5) })}`);
      }
      return phaseResult(
        opts.label,
        opts.payouts,
        seconds,
        cpu,
        `${report.payouts} succeeded; bank ground truth: max executions per payout ${report.maxExecutionsPerPayout}, none lost, none succeeded unexecuted`,
        probed,
      );
    } finally {
      await h.close();
    }
  } finally {
    await sim.close();
  }
}
