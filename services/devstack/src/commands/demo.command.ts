import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApiClient, createDb, issueApiKey, payoutIdsByKeys, type Db } from '@payout/db';
import { Redis } from 'ioredis';
import { defineCommand, readCommandLine, type OptionValues } from '@payout/cli/args';
import { usageError, type DevCommand } from '../command.ts';
import { DEMO_OUTAGE, DEMO_SIM_START, demoBanks, demoSimConfig } from '../stack/demo-banks.ts';
import { DEMO_DAY, demoSimStart, shanghaiHourMinute, shanghaiTime } from '../stack/demo-clock.ts';
import { startDemoDatabaseClock, type DemoDatabaseClock } from '../stack/demo-database-clock.ts';
import { sendDemoLoad } from '../stack/demo-load.ts';
import { openCount, progressLine, snapshot, type DemoSnapshot } from '../stack/demo-progress.ts';
import { demoSummary } from '../stack/demo-summary.ts';
import { demoNextDay } from '../stack/demo-next-day.ts';
import { startLocalServers } from '../stack/local-servers.ts';
import { migrateIfAvailable } from '../stack/migrate.ts';
import { startServiceStack, type ServiceStack } from '../stack/service-stack.ts';

const DEFAULTS = { payouts: 2_000, workers: 2, speed: 30, deadlineS: 105 };

export const DEMO_SPEC = defineCommand({
  usage: [
    'usage: ./dev demo [--payouts N] [--workers N] [--speed X] [--start YYYY-MM-DD|ISO instant] [--keep-logs]',
    '  Runs Redis, Postgres, the bank simulator (three banks), the API and the worker processes, sends',
    '  the payouts through the queue client and HTTP, and checks the outcome against the',
    "  simulator's ground truth.",
  ].join('\n'),
  options: {
    payouts: { type: 'string', value: 'N', description: `payouts to send, an integer ≥ 2 (default ${DEFAULTS.payouts})` },
    workers: { type: 'string', value: 'N', description: `worker processes, 1–8 (default ${DEFAULTS.workers})` },
    speed: { type: 'string', value: 'X', description: `simulated clock speed once the load starts, ≥ 1 (default ${DEFAULTS.speed})` },
    start: {
      type: 'string',
      value: 'YYYY-MM-DD|INSTANT',
      description: `the simulated day (at ${DEMO_SIM_START} Shanghai), or an ISO instant with its offset (default ${DEMO_DAY})`,
    },
    'keep-logs': { type: 'boolean', description: "keep the processes' logs even when the demo passes" },
  },
});

/** The demo's settings from its parsed options, or the message of the first invalid one. */
function demoArgs(
  v: OptionValues<typeof DEMO_SPEC.options>,
): { payouts: number; workers: number; speed: number; keepLogs: boolean; simStart: Date } | string {
  const out = {
    payouts: v.payouts === undefined ? DEFAULTS.payouts : Number(v.payouts),
    workers: v.workers === undefined ? DEFAULTS.workers : Number(v.workers),
    speed: v.speed === undefined ? DEFAULTS.speed : Number(v.speed),
    keepLogs: v['keep-logs'] === true,
  };
  if (!Number.isInteger(out.payouts) || out.payouts < 2) return '--payouts must be an integer ≥ 2';
  if (!Number.isInteger(out.workers) || out.workers < 1 || out.workers > 8) return '--workers must be 1–8';
  if (!(out.speed >= 1)) return '--speed must be ≥ 1';
  const simStart = demoSimStart(v.start);
  if (!simStart.ok) return simStart.message;
  return { ...out, simStart: simStart.start };
}

/**
 * `./dev demo`: Redis, Postgres, the bank simulator (three banks: flaky with an outage, slow
 * HVPS, hidden limit), the API and the worker processes; 2,000 payouts through the queue
 * client and HTTP; live progress; a summary checked against the simulator's ground truth.
 * Everything runs on a simulated clock that starts on a fixed day (DEMO_DAY, or `--start`),
 * so the demo runs the same whatever the date.
 * Exits non-zero when any payout executed twice, was lost, or did not end or wait with a
 * reason. Stops everything it started.
 */
export const demoCommand: DevCommand = async (argv, io) => {
  const parsed = readCommandLine(DEMO_SPEC, argv, io, 'run ./dev demo --help');
  if (typeof parsed === 'number') return parsed;
  const args = demoArgs(parsed.values);
  if (typeof args === 'string') return usageError(io, args);
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const { simStart } = args;
  io.stdout(`Payout Worker demo — ${args.payouts} payouts, ${args.workers} worker processes, simulated clock ${args.speed}× real time`);
  const servers = await startLocalServers(io.env);
  const dir = mkdtempSync(join(tmpdir(), 'payout-demo-'));
  let dbClock: DemoDatabaseClock | undefined;
  let db: Db | undefined;
  let redis: Redis | undefined;
  let stack: ServiceStack | undefined;
  let ok = false;
  try {
    for (const line of servers.description) io.stdout(`  ${line}`);
    io.stdout(`  migrations: ${await migrateIfAvailable(servers.databaseUrl)}`);
    const runId = randomBytes(4).toString('hex');
    // Every process of the demo, the database included, runs on the simulated clock.
    dbClock = await startDemoDatabaseClock(servers.databaseUrl, { schema: `payout_demo_clock_${runId}`, start: simStart });
    const databaseUrl = dbClock.url;
    db = createDb({ url: databaseUrl, maxConnections: 4, applicationName: 'payout-demo' });
    const clientId = `demo-${runId}`;
    await createApiClient(db, { id: clientId, displayName: 'Demo payroll' });
    const { key } = await issueApiKey(db, { clientId, scopes: ['payouts:write', 'payouts:read'], actor: 'demo', role: 'operator' });
    const prefix = `demo-${runId}`;
    const outage = (m: number) => shanghaiHourMinute(new Date(simStart.getTime() + m * 60_000));
    io.stdout(
      `  simulated clock starts ${shanghaiTime(simStart)}, the same on any day (--start YYYY-MM-DD picks another; ${args.speed}× once the load starts): cn-flaky's submit API is down ${outage(DEMO_OUTAGE.fromMin)}–${outage(DEMO_OUTAGE.toMin)}, HVPS (cn-hvps) closes at 17:15`,
    );
    stack = await startServiceStack({
      redisUrl: servers.redisUrl,
      databaseUrl,
      queuePrefix: prefix,
      dir,
      // The simulated clock stands still until the load starts, so outage and HVPS close fall inside the run.
      ...demoSimConfig(`demo-${runId}`, simStart, 0),
      workers: args.workers,
      workerEnv: {
        NOT_FOUND_SETTLE_MS: '10000',
        SUBMIT_CONCURRENCY: '4',
        SUBMIT_TIMEOUT_MS: '2000',
        QUERY_TIMEOUT_MS: '2000',
        BREAKER_RESET_MS: '3000',
        IDLE_POLL_MS: '100',
        SWEEP_INTERVAL_MS: '2000',
        SHUTDOWN_GRACE_MS: '5000',
        VERIFY_IDLE_MS: '500',
      },
    });
    for (const line of stack.description) io.stdout(`  ${line}`);
    io.stdout(`  (each service is its own child process; logs in ${dir})`);
    redis = new Redis(servers.redisUrl, { maxRetriesPerRequest: 2 });
    const s = stack;
    const r = redis;
    const d = db;
    const clock = dbClock;
    const setSimClock = async (change: Parameters<typeof s.sim.setClock>[0]): Promise<void> => clock.follow(await s.sim.setClock(change));
    let last: DemoSnapshot | undefined;
    const look = async (): Promise<DemoSnapshot> => {
      last = await snapshot(d, r, prefix, async () => (await s.sim.clock().catch(() => undefined))?.now);
      return last;
    };
    let busy = false;
    const ticker = setInterval(() => {
      if (busy) return;
      busy = true;
      look().then(
        (snap) => {
          io.stdout(progressLine(elapsed(), snap));
          busy = false;
        },
        () => {
          busy = false;
        },
      );
    }, 1_000);
    await setSimClock({ speed: args.speed });
    const loadStart = performance.now();
    let load;
    try {
      load = await sendDemoLoad({ n: args.payouts, clientId, apiKey: key, apiUrl: s.apiUrl, redisUrl: servers.redisUrl, prefix, runId });
      const loadSeconds = (performance.now() - loadStart) / 1000;
      io.stdout(
        `  handed over ${load.acknowledged.length} payouts in ${loadSeconds.toFixed(1)} s (${load.viaQueue} queue, ${load.viaHttp} HTTP)`,
      );
      // Wait until every acknowledged payout exists and none is still open (or the deadline).
      let idsByKey = new Map<string, string>();
      for (;;) {
        idsByKey = await payoutIdsByKeys(d, clientId, load.acknowledged);
        const snap = await look();
        if (idsByKey.size === load.acknowledged.length && openCount(snap) === 0) break;
        if (elapsed() > DEFAULTS.deadlineS) {
          io.stdout(`  deadline reached with ${load.acknowledged.length - idsByKey.size} not yet persisted and ${openCount(snap)} open`);
          break;
        }
        await new Promise((res) => setTimeout(res, 250));
      }
      const settleSeconds = (performance.now() - loadStart) / 1000;
      clearInterval(ticker);
      if (last !== undefined) io.stdout(progressLine(elapsed(), last));
      const verdict = await demoSummary({
        db: d,
        executions: await s.sim.executions(),
        acknowledgedKeys: load.acknowledged,
        idsByKey,
        viaQueue: load.viaQueue,
        viaHttp: load.viaHttp,
        refused: load.refused,
        loadSeconds,
        settleSeconds,
      });
      for (const line of verdict.lines) io.stdout(line);
      ok = verdict.ok;
      if (ok) {
        const nextDay = await demoNextDay({
          db: d,
          sim: s.sim,
          setSimClock,
          simStart,
          bankIds: demoBanks(simStart).map((b) => b.id),
          expectedIds: [...idsByKey.values()],
          statementTime: '10:00',
          deadlineMs: 30_000,
        });
        for (const line of nextDay.lines) io.stdout(line);
        ok = nextDay.ok;
      }
    } finally {
      clearInterval(ticker);
    }
  } catch (error) {
    io.stderr(
      `error [PAYOUT_E_INTERNAL]: the demo failed: ${error instanceof Error ? error.message : String(error)} (logs kept in ${dir})`,
    );
    args.keepLogs = true;
  } finally {
    await stack?.stop();
    redis?.disconnect();
    await db?.destroy();
    await dbClock?.dispose().catch(() => undefined);
    await servers.dispose();
    if (!args.keepLogs && ok) rmSync(dir, { recursive: true, force: true });
    else io.stdout(`  logs kept in ${dir}`);
  }
  io.stdout(`stopped everything the demo started (${elapsed().toFixed(1)} s)`);
  return ok ? 0 : 1;
};
