import { describe, expect, it } from 'vitest';
import { DEFAULT_STUCK_THRESHOLDS, stuckCutoffs } from './stuck-thresholds.ts';
import { filterToJson } from './stuck-filter.ts';

describe('stuck thresholds', () => {
  const now = new Date('2026-03-02T10:00:00Z');

  it('a payout is stuck when it entered its state before now minus the state threshold', () => {
    const c = stuckCutoffs(now, DEFAULT_STUCK_THRESHOLDS);
    expect(c.processing.toISOString()).toBe('2026-03-02T09:30:00.000Z');
    expect(c.accepted.toISOString()).toBe('2026-03-02T09:45:00.000Z');
    expect(c.held.toISOString()).toBe('2026-03-02T06:00:00.000Z');
    expect(c.manual_review.toISOString()).toBe('2026-03-02T06:00:00.000Z');
    expect(c.awaiting_verification.toISOString()).toBe('2026-02-28T22:00:00.000Z');
  });

  it('an explicit minimum age replaces every threshold', () => {
    const c = stuckCutoffs(now, DEFAULT_STUCK_THRESHOLDS, 0);
    expect(new Set(Object.values(c).map((d) => d.getTime()))).toEqual(new Set([now.getTime()]));
  });

  it('a filter has one canonical JSON form (what a bulk preview stores), amounts as strings', () => {
    expect(
      filterToJson({ states: ['processing', 'held'], bankIds: ['b', 'a'], minAmountMinor: 9_007_199_254_740_993n, enteredAfter: now }),
    ).toEqual({
      states: ['held', 'processing'],
      bankIds: ['a', 'b'],
      minAmountMinor: '9007199254740993',
      enteredAfter: '2026-03-02T10:00:00.000Z',
    });
  });
});
