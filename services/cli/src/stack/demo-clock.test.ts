import { describe, expect, it } from 'vitest';
import { demoSimStart, shanghaiTime } from './demo-clock.ts';

describe('demoSimStart', () => {
  it('is the next CN business day at the time, never before the real clock', () => {
    // Wed 2026-11-25 17:00 UTC = Thu 01:00 Shanghai → Thu 16:40 Shanghai
    expect(shanghaiTime(demoSimStart('16:40', new Date('2026-11-25T17:00:00Z')).toISOString())).toBe('2026-11-26 16:40 Shanghai');
    // Fri 2026-11-27 09:00 UTC = 17:00 Shanghai, after 16:40 → Monday
    expect(shanghaiTime(demoSimStart('16:40', new Date('2026-11-27T09:00:00Z')).toISOString())).toBe('2026-11-30 16:40 Shanghai');
    // Before National Day: 2026-09-30 20:00 Shanghai → 2026-10-08
    expect(shanghaiTime(demoSimStart('16:40', new Date('2026-09-30T12:00:00Z')).toISOString())).toBe('2026-10-08 16:40 Shanghai');
  });
});
