import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createRunDir, RUN_DIR_ENV, startLocalPostgres, startLocalRedis, type ServerHandle } from '@payout/test-harness';

export interface LocalServers {
  readonly redisUrl: string;
  readonly databaseUrl: string;
  readonly description: readonly string[];
  health(): Promise<{ redis: string; postgres: string }>;
  dispose(): Promise<void>;
}

/**
 * Redis and Postgres for the demo and `./dev start`: REDIS_URL / DATABASE_URL when given,
 * otherwise throw-away local processes (the same ones the test harness runs) in a temporary
 * folder that is deleted when they stop.
 */
export async function startLocalServers(env: Readonly<Record<string, string | undefined>>): Promise<LocalServers> {
  const started: ServerHandle[] = [];
  const ownRunDir = !process.env[RUN_DIR_ENV];
  const runDir = ownRunDir ? createRunDir() : process.env[RUN_DIR_ENV]!;
  if (ownRunDir) process.env[RUN_DIR_ENV] = runDir;
  const description: string[] = [];
  try {
    let redisUrl = env['REDIS_URL'];
    if (redisUrl) description.push(`redis     ${redact(redisUrl)} (REDIS_URL)`);
    else {
      const redis = await startLocalRedis();
      started.push(redis);
      redisUrl = redis.url;
      description.push(`redis     ${redis.url} (local redis-server, AOF on, pid group in ${runDir})`);
    }
    let databaseUrl = env['DATABASE_URL'];
    if (databaseUrl) description.push(`postgres  ${redact(databaseUrl)} (DATABASE_URL)`);
    else {
      const postgres = await startLocalPostgres();
      started.push(postgres);
      databaseUrl = postgres.url;
      description.push(`postgres  ${postgres.url} (local postgres)`);
    }
    const urls = { redisUrl, databaseUrl };
    return {
      ...urls,
      description,
      health: () => health(urls.redisUrl, urls.databaseUrl),
      dispose: async () => {
        await Promise.all(started.map((s) => s.dispose()));
        if (ownRunDir) {
          rmSync(runDir, { recursive: true, force: true });
          delete process.env[RUN_DIR_ENV];
        }
      },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.dispose()));
    if (ownRunDir) rmSync(runDir, { recursive: true, force: true });
    throw err;
  }
}

async function health(redisUrl: string, databaseUrl: string): Promise<{ redis: string; postgres: string }> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await redis.connect();
    const [pong, info] = await Promise.all([redis.ping(), redis.info('server')]);
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    await client.connect();
    const res = await client.query<{ server_version: string }>('show server_version');
    return { redis: `${pong} (redis ${version})`, postgres: `ok (postgres ${res.rows[0]?.server_version ?? '?'})` };
  } finally {
    redis.disconnect();
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}
