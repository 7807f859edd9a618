import { describe, expect, it } from 'vitest';
import { DEFAULT_STUCK_THRESHOLDS } from '../policy/stuck-thresholds.ts';
import { effectiveMinAgeMs, stuckQueryOf } from './stuck.service.ts';

describe('stuckQueryOf', () => {
  const now = new Date('2026-03-02T10:00:00Z');

  it('uses the per-state thresholds by default', () => {
    const q = stuckQueryOf({ states: ['processing'] }, now, DEFAULT_STUCK_THRESHOLDS);
    expect(q.cutoffs).toEqual([{ status: 'processing', enteredBefore: new Date('2026-03-02T09:30:00Z') }]);
  });

  it('a time window ("pending at bank X since 09:00") selects everything in it', () => {
    const since = new Date('2026-03-02T09:00:00Z');
    expect(effectiveMinAgeMs({ enteredAfter: since })).toBe(0);
    const q = stuckQueryOf({ states: ['processing'], bankIds: ['x'], enteredAfter: since }, now, DEFAULT_STUCK_THRESHOLDS);
    expect(q).toMatchObject({ cutoffs: [{ status: 'processing', enteredBefore: now }], bankIds: ['x'], enteredAfter: since });
  });

  it('until narrows the cut-off; an explicit minimum age wins over the window default', () => {
    const until = new Date('2026-03-02T08:00:00Z');
    expect(stuckQueryOf({ states: ['held'], enteredBefore: until }, now, DEFAULT_STUCK_THRESHOLDS).cutoffs[0]?.enteredBefore).toEqual(
      until,
    );
    expect(effectiveMinAgeMs({ enteredAfter: until, minAgeMs: 60_000 })).toBe(60_000);
  });
});
