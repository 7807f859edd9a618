import { describe, expect, it } from 'vitest';
import { createSimClock } from './sim-clock.ts';

describe('simulated clock', () => {
  it('runs `speed` times faster than real time and can be frozen, set and advanced — never back', () => {
    let real = 1_000;
    const clock = createSimClock(new Date('2026-01-05T00:00:00Z'), 60, () => real);
    real += 1_000;
    expect(clock.now().toISOString()).toBe('2026-01-05T00:01:00.000Z');
    clock.advance(3_600_000);
    expect(clock.now().toISOString()).toBe('2026-01-05T01:01:00.000Z');
    clock.setSpeed(0);
    real += 10_000;
    expect(clock.now().toISOString()).toBe('2026-01-05T01:01:00.000Z');
    clock.set(new Date('2026-01-06T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-01-06T00:00:00.000Z');
    expect(() => clock.set(new Date('2026-01-05T00:00:00Z'))).toThrow(/cannot go back/);
    expect(clock.realMsFor(1_000)).toBe(Number.POSITIVE_INFINITY);
    clock.setSpeed(10);
    expect(clock.realMsFor(1_000)).toBe(100);
  });
});
