// Intake load benchmark (loopback only, bounded, stops by itself):
//
//   ./dev node services/api/src/test-support/intake-load.bench.ts [--seconds 5] [--rate 500] [--connections 10] [--max-connections 32]
//
// Starts throw-away Redis and Postgres (or uses REDIS_URL / DATABASE_URL), runs the API in a
// child process next to a BASELINE bare route (one INSERT … ON CONFLICT + one queue add, no
// auth/validation/events/outbox), and for each measures p50/p99 at a fixed rate (open loop, latency
// counted from the scheduled send time so queueing is not hidden) and the closed-loop maximum.
// Prints both and their ratio: absolute numbers depend on the machine, the ratio much less.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { createApiClient, createDb, issueApiKey, migrateToLatest } from '@payout/db';
import { createNextStepDispatcher, redisOptionsFromUrl } from '@payout/queue';
import { createDatabase, createRunDir, RUN_DIR_ENV, startLocalPostgres, startLocalRedis, type ServerHandle } from '@payout/test-harness';
import { buildApp } from '../app/build-app.ts';
import { createLogger } from '../logging/logger.ts';

interface Ready {
  readonly event: 'ready';
  readonly apiPort: number;
  readonly barePort: number;
  readonly key: string;
}

const HARD_LIMIT_MS = 180_000;

async function serve(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL']!;
  const redisUrl = process.env['REDIS_URL']!;
  const prefix = `bench${process.pid}`;
  const db = createDb({ url: databaseUrl, maxConnections: 10 });
  await migrateToLatest(db);
  await createApiClient(db, { id: 'bench' }).catch(() => undefined);
  const { key } = await issueApiKey(db, { clientId: 'bench', scopes: ['payouts:write'], actor: 'bench', role: 'viewer' });
  await sql`create table if not exists bench_bare (client_id text not null, idempotency_key text not null, body jsonb not null, primary key (client_id, idempotency_key))`.execute(
    db,
  );

  const hints = createNextStepDispatcher({ connection: redisOptionsFromUrl(redisUrl), prefix });
  const api = buildApp({ db, hints, logger: createLogger({ level: 'error' }) });
  await api.listen({ host: '127.0.0.1', port: 0 });

  const bareQueue = new Queue('bench-bare', { connection: redisOptionsFromUrl(redisUrl), prefix });
  const bare = Fastify();
  bare.post('/bare', async (req, reply) => {
    const k = String(req.headers['idempotency-key']);
    await sql`insert into bench_bare values ('bench', ${k}, ${JSON.stringify(req.body)}::jsonb) on conflict do nothing`.execute(db);
    await bareQueue.add('bare', { k }, { jobId: `bare-${k}`, removeOnComplete: true });
    return reply.code(201).send({ ok: true });
  });
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const port = (s: { server: http.Server }) => (s.server.address() as { port: number }).port;
  process.send!({ event: 'ready', apiPort: port(api), barePort: port(bare), key } satisfies Ready);
  process.on('disconnect', () => {
    void Promise.allSettled([api.close(), bare.close()])
      .then(() => Promise.allSettled([hints.close(), bareQueue.close()]))
      .then(() => db.destroy())
      .finally(() => process.exit(0));
  });
}

interface Stats {
  readonly sent: number;
  readonly ok: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function sender(port: number, path: string, key: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  let n = 0;
  const run = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const send = (): Promise<number> =>
    new Promise((resolve) => {
      const i = n++;
      const body = JSON.stringify({
        amount: `${1 + (i % 9_000)}.${String(i % 100).padStart(2, '0')}`,
        currency: 'EUR',
        beneficiary: { name: `Beneficiary ${i}`, scheme: 'iban', accountNumber: 'DE89370400440532013000' },
        remittanceInfo: `bench ${i}`,
      });
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            'idempotency-key': `${run}-${i}`,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

async function fixedRate(port: number, path: string, key: string, rate: number, seconds: number, sockets: number): Promise<Stats> {
  const s = sender(port, path, key, sockets);
  const latencies: number[] = [];
  let ok = 0;
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = t0 + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      s.send().then((status) => {
        latencies.push(performance.now() - scheduled);
        if (status === 201) ok++;
      }),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  s.close();
  latencies.sort((a, b) => a - b);
  return { sent: total, ok, rps: ok / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function closedLoop(port: number, path: string, key: string, seconds: number, concurrency: number): Promise<Stats> {
  const s = sender(port, path, key, concurrency);
  const latencies: number[] = [];
  let ok = 0;
  let sent = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        sent++;
        if ((await s.send()) === 201) ok++;
        latencies.push(performance.now() - start);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  s.close();
  latencies.sort((a, b) => a - b);
  return { sent, ok, rps: ok / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      rate: { type: 'string', default: '500' },
      connections: { type: 'string', default: '10' },
      'max-connections': { type: 'string', default: '32' },
    },
  });
  const seconds = Math.min(30, Math.max(1, Number(values.seconds)));
  const rate = Math.min(5_000, Math.max(1, Number(values.rate)));
  const connections = Math.min(256, Math.max(1, Number(values.connections)));
  const maxConnections = Math.min(256, Math.max(1, Number(values['max-connections'])));

  const started: ServerHandle[] = [];
  const ownRunDir = !process.env[RUN_DIR_ENV];
  if (ownRunDir) process.env[RUN_DIR_ENV] = createRunDir();
  let child: ChildProcess | undefined;
  const killer = setTimeout(() => {
    process.stderr.write('bench: hard time limit reached, stopping\n');
    child?.kill('SIGKILL');
    process.exit(1);
  }, HARD_LIMIT_MS);
  try {
    let redisUrl = process.env['REDIS_URL'];
    if (!redisUrl) {
      const r = await startLocalRedis();
      started.push(r);
      redisUrl = r.url;
    }
    let databaseUrl = process.env['DATABASE_URL'];
    if (!databaseUrl) {
      const p = await startLocalPostgres();
      started.push(p);
      databaseUrl = await createDatabase(p.url, 'intake_bench');
    }
    child = fork(process.argv[1]!, ['--serve'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<Ready>((resolve, reject) => {
      child!.once('message', (m) => resolve(m as Ready));
      child!.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    });
    const targets = [
      { name: 'baseline bare route', port: ready.barePort, path: '/bare' },
      { name: 'real intake POST /v1/payouts', port: ready.apiPort, path: '/v1/payouts' },
    ];
    const results: { name: string; fixed: Stats; max: Stats }[] = [];
    for (const t of targets) {
      await closedLoop(t.port, t.path, ready.key, 2, maxConnections); // warm-up (JIT, pools)
      const fixed = await fixedRate(t.port, t.path, ready.key, rate, seconds, connections);
      const max = await closedLoop(t.port, t.path, ready.key, seconds, maxConnections);
      results.push({ name: t.name, fixed, max });
    }
    const f = (x: number) => x.toFixed(1).padStart(8);
    process.stdout.write(
      `\nintake load bench — ${seconds}s per phase; fixed rate ${rate} req/s over ${connections} connections; max over ${maxConnections} connections\n\n`,
    );
    process.stdout.write(
      `${'target'.padEnd(32)}  ${'p50 ms'.padStart(8)}  ${'p99 ms'.padStart(8)}  ${'ok/sent'.padStart(11)}  |  ${'max req/s'.padStart(9)}  ${'p99 ms'.padStart(8)}\n`,
    );
    for (const r of results) {
      process.stdout.write(
        `${r.name.padEnd(32)}  ${f(r.fixed.p50)}  ${f(r.fixed.p99)}  ${`${r.fixed.ok}/${r.fixed.sent}`.padStart(11)}  |  ${r.max.rps.toFixed(0).padStart(9)}  ${f(r.max.p99)}\n`,
      );
    }
    const [bare, real] = results as [(typeof results)[0], (typeof results)[0]];
    process.stdout.write(
      `\nintake / baseline: p99 at ${rate} req/s ×${(real.fixed.p99 / bare.fixed.p99).toFixed(2)}, max throughput ×${(real.max.rps / bare.max.rps).toFixed(2)}\n`,
    );
    process.stdout.write(
      `targets: p99 ≤ 15 ms at 500 req/s → ${real.fixed.p99 <= 15 ? 'met' : 'NOT met'}; ≥ 2000 req/s → ${real.max.rps >= 2_000 ? 'met' : 'NOT met'} (absolute numbers depend on the machine and its load)\n`,
    );
  } finally {
    clearTimeout(killer);
    if (child?.connected) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.disconnect();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    }
    child?.kill('SIGKILL');
    await Promise.all(started.map((s) => s.dispose()));
    if (ownRunDir) {
      rmSync(process.env[RUN_DIR_ENV]!, { recursive: true, force: true });
      delete process.env[RUN_DIR_ENV];
    }
  }
}

if (process.argv.includes('--serve')) {
  serve().catch((err: unknown) => {
    process.stderr.write(`bench server failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
