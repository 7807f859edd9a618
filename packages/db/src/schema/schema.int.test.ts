import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { usePostgres } from '@payout/test-harness/vitest';
import { createDb, type Db } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { DATABASE_COLUMNS } from './database-columns.ts';

const pg = usePostgres();
let db: Db;

beforeAll(async () => {
  db = createDb({ url: pg.url, maxConnections: 2 });
  await migrateToLatest(db);
});

afterAll(async () => {
  await db?.destroy();
});

describe('the Database type', () => {
  it('names every table and column the migrations create, and nothing else', async () => {
    const r = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and table_name not like 'kysely_migration%'
      order by table_name, column_name
    `.execute(db);
    const migrated: Record<string, string[]> = {};
    for (const row of r.rows) (migrated[row.table_name] ??= []).push(row.column_name);
    const typed = Object.fromEntries(Object.entries(DATABASE_COLUMNS).map(([t, cols]) => [t, [...cols].sort()]));
    for (const cols of Object.values(migrated)) cols.sort();
    expect(typed).toEqual(migrated);
  });
});
