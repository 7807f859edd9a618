/**
 * A small seeded PRNG (mulberry32) for synthetic data: the same seed gives the same history
 * on every machine. Integer output only; callers scale with integer arithmetic, so no float
 * ever reaches an amount.
 */
export interface Prng {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniform integer in [0, n) for 0 < n ≤ 2^32 (rejection sampling: no modulo bias). */
  nextInt(n: number): number;
}

export function makePrng(seed: number): Prng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    nextUint32,
    nextInt(n) {
      const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
  };
}
