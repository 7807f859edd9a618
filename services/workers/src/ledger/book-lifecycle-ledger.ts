import type { Db } from '@payout/db';
import { PayoutError, type ErrorCode } from '@payout/domain';
import type { PayoutLedgerEvent } from '@payout/ledger';
import { appendLifecyclePostings } from '@payout/db/ledger';

/** A statement fact the ledger would not take (e.g. a return amount that contradicts the reported one). */
export interface RefusedObservation {
  readonly event: PayoutLedgerEvent;
  readonly code: ErrorCode;
  readonly message: string;
}

export interface LedgerBookingResult {
  readonly appended: number;
  readonly duplicates: number;
  readonly refused: readonly RefusedObservation[];
}

const NOTHING: LedgerBookingResult = Object.freeze({ appended: 0, duplicates: 0, refused: [] });

/**
 * Books a batch's ledger facts with ONE `appendLifecyclePostings` call, inside the caller's
 * transaction and right after the rows it describes were written (the payout rows are locked,
 * which is what keeps two workers from deciding on the same history).
 *
 * `changes` are the facts of the batch's state changes: the ledger refusing one (a settled
 * attempt failing, PAYOUT_E_INVALID_TRANSITION; an amount that contradicts the booked one)
 * throws, so the whole batch rolls back — a state change never commits without its money.
 *
 * `observed` are what statements show (`debit_seen`, `return_seen`) about payouts whose state
 * is decided on other evidence. A refusal there is returned, not thrown: the statement line is
 * already an exception for ops, and the payout's state change must not wait for a person to
 * explain a bank's odd line; the drift report shows the difference until then.
 *
 * @example
 *   await writeLifecycleBatch(tx, batch);
 *   await bookLifecycleLedger(tx, lifecycleLedgerEvents(batch, locked.values(), now));
 */
export async function bookLifecycleLedger(
  tx: Db,
  changes: readonly PayoutLedgerEvent[],
  observed: readonly PayoutLedgerEvent[] = [],
): Promise<LedgerBookingResult> {
  if (changes.length === 0 && observed.length === 0) return NOTHING;
  const events = [...changes, ...observed];
  const r = await appendLifecyclePostings(tx, events, { onRefused: observed.length === 0 ? 'throw' : 'report' });
  const refused: RefusedObservation[] = [];
  r.outcomes.forEach((o, i) => {
    if (o.kind !== 'refused') return;
    const event = events[i]!;
    if (i < changes.length) {
      throw new PayoutError(o.code, `the ledger refused ${event.type} of payout ${event.payoutId} attempt ${event.attempt}: ${o.message}`, {
        payoutId: event.payoutId,
        attempt: event.attempt,
        event: event.type,
      });
    }
    refused.push({ event, code: o.code, message: o.message });
  });
  return { appended: r.appended.length, duplicates: r.duplicates.length, refused };
}
