import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { startPostgresServer, startRedisServer, waitFor, type ServerHandle } from './index.ts';

// The reliability suites fail real servers; these tests prove the harness can, and that the
// servers keep what they acknowledged.
describe('Postgres survives SIGKILL with committed data and without uncommitted data', () => {
  let server: ServerHandle;
  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps committed rows and drops an open transaction', async () => {
    const a = new pg.Client({ connectionString: server.url });
    const b = new pg.Client({ connectionString: server.url });
    a.on('error', () => undefined);
    b.on('error', () => undefined);
    await a.connect();
    await b.connect();
    await a.query('create table crash_probe (id int primary key, note text not null)');
    await a.query(`insert into crash_probe values (1, 'committed')`);
    await b.query('begin');
    await b.query(`insert into crash_probe values (2, 'uncommitted')`);
    const inside = await b.query('select count(*)::int as n from crash_probe');
    expect(inside.rows[0].n).toBe(2);

    await server.kill();
    await a.end().catch(() => undefined);
    await b.end().catch(() => undefined);
    await server.start();

    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    const rows = await c.query('select id, note from crash_probe order by id');
    await c.end();
    expect(rows.rows).toEqual([{ id: 1, note: 'committed' }]);
  });

  it('stop() then start() keeps the same port and data', async () => {
    const portBefore = server.port;
    await server.stop();
    await server.start();
    expect(server.port).toBe(portBefore);
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    const rows = await c.query('select count(*)::int as n from crash_probe');
    await c.end();
    expect(rows.rows[0].n).toBe(1);
  });
});

describe('Redis with AOF survives SIGKILL with acknowledged writes', () => {
  let server: ServerHandle;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps acknowledged writes once the AOF has them, and drops a MULTI that was never executed', async () => {
    const client = new Redis(server.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    for (let i = 0; i < 100; i++) await client.set(`ack:${i}`, String(i));
    await client.rpush('jobs', 'a', 'b', 'c');
    // Queued in a transaction but never EXECed: Redis never applied it.
    const other = new Redis(server.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    other.on('error', () => undefined);
    await other.call('MULTI');
    await other.call('SET', 'never', 'applied');
    const queued = await client.exists('never');
    expect(queued).toBe(0);
    // appendfsync everysec: Redis acknowledges a write before it reaches the AOF file when the
    // previous second's fsync is slow (it may postpone the write up to 2 s) — which a loaded CI
    // machine showed. Redis's promise is about writes in the AOF file, so wait for its buffer to drain.
    await waitFor(async () => /aof_buffer_length:0\r?\n/.test(await client.info('persistence')), {
      timeoutMs: 10_000,
      message: 'the AOF buffer is written',
    });

    await server.kill();
    client.disconnect();
    other.disconnect();
    await server.start();

    const after = new Redis(server.url);
    const values = await after.mget(...Array.from({ length: 100 }, (_, i) => `ack:${i}`));
    expect(values).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    expect(await after.lrange('jobs', 0, -1)).toEqual(['a', 'b', 'c']);
    expect(await after.exists('never')).toBe(0);
    expect(await after.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await after.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    after.disconnect();
  });
});
