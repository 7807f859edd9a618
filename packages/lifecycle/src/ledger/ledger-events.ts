import { PayoutError, type AttemptState } from '@payout/domain';
import { fundingAccountOfChannel, type PayoutLedgerEvent, type PayoutLedgerEventType } from '@payout/ledger';
import type { LifecycleBatch } from '../records/lifecycle-records.ts';

/** An attempt as the caller read it (locked) before the batch. */
export interface LedgerAttemptView {
  readonly id: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly state: AttemptState;
}

/**
 * A payout with its attempts as the caller locked them. The db's `PayoutWithAttempts`
 * (submit, poll), `PayoutForVerification` (verify) and `OpsPayoutRecord` (ops) fit as they are.
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
 * The ledger posting kind an attempt's new state implies: a new attempt (`sending`) reserves
 * (`submitted`), unknown counts as spent, failed releases, succeeded settles. States that keep
 * the money where it is (accepted, pending) imply none.
 *
 * @example ledgerKindOfAttemptState('unknown') // 'attempt_unknown'
 */
export function ledgerKindOfAttemptState(state: AttemptState): PayoutLedgerEventType | undefined {
  switch (state) {
    case 'sending':
      return 'submitted';
    case 'unknown':
      return 'attempt_unknown';
    case 'failed':
      return 'attempt_failed';
    case 'succeeded':
      return 'attempt_succeeded';
    case 'accepted':
    case 'pending':
      return undefined;
  }
}

/** The money facts of one attempt of one payout: what every ledger event about it shares. */
export interface LedgerAttemptFacts {
  readonly payout: LedgerPayoutView['payout'];
  readonly attempt: { readonly attemptNo: number; readonly channelId: string };
}

/**
 * One ledger event about an attempt: on the funding account of the attempt's channel (the one
 * rule every writer uses), for the payout's amount.
 */
export function attemptLedgerEvent(type: PayoutLedgerEventType, f: LedgerAttemptFacts, at: Date): PayoutLedgerEvent {
  return {
    type,
    payoutId: f.payout.id,
    attempt: f.attempt.attemptNo,
    fundingAccountId: fundingAccountOfChannel(f.attempt.channelId),
    amount: { amountMinor: f.payout.amountMinor, currency: f.payout.currency },
    at,
  };
}

/** A statement line as the ledger needs it: when it was booked and, for a return, how much came back. */
export interface StatementLineFacts {
  readonly amountMinor: bigint;
  readonly currency: string;
}

/**
 * What a statement line shows about an attempt whose state is decided on other evidence:
 * `debit_seen` (the money left the confirmed balance) or `return_seen` (the returned credit;
 * its amount is the line's).
 *
 * @example statementLedgerEvent('debit_seen', { payout, attempt }, line, '2026-09-30', now)
 */
export function statementLedgerEvent(
  type: 'debit_seen' | 'return_seen',
  f: LedgerAttemptFacts,
  line: StatementLineFacts,
  bookingDate: string,
  at: Date,
): PayoutLedgerEvent {
  return {
    ...attemptLedgerEvent(type, f, at),
    ...(type === 'return_seen' ? { returnedAmount: { amountMinor: line.amountMinor, currency: line.currency } } : {}),
    bookingDate,
  };
}

/**
 * The ledger facts one lifecycle batch states, in the order they happen:
 *  - a new attempt → `submitted` (reserve);
 *  - an attempt whose state changes → the kind its new state implies (ledgerKindOfAttemptState);
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
    const payout = payouts.get(a.payoutId);
    if (payout === undefined) throw missing(`payout ${a.payoutId}`);
    return attemptLedgerEvent(type, { payout, attempt: a }, at);
  };

  const events: PayoutLedgerEvent[] = [];
  for (const i of batch.attemptInserts) {
    events.push(event('submitted', { payoutId: i.payoutId, attemptNo: i.attemptNo, channelId: i.channelId, state: 'sending' }));
  }
  for (const u of batch.attemptUpdates) {
    if (u.state === u.expectedState) continue;
    const a = attempts.get(u.attemptId);
    if (a === undefined) throw missing(`attempt ${u.attemptId}`);
    const type = ledgerKindOfAttemptState(u.state);
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
