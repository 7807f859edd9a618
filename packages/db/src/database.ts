import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema/database.types.ts';
import { PG_TYPES } from './support/pg-type-parsers.ts';

/** The typed handle every repository function takes (a `Transaction` is one too). */
export type Db = Kysely<Database>;

export interface DbOptions {
  /** postgres://user:pass@host:port/db */
  readonly url: string;
  /** Pool size (default 10). Batches keep it small: one connection carries many payouts. */
  readonly maxConnections?: number;
  /** Name shown in pg_stat_activity. */
  readonly applicationName?: string;
  /** Server-side statement timeout in ms (default 30 s): a stuck query fails instead of hanging a batch. */
  readonly statementTimeoutMs?: number;
  /**
   * Real ms to wait for a connection — a new one, or a free one from a full pool — before the
   * query fails as unavailable (default: wait as long as it takes). A server that hangs
   * (stalled, black-holed) then costs a request this long, not minutes.
   */
  readonly connectionTimeoutMs?: number;
  /**
   * Called when a pooled connection fails outside a query (the server restarted, failed over
   * or was killed), idle or checked out; default: ignored. The query running on it, if any,
   * rejects on its own; the pool discards the connection and opens a new one when asked.
   */
  readonly onIdleClientError?: (err: Error) => void;
}

const POOLS = new WeakMap<Db, pg.Pool>();

/**
 * Opens a pool and wraps it in Kysely. int8 comes back as `bigint`, dates as `YYYY-MM-DD`.
 *
 * @example
 *   const db = createDb({ url: process.env.DATABASE_URL });
 *   await migrateToLatest(db);
 *   …
 *   await db.destroy();
 */
export function createDb(opts: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.maxConnections ?? 10,
    application_name: opts.applicationName ?? 'payout',
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    types: PG_TYPES,
    // A failover or a dead peer is found by the kernel, not only by the next query.
    keepAlive: true,
    ...(opts.connectionTimeoutMs === undefined ? {} : { connectionTimeoutMillis: opts.connectionTimeoutMs }),
  });
  // An idle client losing its connection (server restart) must not crash the process;
  // the pool drops it and the next query opens a new one.
  pool.on('error', (err) => opts.onIdleClientError?.(err));
  // pg removes the pool's listener while a client is checked out (in a transaction, a LISTEN,
  // a COPY): a server exit then emits 'error' on the client with no listener, which kills the
  // process ("Unhandled 'error' event", pg/lib/client.js). The query in flight rejects anyway,
  // and the pool discards a client that is no longer queryable when it is released.
  pool.on('connect', (client) => {
    client.on('error', (err) => opts.onIdleClientError?.(err));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  POOLS.set(db, pool);
  return db;
}

/**
 * The pg pool behind a Db made by `createDb`, for the one thing Kysely cannot say: COPY
 * (statement ingestion streams a million lines with it). Undefined for any other Db.
 */
export function pgPoolOf(db: Db): pg.Pool | undefined {
  return POOLS.get(db);
}
