import { describe, expect, it } from 'vitest';
import { clockMsFor, fixedClock, realMsFor, scaledClock } from './clock.port.ts';

describe('clocks', () => {
  it('a scaled clock runs `speed` times faster and converts durations', () => {
    let real = 1_000;
    const c = scaledClock({ epoch: new Date('2026-11-20T08:00:00Z'), realStartMs: 1_000, speed: 60, realNow: () => real });
    real += 1_000;
    expect(c.now().toISOString()).toBe('2026-11-20T08:01:00.000Z');
    expect(realMsFor(c, 60_000)).toBe(1_000);
    expect(clockMsFor(c, 500)).toBe(30_000);
    expect(() => scaledClock({ epoch: new Date('2026-11-20T08:00:00Z'), realStartMs: 0, speed: 0 })).toThrow(RangeError);
  });

  it('a fixed clock moves only when told', () => {
    const c = fixedClock(new Date('2026-01-01T00:00:00Z'));
    c.advance(5_000);
    expect(c.now().toISOString()).toBe('2026-01-01T00:00:05.000Z');
  });
});
