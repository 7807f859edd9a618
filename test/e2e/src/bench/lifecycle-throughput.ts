// A throughput probe for the lifecycle (not a test): N payouts, real Postgres and bank-sim,
// in-process engine and simulator. Usage: [BANKS=iso] [LOOPS=4] ./dev node test/e2e/src/bench/lifecycle-throughput.ts [N]
import { startBankSim } from '@payout/bank-sim';
import { countPayoutsByStatus } from '@payout/db';
import { startLocalPostgres } from '@payout/test-harness';
import { channelsFor, cnySimBank, lifecycleDeps, nextCnBusinessDayAt, seedPayouts, simClockOf } from '@payout/workers/test-support';
import { startLifecycleEngine } from '@payout/workers';

const n = Number(process.argv[2] ?? 2000);
const pg = await startLocalPostgres();
// BANKS=iso: two ISO 20022 banks (batch submit + batch query); default: one ISO and one single-call CN bank.
const banks = [
  cnySimBank({ id: 'iso-a', dialect: 'iso20022', account: '6222000000000000001' }),
  process.env['BANKS'] === 'iso'
    ? cnySimBank({ id: 'iso-b', dialect: 'iso20022', account: '6222000000000000002' })
    : cnySimBank({ id: 'cn-b', dialect: 'cn-json', account: '6222000000000000002' }),
];
const sim = await startBankSim({ seed: 'bench', clock: { start: nextCnBusinessDayAt('10:00').toISOString(), speed: 60 }, banks });
const h = await lifecycleDeps({ databaseUrl: pg.url, channels: channelsFor(sim.url, banks), clock: simClockOf(sim) });
await seedPayouts(h.db, n, { keyPrefix: 'bench' });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const engine = startLifecycleEngine({ deps: h.deps, submitLoops: Number(process.env['LOOPS'] ?? 4), pollLoops: 1, idleMs: 20 });
for (;;) {
  const c = await countPayoutsByStatus(h.db);
  if ((c.succeeded ?? 0) >= n) break;
  await new Promise((r) => setTimeout(r, 50));
}
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(`${n} payouts submitted and confirmed in ${s.toFixed(2)} s = ${(n / s).toFixed(0)}/s; this process used ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`);
await engine.stop(1000);
await h.close();
await sim.close();
await pg.dispose();
