import { isPayoutError, money } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { InMemoryLedgerStore } from '../ports/in-memory-ledger-store.ts';
import { computePosition } from '../positions/position.ts';
import type { FundingLedgerEvent } from './payout-ledger-event.ts';
import { postingsForFundingEvent } from './funding.postings.ts';
import { recordFundingEvent } from './record-event.ts';

const at = new Date('2026-09-30T05:00:00Z');
const ev = (type: FundingLedgerEvent['type'], extra: Partial<FundingLedgerEvent> = {}): FundingLedgerEvent => ({
  type,
  transferId: 'T1',
  fundingAccountId: 'cn-main',
  sourceAccountId: 'cn-treasury',
  amount: money(5_000_000n, 'CNY'),
  at,
  bookingDate: '2026-09-30',
  ...extra,
});

describe('postingsForFundingEvent', () => {
  it('sent → in transit (not available) → seen on the statement → available', async () => {
    const store = new InMemoryLedgerStore();
    await recordFundingEvent(store, ev('funding_sent'));
    let pos = computePosition(await store.postingsForAccount('cn-main', 'CNY'), 'cn-main', 'CNY');
    expect([pos.confirmedMinor, pos.availableMinor, pos.fundingInTransitMinor]).toEqual([0n, 0n, 5_000_000n]);
    await recordFundingEvent(store, ev('funding_seen'));
    pos = computePosition(await store.postingsForAccount('cn-main', 'CNY'), 'cn-main', 'CNY');
    expect([pos.confirmedMinor, pos.availableMinor, pos.fundingInTransitMinor]).toEqual([5_000_000n, 5_000_000n, 0n]);
    const [sent] = await store.postingsForFundingTransfer('T1');
    expect(sent?.cause).toEqual({ kind: 'funding', transferId: 'T1', sourceAccountId: 'cn-treasury', step: 'sent' });
    expect((await recordFundingEvent(store, ev('funding_seen'))).kind).toBe('already_posted');
    expect((await recordFundingEvent(store, ev('funding_sent'))).kind).toBe('already_posted');
  });

  it('a credit seen without a recorded send still counts once seen', async () => {
    const store = new InMemoryLedgerStore();
    await recordFundingEvent(store, ev('funding_seen'));
    expect(computePosition(await store.postingsForAccount('cn-main', 'CNY'), 'cn-main', 'CNY').availableMinor).toBe(5_000_000n);
    expect((await recordFundingEvent(store, ev('funding_sent'))).kind).toBe('nothing_to_post');
  });

  it('cancels a transfer in transit, and refuses contradictions', async () => {
    const store = new InMemoryLedgerStore();
    expect((await recordFundingEvent(store, ev('funding_cancelled'))).kind).toBe('nothing_to_post');
    await recordFundingEvent(store, ev('funding_sent'));
    await recordFundingEvent(store, ev('funding_cancelled'));
    expect(computePosition(await store.postingsForAccount('cn-main', 'CNY'), 'cn-main', 'CNY').fundingInTransitMinor).toBe(0n);
    const history = await store.postingsForFundingTransfer('T1');
    const code = (e: FundingLedgerEvent): string | undefined => {
      try {
        postingsForFundingEvent(e, history);
        return undefined;
      } catch (err) {
        return isPayoutError(err) ? err.code : 'other';
      }
    };
    expect(code(ev('funding_seen'))).toBe('PAYOUT_E_INVALID_TRANSITION');
    expect(code(ev('funding_sent', { transferId: 'T2', amount: money(0n, 'CNY') }))).toBe('PAYOUT_E_INVALID_AMOUNT');
    expect(code(ev('funding_seen', { transferId: 'T3', bookingDate: undefined }))).toBe('PAYOUT_E_VALIDATION');
  });

  it('refuses a statement amount that differs from what was sent', async () => {
    const store = new InMemoryLedgerStore();
    await recordFundingEvent(store, ev('funding_sent'));
    await expect(recordFundingEvent(store, ev('funding_seen', { amount: money(4_999_999n, 'CNY') }))).rejects.toMatchObject({
      code: 'PAYOUT_E_VALIDATION',
    });
  });
});
