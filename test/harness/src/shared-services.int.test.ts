import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { usePostgres, useRedis } from './vitest.ts';

describe('the shared run servers', () => {
  const db = usePostgres();
  const redis = useRedis();
  let client: pg.Client;
  let r: Redis;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    r = new Redis(redis.url);
  });
  afterAll(async () => {
    await client?.end();
    r?.disconnect();
  });

  it('gives this file its own fresh database', async () => {
    const res = await client.query(
      'select current_database() as name, count(*)::int as tables from information_schema.tables where table_schema = $1',
      ['public'],
    );
    expect(res.rows[0]).toEqual({ name: db.name, tables: 0 });
  });

  it('writes to and reads from both Postgres and Redis', async () => {
    const prefix = redis.prefix();
    await client.query('create table handoff (id bigint primary key, amount_minor bigint not null)');
    await client.query('insert into handoff values ($1, $2)', ['1', '9007199254740993']);
    const row = await client.query('select amount_minor from handoff where id = 1');
    await r.set(`${prefix}:handoff:1`, row.rows[0].amount_minor);
    expect(await r.get(`${prefix}:handoff:1`)).toBe('9007199254740993');
    expect(redis.prefix()).not.toBe(prefix);
  });
});
