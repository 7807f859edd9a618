import { money } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { recordFundingEvent, recordPayoutEvent } from '../lifecycle/record-event.ts';
import { openingBalancePosting } from '../lifecycle/statement.postings.ts';
import { InMemoryLedgerStore } from '../ports/in-memory-ledger-store.ts';
import { computePositions, type Position } from '../positions/position.ts';
import { resolveFundingAccount } from './funding-account.config.ts';
import { nextFundingOpportunity } from './funding-window.ts';
import { decideLiquidity, type GateCandidate } from './liquidity-gate.ts';

const A = 'cn-hvps';
const account = resolveFundingAccount({ id: A, currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury' });
// 17:00 CST on the day before National Day: today's funding deadline has passed.
const now = new Date('2026-09-30T09:00:00Z');
const expectedFundingAt = (): Date => nextFundingOpportunity(account, now);

function candidates(n: number, amount = 10_000n): GateCandidate[] {
  // Deliberately shuffled: the gate must order them itself (oldest first).
  return Array.from({ length: n }, (_, i) => ({
    payoutId: `p${String(i).padStart(3, '0')}`,
    fundingAccountId: A,
    amount: money(amount, 'CNY'),
    acceptedAt: new Date(Date.UTC(2026, 8, 30, 1, 0, i)).toISOString(),
  })).sort((a, b) => (a.payoutId.endsWith('7') ? -1 : b.payoutId.endsWith('7') ? 1 : 0));
}

async function positions(store: InMemoryLedgerStore): Promise<Position[]> {
  return computePositions(await store.postingsForAccount(A, 'CNY'));
}

describe('decideLiquidity', () => {
  it('covers 100 of 150 equal payouts, holds 50 (never fails them) with the reason and the expected funding time, and releases them once funding is seen on a statement', async () => {
    const store = new InMemoryLedgerStore();
    await store.append([
      openingBalancePosting({
        fundingAccountId: A,
        currency: 'CNY',
        statementId: 'S0929',
        balanceMinor: 1_000_000n,
        bookingDate: '2026-09-29',
        at: now,
      })!,
    ]);
    const batch = candidates(150);

    const first = decideLiquidity(await positions(store), batch, { expectedFundingAt });
    expect(first.covered).toHaveLength(100);
    expect(first.held).toHaveLength(50);
    expect(first.failed).toHaveLength(0);
    expect(first.covered).toEqual(Array.from({ length: 100 }, (_, i) => `p${String(i).padStart(3, '0')}`)); // oldest first
    const held = first.decisions.filter((d) => d.kind === 'hold');
    for (const [i, d] of held.entries()) {
      expect(d).toMatchObject({
        reason: 'insufficient_funds',
        expectedFundingAt: '2026-10-08T01:00:00.000Z',
        shortfallMinor: 10_000n * BigInt(i + 1),
      });
    }

    // The covered 100 are submitted: reserved in the ledger.
    for (const id of first.covered) {
      await recordPayoutEvent(store, {
        type: 'submitted',
        payoutId: id,
        attempt: 1,
        fundingAccountId: A,
        amount: money(10_000n, 'CNY'),
        at: now,
      });
    }
    const heldBatch = batch.filter((c) => first.held.includes(c.payoutId));
    expect(decideLiquidity(await positions(store), heldBatch, { expectedFundingAt }).held).toHaveLength(50);

    // Treasury sends funding: in transit is not available yet.
    const funding = { transferId: 'T-1008', fundingAccountId: A, sourceAccountId: 'cn-treasury', amount: money(500_000n, 'CNY') };
    await recordFundingEvent(store, { ...funding, type: 'funding_sent', at: new Date('2026-10-08T01:05:00Z') });
    expect(decideLiquidity(await positions(store), heldBatch, { expectedFundingAt }).held).toHaveLength(50);

    // The credit appears on the next statement: the 50 are released.
    await recordFundingEvent(store, { ...funding, type: 'funding_seen', at: new Date('2026-10-08T02:00:00Z'), bookingDate: '2026-10-08' });
    const after = decideLiquidity(await positions(store), heldBatch, { expectedFundingAt });
    expect(after.covered).toHaveLength(50);
    expect(after.held).toHaveLength(0);
  });

  it('fails for lack of funds only when configured', () => {
    const pos = computePositions([
      openingBalancePosting({
        fundingAccountId: A,
        currency: 'CNY',
        statementId: 'S',
        balanceMinor: 5n,
        bookingDate: '2026-09-29',
        at: now,
      })!,
    ]);
    const r = decideLiquidity(pos, candidates(2), { onShortfall: 'fail' });
    expect(r.failed).toHaveLength(2);
    expect(r.decisions[0]).toMatchObject({ kind: 'fail', reason: 'insufficient_funds', expectedFundingAt: undefined });
  });

  it('strict order keeps a large payout from being starved by smaller ones; first fit lets them pass', () => {
    const pos = computePositions([
      openingBalancePosting({
        fundingAccountId: A,
        currency: 'CNY',
        statementId: 'S',
        balanceMinor: 1_000n,
        bookingDate: '2026-09-29',
        at: now,
      })!,
    ]);
    const batch: GateCandidate[] = [
      { payoutId: 'big', fundingAccountId: A, amount: money(5_000n, 'CNY'), acceptedAt: '2026-09-30T01:00:00.000Z' },
      { payoutId: 'small', fundingAccountId: A, amount: money(100n, 'CNY'), acceptedAt: '2026-09-30T01:00:01.000Z' },
    ];
    const strict = decideLiquidity(pos, batch);
    expect(strict.held).toEqual(['big', 'small']);
    expect(strict.decisions[1]).toMatchObject({ reason: 'behind_uncovered_payout', shortfallMinor: 4_100n });
    const fit = decideLiquidity(pos, batch, { policy: 'first_fit' });
    expect(fit.covered).toEqual(['small']);
    expect(fit.held).toEqual(['big']);
  });

  it('keeps accounts and currencies apart, and an unknown account has nothing available', () => {
    const pos = computePositions([
      openingBalancePosting({
        fundingAccountId: A,
        currency: 'CNY',
        statementId: 'S',
        balanceMinor: 1_000n,
        bookingDate: '2026-09-29',
        at: now,
      })!,
    ]);
    const r = decideLiquidity(pos, [
      { payoutId: 'usd', fundingAccountId: A, amount: money(10n, 'USD'), acceptedAt: '2026-09-30T01:00:00.000Z' },
      { payoutId: 'other', fundingAccountId: 'elsewhere', amount: money(10n, 'CNY'), acceptedAt: '2026-09-30T01:00:00.000Z' },
      { payoutId: 'cny', fundingAccountId: A, amount: money(1_000n, 'CNY'), acceptedAt: '2026-09-30T01:00:00.000Z' },
    ]);
    expect(r.covered).toEqual(['cny']);
    expect(r.held).toEqual(['other', 'usd']);
    expect(() => decideLiquidity(pos, [...candidates(1), ...candidates(1)])).toThrow(/twice/);
  });
});
