import { sql } from 'kysely';
import type { Db } from '../database.ts';

let savepoints = 0;

/**
 * Runs `fn` all-or-nothing. On a plain pool it opens a transaction; inside the caller's
 * transaction it uses a savepoint, so a refused call leaves the caller's other writes intact
 * and writes nothing of its own.
 */
export async function atomically<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute(fn);
  const name = sql.raw(`ledger_sp_${++savepoints}`);
  await sql`savepoint ${name}`.execute(db);
  try {
    const result = await fn(db);
    await sql`release savepoint ${name}`.execute(db);
    return result;
  } catch (err) {
    // If the connection is gone the rollback fails too; the original error is the one to report.
    await sql`rollback to savepoint ${name}`.execute(db).catch(() => undefined);
    throw err;
  }
}

/** The SQLSTATE and constraint of a driver error, when it is one. */
export function pgErrorInfo(err: unknown): { readonly code: string | undefined; readonly constraint: string | undefined } {
  if (typeof err !== 'object' || err === null) return { code: undefined, constraint: undefined };
  const { code, constraint } = err as { code?: unknown; constraint?: unknown };
  return { code: typeof code === 'string' ? code : undefined, constraint: typeof constraint === 'string' ? constraint : undefined };
}
