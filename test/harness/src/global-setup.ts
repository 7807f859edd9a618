import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import type { ServerHandle } from './server-handle.ts';
import { startRedisServer, startPostgresServer } from './servers.ts';
import { createRunDir, livePids, RUN_DIR_ENV } from './run-dir.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    harnessRedisUrl: string;
    harnessDatabaseUrl: string;
    harnessBackend: string;
  }
}

/**
 * Vitest global setup of the `integration` project: one real Redis and one real Postgres for
 * the whole run, in this order of preference — REDIS_URL / DATABASE_URL when set;
 * testcontainers when a container engine is reachable; throw-away local processes otherwise.
 * Test files get a fresh database and random queue prefixes from `usePostgres()`/`useRedis()`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ownRunDir = !process.env[RUN_DIR_ENV];
  if (ownRunDir) process.env[RUN_DIR_ENV] = createRunDir();
  const runDir = process.env[RUN_DIR_ENV]!;
  const started: ServerHandle[] = [];
  const backends: string[] = [];
  try {
    let redisUrl = process.env['REDIS_URL'];
    if (redisUrl) backends.push('redis: REDIS_URL');
    else {
      const redis = await startRedisServer();
      started.push(redis);
      redisUrl = redis.url;
      backends.push(`redis: ${redis.backend} on port ${redis.port}`);
    }
    let databaseUrl = process.env['DATABASE_URL'];
    if (databaseUrl) backends.push('postgres: DATABASE_URL');
    else {
      const postgres = await startPostgresServer();
      started.push(postgres);
      databaseUrl = postgres.url;
      backends.push(`postgres: ${postgres.backend} on port ${postgres.port}`);
    }
    project.provide('harnessRedisUrl', redisUrl);
    project.provide('harnessDatabaseUrl', databaseUrl);
    project.provide('harnessBackend', backends.join(', '));
    process.stdout.write(`[harness] ${backends.join('; ')}\n`);
  } catch (err) {
    await Promise.all(started.map((s) => s.dispose()));
    throw err;
  }

  return async () => {
    await Promise.all(started.map((s) => s.dispose()));
    if (ownRunDir) {
      const leaked = livePids(runDir);
      for (const { pid } of leaked) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      rmSync(runDir, { recursive: true, force: true });
      if (leaked.length > 0) throw new Error(`test servers were left running and had to be killed: ${leaked.map((p) => p.pid).join(', ')}`);
    }
  };
}
