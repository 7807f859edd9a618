import { sql } from 'kysely';
import { isPayoutError, type ErrorCode } from '@payout/domain';
import {
  FUNDING_LEDGER_EVENT_TYPES,
  postingsForFundingEvent,
  postingsForPayoutEvent,
  type FundingLedgerEvent,
  type PayoutLedgerEvent,
  type Posting,
  type PostingDecision,
} from '@payout/ledger';
import type { Db } from '../database.ts';
import { appendPostings } from './append-postings.ts';
import { selectPostings } from './posting-rows.ts';

/** A lifecycle fact the ledger books: a payout attempt's step or a funding transfer's. */
export type LedgerLifecycleEvent = PayoutLedgerEvent | FundingLedgerEvent;

/** What one event did: the pure decision, or why the ledger refused the fact. */
export type LifecyclePostingOutcome = PostingDecision | { readonly kind: 'refused'; readonly code: ErrorCode; readonly message: string };

export interface LifecyclePostingsResult {
  /** One outcome per event, in the order given. */
  readonly outcomes: readonly LifecyclePostingOutcome[];
  /** Posting ids written by this call. */
  readonly appended: readonly string[];
  /** Posting ids that were already stored (a replayed batch). */
  readonly duplicates: readonly string[];
}

export interface LifecyclePostingsOptions {
  /**
   * A fact the ledger cannot accept (a settled attempt failing, an amount that contradicts
   * the booked one): `throw` (default) fails the call and so the caller's transaction;
   * `report` books the other events and returns `refused` for it, so a batch is not held
   * hostage by one contradictory payout — the caller must then send that payout to review.
   */
  readonly onRefused?: 'throw' | 'report';
}

export function isFundingLedgerEvent(e: LedgerLifecycleEvent): e is FundingLedgerEvent {
  return (FUNDING_LEDGER_EVENT_TYPES as readonly string[]).includes(e.type);
}

/**
 * The ledger side of a batch of lifecycle events, for the transaction that writes them
 * (`writeLifecycleBatch`): reads the histories of every payout and transfer in the batch with
 * two queries, decides each event in order (an event sees the postings of the events before
 * it), and appends everything with one multi-row statement. Posting ids are deterministic,
 * so replaying a batch adds nothing.
 *
 * Run it in the same transaction as the payout rows it books, after they were locked
 * (`FOR UPDATE`): the lock is what keeps two workers from deciding on the same history.
 *
 * @example
 *   await db.transaction().execute(async (tx) => {
 *     await writeLifecycleBatch(tx, batch);
 *     await appendLifecyclePostings(tx, [{ type: 'submitted', payoutId, attempt: 1, fundingAccountId, amount, at: now }]);
 *   });
 */
export async function appendLifecyclePostings(
  db: Db,
  events: readonly LedgerLifecycleEvent[],
  options: LifecyclePostingsOptions = {},
): Promise<LifecyclePostingsResult> {
  if (events.length === 0) return { outcomes: [], appended: [], duplicates: [] };
  const payoutIds = [...new Set(events.flatMap((e) => (isFundingLedgerEvent(e) ? [] : [e.payoutId])))];
  const transferIds = [...new Set(events.filter(isFundingLedgerEvent).map((e) => e.transferId))];
  const payoutHistory = groupBy(
    payoutIds.length === 0 ? [] : await selectPostings(db, sql`p.payout_id = any(${payoutIds}::text[])`),
    (p) => (p.cause.kind === 'payout' ? p.cause.payoutId : undefined),
  );
  const transferHistory = groupBy(
    transferIds.length === 0 ? [] : await selectPostings(db, sql`p.transfer_id = any(${transferIds}::text[])`),
    (p) => (p.cause.kind === 'funding' ? p.cause.transferId : undefined),
  );

  const outcomes: LifecyclePostingOutcome[] = [];
  const pending: Posting[] = [];
  for (const e of events) {
    const [history, key] = isFundingLedgerEvent(e) ? [transferHistory, e.transferId] : [payoutHistory, e.payoutId];
    const list = history.get(key) ?? [];
    history.set(key, list);
    let decision: PostingDecision;
    try {
      decision = isFundingLedgerEvent(e) ? postingsForFundingEvent(e, list) : postingsForPayoutEvent(e, list);
    } catch (err) {
      if (options.onRefused !== 'report' || !isPayoutError(err)) throw err;
      outcomes.push({ kind: 'refused', code: err.code, message: err.message });
      continue;
    }
    if (decision.kind === 'post') {
      list.push(...decision.postings);
      pending.push(...decision.postings);
    }
    outcomes.push(decision);
  }
  const { appended, duplicates } = await appendPostings(db, pending);
  return { outcomes, appended, duplicates };
}

function groupBy(postings: readonly Posting[], keyOf: (p: Posting) => string | undefined): Map<string, Posting[]> {
  const map = new Map<string, Posting[]>();
  for (const p of postings) {
    const k = keyOf(p);
    if (k === undefined) continue;
    const list = map.get(k) ?? [];
    list.push(p);
    map.set(k, list);
  }
  return map;
}
