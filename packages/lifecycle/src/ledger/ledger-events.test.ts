import { describe, expect, it } from 'vitest';
import type { AttemptState, PayoutStatus } from '@payout/domain';
import { attemptInsert, attemptUpdate, payoutUpdate, statusEvent } from '../records/build.ts';
import type { AttemptInsert, AttemptUpdate, PayoutUpdate } from '../records/lifecycle-records.ts';
import {
  attemptLedgerEvent,
  ledgerKindOfAttemptState,
  lifecycleLedgerEvents,
  statementLedgerEvent,
  type LedgerPayoutView,
} from './ledger-events.ts';

const at = new Date('2026-09-30T02:00:00Z');
const payout = (id: string, amountMinor: bigint, attempts: LedgerPayoutView['attempts'] = []): LedgerPayoutView => ({
  payout: { id, amountMinor, currency: 'CNY' },
  attempts,
});
const update = (attemptId: string, expectedState: AttemptState, state: AttemptState): AttemptUpdate =>
  attemptUpdate({ id: attemptId, state: expectedState }, { state, pollCountDelta: 0 });
const insert = (id: string, payoutId: string, attemptNo: number, channelId: string): AttemptInsert =>
  attemptInsert({ id, payoutId, attemptNo, channelId, endToEndId: 'E1', sentAt: at });
/** A payout update from `expectedStatus` to `status`, through succeeded when it ends returned. */
const move = (payoutId: string, expectedStatus: PayoutStatus, status: PayoutStatus): PayoutUpdate => {
  const events =
    expectedStatus === status
      ? []
      : status === 'returned' && expectedStatus !== 'succeeded'
        ? [statusEvent(expectedStatus, 'succeeded', {}), statusEvent('succeeded', 'returned', {})]
        : [statusEvent(expectedStatus, status, {})];
  return payoutUpdate({ id: payoutId, status: expectedStatus, version: 1 }, { status, reason: null, next: null, at: null, events });
};

describe('lifecycleLedgerEvents', () => {
  it('reserves each new attempt on its channel’s funding account, for the payout’s amount', () => {
    const events = lifecycleLedgerEvents(
      { attemptInserts: [insert('a1', 'p1', 2, 'cn-hvps')], attemptUpdates: [], payoutUpdates: [] },
      [payout('p1', 12_345n)],
      at,
    );
    expect(events).toEqual([
      { type: 'submitted', payoutId: 'p1', attempt: 2, fundingAccountId: 'cn-hvps', amount: { amountMinor: 12_345n, currency: 'CNY' }, at },
    ]);
  });

  it('maps state changes only: unknown, failed, succeeded move money; accepted, pending and re-sends do not', () => {
    const rows = [
      payout('p1', 100n, [{ id: 'a1', attemptNo: 1, channelId: 'x', state: 'sending' }]),
      payout('p2', 200n, [{ id: 'a2', attemptNo: 1, channelId: 'x', state: 'unknown' }]),
      payout('p3', 300n, [{ id: 'a3', attemptNo: 1, channelId: 'y', state: 'pending' }]),
      payout('p4', 400n, [{ id: 'a4', attemptNo: 1, channelId: 'y', state: 'sending' }]),
      payout('p5', 500n, [{ id: 'a5', attemptNo: 3, channelId: 'y', state: 'sending' }]),
    ];
    const events = lifecycleLedgerEvents(
      {
        attemptInserts: [],
        attemptUpdates: [
          update('a1', 'sending', 'unknown'),
          update('a2', 'unknown', 'failed'),
          update('a3', 'pending', 'succeeded'),
          update('a4', 'sending', 'accepted'),
          update('a5', 'sending', 'sending'),
        ],
        payoutUpdates: [],
      },
      rows,
      at,
    );
    expect(events.map((e) => [e.type, e.payoutId, e.attempt, e.fundingAccountId, e.amount.amountMinor])).toEqual([
      ['attempt_unknown', 'p1', 1, 'x', 100n],
      ['attempt_failed', 'p2', 1, 'x', 200n],
      ['attempt_succeeded', 'p3', 1, 'y', 300n],
    ]);
  });

  it('books a payout turning returned on its succeeded attempt, after the attempt’s own change', () => {
    const rows = [
      payout('p1', 100n, [
        { id: 'a1', attemptNo: 1, channelId: 'x', state: 'failed' },
        { id: 'a2', attemptNo: 2, channelId: 'y', state: 'pending' },
      ]),
      payout('p2', 200n, [{ id: 'b1', attemptNo: 1, channelId: 'x', state: 'succeeded' }]),
    ];
    const events = lifecycleLedgerEvents(
      {
        attemptInserts: [],
        attemptUpdates: [update('a2', 'pending', 'succeeded')],
        payoutUpdates: [move('p1', 'processing', 'returned'), move('p2', 'succeeded', 'returned'), move('p2', 'returned', 'returned')],
      },
      rows,
      at,
    );
    expect(events.map((e) => [e.type, e.payoutId, e.attempt, e.fundingAccountId])).toEqual([
      ['attempt_succeeded', 'p1', 2, 'y'],
      ['returned', 'p1', 2, 'y'],
      ['returned', 'p2', 1, 'x'],
    ]);
  });

  it('refuses a batch naming rows it was not given (PAYOUT_E_INTERNAL), rather than booking a guess', () => {
    expect(() =>
      lifecycleLedgerEvents({ attemptInserts: [], attemptUpdates: [update('nope', 'sending', 'failed')], payoutUpdates: [] }, [], at),
    ).toThrow(expect.objectContaining({ code: 'PAYOUT_E_INTERNAL' }));
    expect(() =>
      lifecycleLedgerEvents({ attemptInserts: [insert('a', 'p', 1, 'x')], attemptUpdates: [], payoutUpdates: [] }, [], at),
    ).toThrow(expect.objectContaining({ code: 'PAYOUT_E_INTERNAL' }));
    expect(() =>
      lifecycleLedgerEvents(
        { attemptInserts: [], attemptUpdates: [], payoutUpdates: [move('p', 'succeeded', 'returned')] },
        [payout('p', 1n, [{ id: 'a', attemptNo: 1, channelId: 'x', state: 'failed' }])],
        at,
      ),
    ).toThrow(expect.objectContaining({ code: 'PAYOUT_E_INTERNAL' }));
  });

  it('maps every attempt state to the money step it implies', () => {
    expect((['sending', 'accepted', 'pending', 'unknown', 'failed', 'succeeded'] as const).map(ledgerKindOfAttemptState)).toEqual([
      'submitted',
      undefined,
      undefined,
      'attempt_unknown',
      'attempt_failed',
      'attempt_succeeded',
    ]);
  });

  it('states what a statement line shows: a debit for the payout amount, a return for the line amount', () => {
    const f = { payout: { id: 'p1', amountMinor: 500n, currency: 'CNY' }, attempt: { attemptNo: 2, channelId: 'cn-a' } };
    expect(attemptLedgerEvent('attempt_failed', f, at)).toEqual({
      type: 'attempt_failed',
      payoutId: 'p1',
      attempt: 2,
      fundingAccountId: 'cn-a',
      amount: { amountMinor: 500n, currency: 'CNY' },
      at,
    });
    expect(statementLedgerEvent('debit_seen', f, { amountMinor: 500n, currency: 'CNY' }, '2026-09-29', at)).toEqual({
      ...attemptLedgerEvent('debit_seen', f, at),
      bookingDate: '2026-09-29',
    });
    expect(statementLedgerEvent('return_seen', f, { amountMinor: 450n, currency: 'CNY' }, '2026-09-30', at)).toEqual({
      ...attemptLedgerEvent('return_seen', f, at),
      returnedAmount: { amountMinor: 450n, currency: 'CNY' },
      bookingDate: '2026-09-30',
    });
  });
});
