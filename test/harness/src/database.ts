import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A short random name safe for Redis key prefixes, BullMQ prefixes and database names. */
export function randomName(prefix = 't'): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  assertSafeName(name);
  const client = new pg.Client({ connectionString: adminUrl });
  // A server that dies here fails the query below; the 'error' event must not also kill the test process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertSafeName(name);
  const client = new pg.Client({ connectionString: adminUrl });
  // A server that dies here fails the query below; the 'error' event must not also kill the test process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

function assertSafeName(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
}
