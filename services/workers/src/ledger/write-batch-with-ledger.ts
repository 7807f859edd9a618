import { writeLifecycleBatch, type Db } from '@payout/db';
import { lifecycleLedgerEvents, type LedgerPayoutView, type LifecycleBatch } from '@payout/lifecycle';
import type { PayoutLedgerEvent } from '@payout/ledger';
import { bookLifecycleLedger, type LedgerBookingResult } from './book-lifecycle-ledger.ts';

export type { LedgerPayoutView } from '@payout/lifecycle';

/**
 * `writeLifecycleBatch` and, in the same transaction right after it, the ledger postings the
 * batch implies (the lifecycle package's lifecycleLedgerEvents decides their kinds) plus any
 * statement facts in `observed`. `rows` are the payouts the batch was planned from, as locked;
 * `at` is when the facts happened (the worker's clock).
 *
 * @example
 *   await db.transaction().execute(async (tx) => {
 *     const locked = await lockPayouts(tx, ids);
 *     …plan…
 *     await writeBatchWithLedger(tx, batch.batch(), locked, now);
 *   });
 */
export async function writeBatchWithLedger(
  tx: Db,
  batch: LifecycleBatch,
  rows: Iterable<LedgerPayoutView>,
  at: Date,
  observed: readonly PayoutLedgerEvent[] = [],
): Promise<LedgerBookingResult> {
  await writeLifecycleBatch(tx, batch);
  return bookLifecycleLedger(tx, lifecycleLedgerEvents(batch, rows, at), observed);
}
