// Server handles, usable outside vitest (the demo and `./dev start` run the same servers).
// Test-file helpers (useRedis, usePostgres) are in '@payout/test-harness/vitest'.
export type { ServerHandle } from './server-handle.ts';
export { startRedisServer, startPostgresServer } from './servers.ts';
export { startLocalRedis } from './local-redis.ts';
export { startLocalPostgres } from './local-postgres.ts';
export { createDatabase, dropDatabase, databaseUrl, randomName } from './database.ts';
export { waitFor } from './wait-for.ts';
export { realNowMs } from './real-time.ts';
export { withoutFakeTime } from './real-clock-env.ts';
export { freePort } from './process-tools.ts';
export { RUN_DIR_PREFIX, RUN_DIR_ENV, createRunDir, livePids } from './run-dir.ts';
