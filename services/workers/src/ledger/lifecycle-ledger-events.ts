import type { LifecycleBatch } from '@payout/db';
import { PayoutError, type AttemptState } from '@payout/domain';
import { fundingAccountOfChannel, type PayoutLedgerEvent, type PayoutLedgerEventType } from '@payout/ledger';
import { ledgerEventTypeForAttemptState } from '@payout/ledger/store';

/** An attempt as the caller read it (locked) before the batch. */
export interface LedgerAttemptView {
  readonly id: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly state: AttemptState;
}

/**
 * A payout with its attempts as the caller locked them. Both `PayoutWithAttempts` (submit,
 * poll) and `PayoutForVerification` (verify) fit as they are.
 */
export interface LedgerPayoutView {
  readonly payout: { readonly id: string; readonly amountMinor: bigint; readonly currency: string };
  readonly attempts: readonly LedgerAttemptView[];
}

type BatchChanges = Pick<LifecycleBatch, 'attemptInserts' | 'attemptUpdates' | 'payoutUpdates'>;

interface AttemptRef {
  readonly payoutId: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly state: AttemptState;
}

/**
 * The ledger facts one lifecycle batch states, in the order they happen:
 *  - a new attempt → `submitted` (reserve);
 *  - an attempt whose state changes → the event its new state implies (unknown counts as
 *    spent, failed releases, succeeded settles; accepted and pending move no money);
 *  - a payout turning `returned` → `returned` on its succeeded attempt (the bank reported
 *    the return; the money counts again only once a statement shows it).
 * The funding account is the one of the attempt's channel, the amount the payout's.
 *
 * Throws PAYOUT_E_INTERNAL when the batch names an attempt or payout missing from `rows`:
 * the caller must pass every row the batch was planned from.
 *
 * @example
 *   await writeLifecycleBatch(tx, batch);
 *   await bookLifecycleLedger(tx, lifecycleLedgerEvents(batch, locked.values(), now));
 */
export function lifecycleLedgerEvents(batch: BatchChanges, rows: Iterable<LedgerPayoutView>, at: Date): PayoutLedgerEvent[] {
  const payouts = new Map<string, LedgerPayoutView['payout']>();
  const attempts = new Map<string, AttemptRef>();
  const succeededOf = new Map<string, AttemptRef>();
  for (const r of rows) {
    payouts.set(r.payout.id, r.payout);
    for (const a of r.attempts) {
      const ref = { payoutId: r.payout.id, attemptNo: a.attemptNo, channelId: a.channelId, state: a.state };
      attempts.set(a.id, ref);
      if (a.state === 'succeeded') succeededOf.set(r.payout.id, ref);
    }
  }
  const event = (type: PayoutLedgerEventType, a: AttemptRef): PayoutLedgerEvent => {
    const p = payouts.get(a.payoutId);
    if (p === undefined) throw missing(`payout ${a.payoutId}`);
    return { type, payoutId: a.payoutId, attempt: a.attemptNo, fundingAccountId: fundingAccountOfChannel(a.channelId), amount: { amountMinor: p.amountMinor, currency: p.currency }, at };
  };

  const events: PayoutLedgerEvent[] = [];
  for (const i of batch.attemptInserts) {
    events.push(event('submitted', { payoutId: i.payoutId, attemptNo: i.attemptNo, channelId: i.channelId, state: 'sending' }));
  }
  for (const u of batch.attemptUpdates) {
    if (u.state === u.expectedState) continue;
    const a = attempts.get(u.attemptId);
    if (a === undefined) throw missing(`attempt ${u.attemptId}`);
    const type = ledgerEventTypeForAttemptState(u.state);
    if (type !== undefined) events.push(event(type, a));
    if (u.state === 'succeeded') succeededOf.set(a.payoutId, { ...a, state: 'succeeded' });
  }
  for (const p of batch.payoutUpdates) {
    if (p.status !== 'returned' || p.expectedStatus === 'returned') continue;
    const a = succeededOf.get(p.payoutId);
    if (a === undefined) throw missing(`the succeeded attempt of returned payout ${p.payoutId}`);
    events.push(event('returned', a));
  }
  return events;
}

function missing(what: string): PayoutError {
  return new PayoutError('PAYOUT_E_INTERNAL', `ledger booking: ${what} is not among the rows the batch was planned from`);
}
