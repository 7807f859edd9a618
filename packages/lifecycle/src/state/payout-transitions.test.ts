import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPayoutError } from '@payout/domain';
import { PAYOUT_STATUSES, isFinalPayoutStatus, isPayoutStatus, isWaitingPayoutStatus, type PayoutStatus } from '@payout/domain';
import { PAYOUT_TRANSITIONS, assertPayoutTransition, transitionPayout } from './payout-transitions.ts';

const FINAL: readonly PayoutStatus[] = ['succeeded', 'failed', 'returned', 'cancelled', 'rejected'];

function reachable(from: PayoutStatus): Set<PayoutStatus> {
  const seen = new Set<PayoutStatus>([from]);
  const queue = [from];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const next of PAYOUT_TRANSITIONS[s]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe('payout transition table', () => {
  it('covers every status with valid targets and no self-moves', () => {
    expect(Object.keys(PAYOUT_TRANSITIONS).sort()).toEqual([...PAYOUT_STATUSES].sort());
    for (const [from, targets] of Object.entries(PAYOUT_TRANSITIONS)) {
      for (const to of targets) {
        expect(isPayoutStatus(to)).toBe(true);
        expect(to).not.toBe(from);
      }
      expect(new Set(targets).size).toBe(targets.length);
    }
  });

  it('classifies final and waiting statuses', () => {
    expect(PAYOUT_STATUSES.filter(isFinalPayoutStatus)).toEqual(FINAL);
    expect(PAYOUT_STATUSES.filter(isWaitingPayoutStatus)).toEqual(['held', 'awaiting_verification', 'manual_review']);
  });

  it('lets nothing leave a final state except succeeded → returned', () => {
    expect(PAYOUT_TRANSITIONS.succeeded).toEqual(['returned']);
    for (const s of ['failed', 'returned', 'cancelled', 'rejected'] as const) expect(PAYOUT_TRANSITIONS[s]).toEqual([]);
  });

  it('reaches returned only through succeeded', () => {
    for (const s of PAYOUT_STATUSES) {
      if (s !== 'succeeded') expect(PAYOUT_TRANSITIONS[s]).not.toContain('returned');
    }
  });

  it('lets every non-final status reach a final one (nothing is stuck for ever)', () => {
    for (const s of PAYOUT_STATUSES) {
      if (isFinalPayoutStatus(s)) continue;
      const r = reachable(s);
      expect(
        FINAL.some((f) => r.has(f)),
        `${s} cannot reach a final status`,
      ).toBe(true);
      expect(r.has('manual_review') || s === 'manual_review', `${s} cannot escalate to a person`).toBe(true);
    }
    expect([...reachable('accepted')].sort()).toEqual([...PAYOUT_STATUSES].sort());
  });

  it.each([
    ['accepted', 'processing'],
    ['processing', 'accepted'],
    ['processing', 'held'],
    ['processing', 'awaiting_verification'],
    ['awaiting_verification', 'processing'],
    ['awaiting_verification', 'succeeded'],
    ['manual_review', 'succeeded'],
    ['manual_review', 'failed'],
    ['held', 'accepted'],
    ['succeeded', 'returned'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(transitionPayout(from, to)).toEqual({ ok: true, to });
  });

  it.each([
    ['processing', 'cancelled'],
    ['processing', 'rejected'],
    ['processing', 'returned'],
    ['failed', 'accepted'],
    ['returned', 'succeeded'],
    ['cancelled', 'accepted'],
    ['rejected', 'accepted'],
    ['succeeded', 'failed'],
    ['awaiting_verification', 'cancelled'],
    ['processing', 'processing'],
  ] as const)('refuses %s → %s', (from, to) => {
    const r = transitionPayout(from, to);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('PAYOUT_E_INVALID_TRANSITION');
      expect(r.message).toContain(`${from} → ${to}`);
    }
  });

  it('refuses unknown states from bad data without throwing', () => {
    expect(transitionPayout('paid' as PayoutStatus, 'succeeded').ok).toBe(false);
    expect(transitionPayout('accepted', 'paid' as PayoutStatus).ok).toBe(false);
    expect(transitionPayout('constructor' as PayoutStatus, 'succeeded').ok).toBe(false);
  });

  it('assertPayoutTransition throws PAYOUT_E_INVALID_TRANSITION', () => {
    expect(assertPayoutTransition('accepted', 'processing')).toBe('processing');
    try {
      assertPayoutTransition('failed', 'accepted');
      expect.unreachable();
    } catch (e) {
      expect(isPayoutError(e) && e.code).toBe('PAYOUT_E_INVALID_TRANSITION');
    }
  });
});

describe('payout transitions (property)', () => {
  it('no random sequence leaves a final state, except succeeded → returned', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PAYOUT_STATUSES),
        fc.array(fc.constantFrom(...PAYOUT_STATUSES), { maxLength: 60 }),
        (start, targets) => {
          let current = start;
          for (const to of targets) {
            const r = transitionPayout(current, to);
            if (isFinalPayoutStatus(current)) {
              const expected = current === 'succeeded' && to === 'returned';
              expect(r.ok, `${current} → ${to}`).toBe(expected);
            }
            if (r.ok) {
              expect(r.to).toBe(to);
              expect(PAYOUT_TRANSITIONS[current]).toContain(to);
              current = r.to;
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('agrees with the table for every pair of strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...PAYOUT_STATUSES), fc.string({ maxLength: 12 })),
        fc.oneof(fc.constantFrom(...PAYOUT_STATUSES), fc.string({ maxLength: 12 })),
        (from, to) => {
          const r = transitionPayout(from as PayoutStatus, to as PayoutStatus);
          const expected = isPayoutStatus(from) && isPayoutStatus(to) && PAYOUT_TRANSITIONS[from].includes(to);
          expect(r.ok).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
