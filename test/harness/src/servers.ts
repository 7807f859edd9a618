import type { ServerHandle } from './server-handle.ts';
import { startLocalRedis } from './local-redis.ts';
import { startLocalPostgres } from './local-postgres.ts';
import { containerRuntimeReachable, startContainerPostgres, startContainerRedis } from './container-servers.ts';

/**
 * A dedicated Redis for a test that fails servers on purpose: a testcontainers container when a
 * container engine is reachable, else a throw-away local redis-server.
 */
export async function startRedisServer(): Promise<ServerHandle> {
  return (await containerRuntimeReachable()) ? startContainerRedis() : startLocalRedis();
}

/** A dedicated Postgres cluster, chosen like {@link startRedisServer}. */
export async function startPostgresServer(): Promise<ServerHandle> {
  return (await containerRuntimeReachable()) ? startContainerPostgres() : startLocalPostgres();
}
