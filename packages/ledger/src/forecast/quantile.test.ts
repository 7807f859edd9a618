import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantile, parseQuantile, quantile } from './quantile.ts';

const ten = [10n, 20n, 30n, 40n, 50n, 60n, 70n, 80n, 90n, 100n];

describe('quantile', () => {
  it('nearest rank is the ⌈q·n⌉-th smallest', () => {
    expect(quantile(ten, 5_000, 'nearest_rank')).toEqual({ value: 50n, rank: 5, sampleSize: 10, capped: false });
    expect(quantile(ten, 9_500, 'nearest_rank')?.value).toBe(100n);
    expect(quantile(ten, 9_000, 'nearest_rank')?.value).toBe(90n);
    expect(quantile(ten, 1, 'nearest_rank')?.value).toBe(10n);
    expect(quantile([...ten].reverse(), 5_000, 'nearest_rank')?.value).toBe(50n);
  });

  it('predictive is the ⌈q·(n+1)⌉-th smallest, capped at the maximum', () => {
    expect(quantile(ten, 5_000)).toEqual({ value: 60n, rank: 6, sampleSize: 10, capped: false });
    expect(quantile(ten, 9_500)).toEqual({ value: 100n, rank: 10, sampleSize: 10, capped: true });
    const forty = Array.from({ length: 39 }, (_, i) => BigInt(i + 1));
    expect(quantile(forty, 9_500)).toEqual({ value: 38n, rank: 38, sampleSize: 39, capped: false });
    expect(quantile([], 9_500)).toBeUndefined();
  });

  it('is exact on huge values (no float anywhere)', () => {
    const big = [10n ** 30n + 1n, 10n ** 30n + 3n, 10n ** 30n + 2n];
    expect(quantile(big, 5_000, 'nearest_rank')?.value).toBe(10n ** 30n + 2n);
  });

  it('always returns a sample value, and rises with the level', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 25n }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (xs, a, b) => {
          for (const method of ['predictive', 'nearest_rank'] as const) {
            const lo = quantile(xs, Math.min(a, b), method)!;
            const hi = quantile(xs, Math.max(a, b), method)!;
            expect(xs).toContain(lo.value);
            expect(lo.value <= hi.value).toBe(true);
            // At least q of the sample is at or below the nearest-rank value.
            const atOrBelow = xs.filter((x) => x <= hi.value).length;
            if (method === 'nearest_rank') expect(atOrBelow * 10_000 >= Math.max(a, b) * xs.length).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('parses levels without floats', () => {
    expect(parseQuantile('0.95')).toBe(9_500);
    expect(parseQuantile('.9')).toBe(9_000);
    expect(parseQuantile('0.995')).toBe(9_950);
    expect(parseQuantile('95%')).toBe(9_500);
    expect(parseQuantile('p99.5')).toBe(9_950);
    expect(parseQuantile('1')).toBe(10_000);
    for (const bad of ['95', '1.5', 'abc', '0.', '-0.5', '0.00001', '']) expect(() => parseQuantile(bad)).toThrow(/quantile|basis points/);
    expect(formatQuantile(9_500)).toBe('p95');
    expect(formatQuantile(9_950)).toBe('p99.5');
  });
});
