import { describe, expect, it } from 'vitest';
import type { AttemptUpdate, PayoutUpdate } from '@payout/db';
import { lifecycleLedgerEvents, type LedgerPayoutView } from './lifecycle-ledger-events.ts';

const at = new Date('2026-09-30T02:00:00Z');
const payout = (id: string, amountMinor: bigint, attempts: LedgerPayoutView['attempts'] = []): LedgerPayoutView => ({ payout: { id, amountMinor, currency: 'CNY' }, attempts });
const update = (attemptId: string, expectedState: AttemptUpdate['expectedState'], state: AttemptUpdate['state']): AttemptUpdate => ({ attemptId, expectedState, state, pollCountDelta: 0 });
const move = (payoutId: string, expectedStatus: PayoutUpdate['expectedStatus'], status: PayoutUpdate['status']): PayoutUpdate => ({
  payoutId,
  expectedStatus,
  expectedVersion: 1,
  status,
  statusReason: null,
  nextAction: null,
  nextActionAt: null,
  attemptCountDelta: 0,
  events: [],
});

describe('lifecycleLedgerEvents', () => {
  it('reserves each new attempt on its channel’s funding account, for the payout’s amount', () => {
    const events = lifecycleLedgerEvents(
      { attemptInserts: [{ id: 'a1', payoutId: 'p1', attemptNo: 2, channelId: 'cn-hvps', endToEndId: 'E1', sentAt: at }], attemptUpdates: [], payoutUpdates: [] },
      [payout('p1', 12_345n)],
      at,
    );
    expect(events).toEqual([{ type: 'submitted', payoutId: 'p1', attempt: 2, fundingAccountId: 'cn-hvps', amount: { amountMinor: 12_345n, currency: 'CNY' }, at }]);
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
        attemptUpdates: [update('a1', 'sending', 'unknown'), update('a2', 'unknown', 'failed'), update('a3', 'pending', 'succeeded'), update('a4', 'sending', 'accepted'), update('a5', 'sending', 'sending')],
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
      { attemptInserts: [], attemptUpdates: [update('a2', 'pending', 'succeeded')], payoutUpdates: [move('p1', 'processing', 'returned'), move('p2', 'succeeded', 'returned'), move('p2', 'returned', 'returned')] },
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
    expect(() => lifecycleLedgerEvents({ attemptInserts: [], attemptUpdates: [update('nope', 'sending', 'failed')], payoutUpdates: [] }, [], at)).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_INTERNAL' }),
    );
    expect(() =>
      lifecycleLedgerEvents({ attemptInserts: [{ id: 'a', payoutId: 'p', attemptNo: 1, channelId: 'x', endToEndId: 'E', sentAt: at }], attemptUpdates: [], payoutUpdates: [] }, [], at),
    ).toThrow(expect.objectContaining({ code: 'PAYOUT_E_INTERNAL' }));
    expect(() =>
      lifecycleLedgerEvents({ attemptInserts: [], attemptUpdates: [], payoutUpdates: [move('p', 'succeeded', 'returned')] }, [payout('p', 1n, [{ id: 'a', attemptNo: 1, channelId: 'x', state: 'failed' }])], at),
    ).toThrow(expect.objectContaining({ code: 'PAYOUT_E_INTERNAL' }));
  });
});
