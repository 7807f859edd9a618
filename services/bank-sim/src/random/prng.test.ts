import { describe, expect, it } from 'vitest';
import { between, hash32, mulberry32, pickFromList, pickWeighted, streamFor } from './prng.ts';

describe('deterministic randomness', () => {
  it('the same parts give the same stream; different parts different ones', () => {
    const a = streamFor('seed', 'bank', 'tx', 'E1', 0);
    const b = streamFor('seed', 'bank', 'tx', 'E1', 0);
    const c = streamFor('seed', 'bank', 'tx', 'E1', 1);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect([c(), c(), c()]).not.toEqual(xs);
    expect(hash32('a|b')).not.toBe(hash32('ab|'));
  });

  it('draws uniform-looking floats in [0, 1)', () => {
    const r = mulberry32(42);
    const xs = Array.from({ length: 10_000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });

  it('picks by weight, never a zero-weight key', () => {
    const r = mulberry32(7);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[pickWeighted<'a' | 'b' | 'c'>({ a: 1, b: 3, c: 0 }, r(), 'a')] += 1;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
    expect(pickWeighted<'a' | 'b'>({ a: 0, b: 0 }, 0.5, 'b')).toBe('b');
    expect(
      pickFromList(
        [
          { code: 'X', weight: 0 },
          { code: 'Y', weight: 2 },
        ],
        0.99,
      )?.code,
    ).toBe('Y');
    expect(between(5, 5, 0.7)).toBe(5);
    expect(between(1, 3, 0.999)).toBe(3);
  });
});
