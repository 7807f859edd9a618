import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { buildService } from '../../../scripts/build-service.ts';

// What infra/docker/Dockerfile does in its build stage, without a container engine: bundle the
// service with esbuild, `pnpm deploy` its production dependencies (flat), drop the workspace
// sources, then start it from that folder alone, against real Postgres and Redis, and ask its
// probes. If the image design stops working (a .ts import left in dist/, a dependency missing
// from the deploy), this fails.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const pg = usePostgres();
const redis = useRedis();
const work = mkdtempSync(join(tmpdir(), 'payout-image-'));
const running: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map(stop));
  rmSync(work, { recursive: true, force: true });
});

/** The Dockerfile's build stage: `/out/app` with dist/ and a flat production node_modules, and nothing of the workspace's sources. */
async function imageFolder(service: string): Promise<string> {
  const app = join(work, service);
  const deploy = spawnSync(
    'pnpm',
    [
      '--filter',
      `@payout/${service}`,
      'deploy',
      '--prod',
      '--prefer-offline',
      '--config.inject-workspace-packages=true',
      '--config.node-linker=hoisted',
      app,
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
  );
  expect(deploy.status, `pnpm deploy @payout/${service}:\n${deploy.stdout}${deploy.stderr}`).toBe(0);
  rmSync(join(app, 'src'), { recursive: true, force: true });
  rmSync(join(app, 'node_modules', '@payout'), { recursive: true, force: true });
  await buildService(service, join(app, 'dist'));
  expect(existsSync(join(app, 'dist', 'main.js'))).toBe(true);
  return app;
}

interface Started {
  readonly child: ChildProcess;
  /** Every stdout line so far (pino JSON or the service's own JSON line). */
  readonly lines: string[];
  readonly stderr: string[];
}

function start(app: string, entry: string, env: Record<string, string>, args: readonly string[] = []): Started {
  const child = spawn(process.execPath, ['--enable-source-maps', entry, ...args], {
    cwd: app,
    // Only what a container gets: no NODE_OPTIONS or loaders from the test runner.
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const lines: string[] = [];
  const stderr: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  return { child, lines, stderr };
}

/** The first JSON line with `key`, waiting for it. */
async function lineWith(s: Started, key: string, what: string): Promise<Record<string, unknown>> {
  return waitFor(
    () => {
      if (s.child.exitCode !== null) throw new Error(`exited ${s.child.exitCode}: ${s.stderr.join('')}${s.lines.join('\n')}`);
      for (const line of s.lines) {
        if (!line.startsWith('{')) continue;
        const json = JSON.parse(line) as Record<string, unknown>;
        if (json[key] !== undefined) return json;
      }
      return undefined;
    },
    { timeoutMs: 30_000, message: what },
  );
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('service images, built as the Dockerfile builds them', () => {
  it('api: the bundled CLI migrates, the API starts and is ready, serves /metrics, and stops on SIGTERM', async () => {
    const app = await imageFolder('api');
    const migrate = spawnSync(process.execPath, ['dist/cli.js', 'migrate'], {
      cwd: app,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: pg.url },
    });
    expect(migrate.status, `${migrate.stdout}${migrate.stderr}`).toBe(0);
    expect(migrate.stdout).toMatch(/applied: |up to date/);

    const api = start(app, 'dist/main.js', {
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix(),
      HOST: '127.0.0.1',
      PORT: '0',
    });
    const address = String((await lineWith(api, 'address', 'the API says where it listens'))['address']);
    expect((await fetch(`${address}/readyz`)).status).toBe(200);
    expect((await fetch(`${address}/healthz`)).status).toBe(200);
    const metrics = await fetch(`${address}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^payout_ops_gauges_up\{source="ops",service="api"\} 1$/m);
    expect(await stop(api.child)).toBe(0);
  });

  it('workers: starts its roles from the bundle and is ready on its metrics port (Postgres and Redis reachable)', async () => {
    const app = await imageFolder('workers');
    const workers = start(app, 'dist/main.js', {
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix(),
      WORKER_ROLES: 'intake,sweeper',
      METRICS_PORT: '0',
    });
    const port = Number((await lineWith(workers, 'metricsPort', 'the workers say which metrics port they opened'))['metricsPort']);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, checks: { postgres: true, redis: true } });
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    expect(await stop(workers.child)).toBe(0);
  });

  it('bank-sim: starts from the bundle and answers its health endpoint', async () => {
    const app = await imageFolder('bank-sim');
    const sim = start(app, 'dist/main.js', { BANK_SIM_HOST: '127.0.0.1', BANK_SIM_PORT: '0' });
    const url = String((await lineWith(sim, 'url', 'the simulator says where it listens'))['url']);
    expect((await fetch(`${url}/admin/health`)).status).toBe(200);
    expect(await stop(sim.child)).toBe(0);
  });
});
