import { afterAll, beforeAll, inject } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, randomName } from './database.ts';

export interface TestRedis {
  /** URL of the run's shared Redis. */
  readonly url: string;
  /** A fresh random key/queue prefix: call it once per test so tests never see each other's keys. */
  prefix(): string;
}

/** The run's shared real Redis (see global-setup.ts). Use inside integration test files. */
export function useRedis(): TestRedis {
  const url = inject('harnessRedisUrl');
  return { url, prefix: () => randomName('tq') };
}

export interface TestDatabase {
  /** URL of this test file's own fresh database (available from beforeAll on). */
  readonly url: string;
  /** URL of the server's maintenance database. */
  readonly adminUrl: string;
  readonly name: string;
}

/**
 * A fresh database per test file on the run's shared Postgres, created in beforeAll and dropped
 * in afterAll.
 */
export function usePostgres(): TestDatabase {
  const adminUrl = inject('harnessDatabaseUrl');
  const name = randomName('t_');
  let ready = false;
  beforeAll(async () => {
    await createDatabase(adminUrl, name);
    ready = true;
  });
  afterAll(async () => {
    if (ready) await dropDatabase(adminUrl, name);
  });
  return {
    adminUrl,
    name,
    get url() {
      if (!ready) throw new Error('usePostgres().url is available from beforeAll on');
      return databaseUrl(adminUrl, name);
    },
  };
}
