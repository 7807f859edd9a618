// Issue 7 "Throughput", measured in ONE run on the SAME servers: the per-payout floor (two
// BullMQ stages, one job + one Postgres transaction per payout per stage, no bank) against the
// real lifecycle engine (batches, the bank simulator, every invariant), each in a fresh database
// after a warm-up of its own. Target: lifecycle ≥ 5 × floor.
//
// Usage: [BANKS=mixed|iso] [LOOPS=4] [FLOOR=single-row|repository] [FLOOR_CONCURRENCY=16] [FLOOR_POOL=8] [WARMUP=1000] [ROUNDS=1]
//        ./dev node test/e2e/src/bench/lifecycle-vs-floor.ts [N]
// FLOOR picks how the floor's transactions are written (same round trips and invariants; the
// default single-row statements are the cheaper, so the stricter baseline).
// ONLY=floor or ONLY=lifecycle measures one side (e.g. under --cpu-prof); no ratio then.
// PG_STATS=1 preloads pg_stat_statements (one restart of the bench's server) and prints each
// measured phase's top statements (profiling: tracking costs a little itself).
// PG_SET="jit=off,work_mem=8MB" applies reloadable server settings (experiments; say so when quoting figures).
// CPU_PROF=<dir> writes a V8 CPU profile of each measured phase's window into <dir>.
// With ROUNDS > 1 the order alternates (floor first, then lifecycle first, …) so a load change
// on a shared machine does not always hit the same side; the summary uses the medians.
import { loadavg } from 'node:os';
import { createDatabase, dropDatabase, randomName, startLocalPostgres, startLocalRedis } from '@payout/test-harness';
import { allProbes, describePhase, type PhaseProbe, type PhaseResult } from './bench-phase.ts';
import { coreCount, type ServerPorts } from './cpu-usage.ts';
import { runLifecycle } from './lifecycle-run.ts';
import { runPerPayoutFloor } from './per-payout-floor.ts';
import { describeSettings, readBenchSettings } from './lifecycle-vs-floor.settings.ts';
import { applyServerSettings, enableStatementStats, statementStatsProbe } from './pg-statement-stats.ts';
import { cpuProfileProbe } from './cpu-profile-probe.ts';

const TARGET_RATIO = 5;
const settings = readBenchSettings(process.env, process.argv[2]);
const n = settings.payouts;

const fmtLoad = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`lifecycle vs per-payout floor · N=${n} · ${coreCount()} cores · Node ${process.version} · load average at start ${fmtLoad()}`);
console.log(`settings: ${describeSettings(settings)}`);

const [pg, redis] = await Promise.all([startLocalPostgres(), startLocalRedis()]);
const ports: ServerPorts = { postgresPort: pg.port, redisPort: redis.port };
if (settings.pgStats) await enableStatementStats(pg);
await applyServerSettings(pg, settings.pgSettings);
/** Only measured phases are probed, not warm-ups. */
const probeFor = (label: string): PhaseProbe | undefined =>
  label.startsWith('warm-up')
    ? undefined
    : allProbes([
        ...(settings.pgStats ? [statementStatsProbe(pg.url)] : []),
        ...(settings.cpuProfDir !== undefined ? [cpuProfileProbe(settings.cpuProfDir, label)] : []),
      ]);
const timeoutMs = (payouts: number): number => 60_000 + payouts * 20;

/** Each phase gets a database of its own on the shared server, dropped afterwards. */
async function inFreshDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const name = randomName('bench');
  const url = await createDatabase(pg.url, name);
  try {
    return await run(url);
  } finally {
    await dropDatabase(pg.url, name);
  }
}

const floor = (label: string, payouts: number): Promise<PhaseResult> =>
  inFreshDatabase((databaseUrl) =>
    runPerPayoutFloor({
      label,
      databaseUrl,
      redisUrl: redis.url,
      payouts,
      stages: settings.floor,
      concurrency: settings.floorConcurrency,
      poolSize: settings.floorPool,
      ports,
      timeoutMs: timeoutMs(payouts),
      probe: probeFor(label),
    }),
  );
const lifecycle = (label: string, payouts: number): Promise<PhaseResult> =>
  inFreshDatabase((databaseUrl) =>
    runLifecycle({
      label,
      databaseUrl,
      payouts,
      banks: settings.banks,
      submitLoops: settings.submitLoops,
      ports,
      timeoutMs: timeoutMs(payouts),
      probe: probeFor(label),
    }),
  );

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const keep = (list: PhaseResult[], r: PhaseResult): PhaseResult => {
  list.push(r);
  return r;
};
const cpuPerPayoutMs = (r: PhaseResult): number => ((r.cpu.node + r.cpu.postgres + r.cpu.redis) / r.payouts) * 1000;

const started = performance.now();
try {
  if (settings.warmup > 0) {
    // JIT, connection pools and Postgres caches warm on the same code paths; not reported in the figures.
    if (settings.only !== 'lifecycle') console.log(warmedUp(await floor('warm-up floor', settings.warmup)));
    if (settings.only !== 'floor') console.log(warmedUp(await lifecycle('warm-up lifecycle', settings.warmup)));
  }
  const floors: PhaseResult[] = [];
  const lifecycles: PhaseResult[] = [];
  for (let round = 1; round <= settings.rounds; round += 1) {
    const suffix = settings.rounds > 1 ? ` #${round}` : '';
    const steps: (() => Promise<PhaseResult>)[] = [
      async () => keep(floors, await floor(`floor (${settings.floor.name})${suffix}`, n)),
      async () => keep(lifecycles, await lifecycle(`lifecycle${suffix}`, n)),
    ];
    if (settings.only === 'lifecycle') steps.shift();
    if (settings.only === 'floor') steps.pop();
    if (round % 2 === 0) steps.reverse();
    for (const step of steps) {
      console.log(`-- load average ${fmtLoad()}`);
      console.log(describePhase(await step()));
    }
  }
  if (settings.only === undefined) summarize(floors, lifecycles);
  console.log(`load average at end ${fmtLoad()} · total ${((performance.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await Promise.all([pg.dispose(), redis.dispose()]);
}

function warmedUp(r: PhaseResult): string {
  return `${r.label}: ${r.payouts} payouts, ${r.perSecond.toFixed(0)}/s (not counted)`;
}

function summarize(floors: readonly PhaseResult[], lifecycles: readonly PhaseResult[]): void {
  const floorRate = median(floors.map((r) => r.perSecond));
  const lifecycleRate = median(lifecycles.map((r) => r.perSecond));
  const ratio = lifecycleRate / floorRate;
  const floorCpu = median(floors.map(cpuPerPayoutMs));
  const lifecycleCpu = median(lifecycles.map(cpuPerPayoutMs));
  console.log('== summary' + (settings.rounds > 1 ? ` (medians of ${settings.rounds} rounds)` : ''));
  console.log(`floor      ${floorRate.toFixed(0)} payouts/s · ${floorCpu.toFixed(2)} CPU ms per payout (node + postgres + redis)`);
  console.log(
    `lifecycle  ${lifecycleRate.toFixed(0)} payouts/s · ${lifecycleCpu.toFixed(2)} CPU ms per payout (node incl. the in-process bank-sim + postgres + redis)`,
  );
  console.log(
    `ratio lifecycle/floor: ${ratio.toFixed(2)}× by wall rate (${(floorCpu / lifecycleCpu).toFixed(2)}× by CPU per payout) · target ≥ ${TARGET_RATIO}× by rate: ${ratio >= TARGET_RATIO ? 'MET' : 'NOT met'}`,
  );
}
