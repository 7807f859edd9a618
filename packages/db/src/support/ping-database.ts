import { sql } from 'kysely';
import type { Db } from '../database.ts';

/**
 * Whether the database answers a trivial query within `timeoutMs` (readiness probes). Never
 * throws: unreachable, refusing, stalled (a SIGSTOPped or failing-over server holds the
 * query) and erroring all answer false.
 *
 * @example
 *   app.get('/readyz', async (_, reply) => reply.code((await pingDatabase(db, 1_000)) ? 200 : 503).send());
 */
export async function pingDatabase(db: Db, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
