import { isPayoutError, money } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { InMemoryLedgerStore } from '../ports/in-memory-ledger-store.ts';
import { computePosition, type Position } from '../positions/position.ts';
import { trialBalance } from '../positions/account-balances.ts';
import type { PayoutLedgerEvent, PayoutLedgerEventType } from './payout-ledger-event.ts';
import { postingsForPayoutEvent } from './payout.postings.ts';
import { recordPayoutEvent } from './record-event.ts';
import { openingBalancePosting } from './statement.postings.ts';

const ACCOUNT = 'cn-main';
const at = new Date('2026-09-30T03:00:00Z');

function ev(type: PayoutLedgerEventType, extra: Partial<PayoutLedgerEvent> = {}): PayoutLedgerEvent {
  const seen = type === 'debit_seen' || type === 'return_seen';
  return {
    type,
    payoutId: 'p1',
    attempt: 1,
    fundingAccountId: ACCOUNT,
    amount: money(30_000n, 'CNY'),
    at,
    ...(seen ? { bookingDate: '2026-09-30' } : {}),
    ...extra,
  };
}

async function ledgerWith(balance: bigint): Promise<InMemoryLedgerStore> {
  const store = new InMemoryLedgerStore();
  const opening = openingBalancePosting({
    fundingAccountId: ACCOUNT,
    currency: 'CNY',
    statementId: 'S0',
    balanceMinor: balance,
    bookingDate: '2026-09-29',
    at,
  });
  if (opening) await store.append([opening]);
  return store;
}

async function position(store: InMemoryLedgerStore): Promise<Position> {
  return computePosition(await store.postingsForAccount(ACCOUNT, 'CNY'), ACCOUNT, 'CNY');
}

const pick = (p: Position): Record<string, bigint> => ({
  confirmed: p.confirmedMinor,
  available: p.availableMinor,
  reserved: p.reservedMinor,
  unknown: p.unknownExposureMinor,
  settled: p.settledAwaitingStatementMinor,
  returns: p.returnsInTransitMinor,
});

describe('postingsForPayoutEvent — money through the buckets', () => {
  it('reserve at submit, settle on success, leave the confirmed balance when the statement shows the debit', async () => {
    const store = await ledgerWith(100_000n);
    await recordPayoutEvent(store, ev('submitted'));
    expect(pick(await position(store))).toEqual({
      confirmed: 100_000n,
      available: 70_000n,
      reserved: 30_000n,
      unknown: 0n,
      settled: 0n,
      returns: 0n,
    });
    await recordPayoutEvent(store, ev('attempt_succeeded'));
    expect(pick(await position(store))).toEqual({
      confirmed: 100_000n,
      available: 70_000n,
      reserved: 0n,
      unknown: 0n,
      settled: 30_000n,
      returns: 0n,
    });
    await recordPayoutEvent(store, ev('debit_seen'));
    expect(pick(await position(store))).toEqual({
      confirmed: 70_000n,
      available: 70_000n,
      reserved: 0n,
      unknown: 0n,
      settled: 0n,
      returns: 0n,
    });
  });

  it('releases the reservation on a definitive failure', async () => {
    const store = await ledgerWith(100_000n);
    await recordPayoutEvent(store, ev('submitted'));
    const d = await recordPayoutEvent(store, ev('attempt_failed'));
    expect(d.kind).toBe('post');
    expect(pick(await position(store))).toMatchObject({ confirmed: 100_000n, available: 100_000n, reserved: 0n });
  });

  it('moves an unknown attempt to unknown exposure, which stays spent until resolved', async () => {
    const store = await ledgerWith(100_000n);
    await recordPayoutEvent(store, ev('submitted'));
    await recordPayoutEvent(store, ev('attempt_unknown'));
    expect(pick(await position(store))).toMatchObject({ available: 70_000n, reserved: 0n, unknown: 30_000n });
    // Resolved as failed (e.g. statement complete, bank confirms not found): released from unknown exposure.
    await recordPayoutEvent(store, ev('attempt_failed'));
    expect(pick(await position(store))).toMatchObject({ available: 100_000n, unknown: 0n });
    // A second attempt reserves on its own.
    await recordPayoutEvent(store, ev('submitted', { attempt: 2 }));
    await recordPayoutEvent(store, ev('attempt_unknown', { attempt: 2 }));
    await recordPayoutEvent(store, ev('debit_seen', { attempt: 2 }));
    expect(pick(await position(store))).toMatchObject({ confirmed: 70_000n, available: 70_000n, unknown: 0n });
    // The debit was matched first; the later "succeeded" adds nothing.
    expect((await recordPayoutEvent(store, ev('attempt_succeeded', { attempt: 2 }))).kind).toBe('nothing_to_post');
  });

  it('counts a return only once the statement shows it', async () => {
    const store = await ledgerWith(100_000n);
    for (const t of ['submitted', 'attempt_succeeded', 'debit_seen'] as const) await recordPayoutEvent(store, ev(t));
    await recordPayoutEvent(store, ev('returned', { at: new Date('2026-10-09T02:00:00Z') }));
    expect(pick(await position(store))).toMatchObject({ confirmed: 70_000n, available: 70_000n, returns: 30_000n });
    await recordPayoutEvent(store, ev('return_seen', { bookingDate: '2026-10-09' }));
    expect(pick(await position(store))).toMatchObject({ confirmed: 100_000n, available: 100_000n, returns: 0n });
    const settledOutflow = (await store.postingsForPayout('p1'))
      .flatMap((p) => p.entries)
      .filter((e) => e.account.kind === 'payouts_settled');
    expect(settledOutflow.reduce((s, e) => s + e.amountMinor, 0n)).toBe(0n);
  });

  it('keeps a partial return: the difference stays as outflow', async () => {
    const store = await ledgerWith(100_000n);
    for (const t of ['submitted', 'attempt_succeeded', 'debit_seen'] as const) await recordPayoutEvent(store, ev(t));
    await recordPayoutEvent(store, ev('return_seen', { returnedAmount: money(29_500n, 'CNY') }));
    expect(pick(await position(store))).toMatchObject({ confirmed: 99_500n, available: 99_500n, returns: 0n });
  });

  it('posts implied steps when events arrive out of order (return seen for an attempt still unknown)', async () => {
    const store = await ledgerWith(100_000n);
    await recordPayoutEvent(store, ev('submitted'));
    await recordPayoutEvent(store, ev('attempt_unknown'));
    const d = await recordPayoutEvent(store, ev('return_seen'));
    expect(d.kind === 'post' && d.postings.map((p) => p.cause.kind === 'payout' && p.cause.step)).toEqual([
      'settle',
      'return',
      'return_seen',
    ]);
    expect(d.kind === 'post' && new Set(d.postings.map((p) => p.journalId)).size).toBe(1);
    // The debit line appears on the same statement.
    await recordPayoutEvent(store, ev('debit_seen'));
    expect(pick(await position(store))).toEqual({
      confirmed: 100_000n,
      available: 100_000n,
      reserved: 0n,
      unknown: 0n,
      settled: 0n,
      returns: 0n,
    });
    // And the bank's "succeeded" that finally arrives is already booked.
    expect((await recordPayoutEvent(store, ev('attempt_succeeded'))).kind).toBe('already_posted');
  });

  it('books a debit the statement shows even for an attempt released as failed (the statement is the truth)', async () => {
    const store = await ledgerWith(100_000n);
    await recordPayoutEvent(store, ev('submitted'));
    await recordPayoutEvent(store, ev('attempt_failed'));
    await recordPayoutEvent(store, ev('debit_seen'));
    expect(pick(await position(store))).toMatchObject({ confirmed: 70_000n, available: 70_000n });
  });

  it('counts an attempt the ledger never reserved as spent when it turns unknown or succeeds', async () => {
    const store = await ledgerWith(100_000n);
    await recordPayoutEvent(store, ev('attempt_unknown'));
    expect(pick(await position(store))).toMatchObject({ available: 70_000n, unknown: 30_000n });
    expect((await recordPayoutEvent(store, ev('attempt_failed', { payoutId: 'never-reserved' }))).kind).toBe('nothing_to_post');
  });

  it('is idempotent: replaying every event adds nothing', async () => {
    const store = await ledgerWith(100_000n);
    const events = (['submitted', 'attempt_unknown', 'attempt_succeeded', 'debit_seen', 'returned', 'return_seen'] as const).map((t) =>
      ev(t),
    );
    for (const e of events) expect((await recordPayoutEvent(store, e)).kind).toBe('post');
    const before = store.allPostings().length;
    for (const e of events) expect((await recordPayoutEvent(store, e)).kind).toMatch(/already_posted|nothing_to_post/);
    // Even a replay of the exact postings through the store is a duplicate, not a second copy.
    const again = await store.append(store.allPostings());
    expect(again.appended).toEqual([]);
    expect(store.allPostings().length).toBe(before);
    expect([...trialBalance(store.allPostings()).values()]).toEqual([0n]);
  });

  it('derives the same posting ids from (payout, attempt, step)', () => {
    const d = postingsForPayoutEvent(ev('submitted', { payoutId: 'p-42', attempt: 3 }), []);
    expect(d.kind === 'post' && d.postings[0]?.id).toBe('payout|p-42|3|reserve');
  });

  it('refuses impossible facts with a stable code', () => {
    const settled = postingsForPayoutEvent(ev('attempt_succeeded'), []);
    const history = settled.kind === 'post' ? settled.postings : [];
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
        return undefined;
      } catch (e) {
        return isPayoutError(e) ? e.code : 'other';
      }
    };
    expect(code(() => postingsForPayoutEvent(ev('attempt_failed'), history))).toBe('PAYOUT_E_INVALID_TRANSITION');
    expect(code(() => postingsForPayoutEvent(ev('attempt_succeeded', { amount: money(1n, 'CNY'), attempt: 1 }), history))).toBe(
      'PAYOUT_E_VALIDATION',
    );
    expect(code(() => postingsForPayoutEvent(ev('submitted', { amount: money(30_000n, 'USD') }), history))).toBe(
      'PAYOUT_E_CURRENCY_MISMATCH',
    );
    expect(code(() => postingsForPayoutEvent(ev('debit_seen', { bookingDate: undefined }), []))).toBe('PAYOUT_E_VALIDATION');
    expect(code(() => postingsForPayoutEvent(ev('submitted', { amount: money(0n, 'CNY') }), []))).toBe('PAYOUT_E_INVALID_AMOUNT');
    expect(code(() => postingsForPayoutEvent(ev('submitted', { attempt: 0 }), []))).toBe('PAYOUT_E_VALIDATION');
    expect(code(() => postingsForPayoutEvent(ev('returned', { returnedAmount: money(30_001n, 'CNY') }), history))).toBe(
      'PAYOUT_E_INVALID_AMOUNT',
    );
  });
});
