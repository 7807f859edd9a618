import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInMemoryRateLimiter } from './in-memory-rate-limiter.ts';

describe('rate limiter semantics (in-memory; the Redis script implements the same rules)', () => {
  it('never lets more than `limit` calls reach the bank in any window, whatever the in-flight times', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 80 }),
            latency: fc.integer({ min: 0, max: 400 }),
            where: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { minLength: 1, maxLength: 120 },
        ),
        fc.integer({ min: 1, max: 6 }),
        async (calls, limit) => {
          let t = 0;
          const limiter = createInMemoryRateLimiter(() => t);
          const window = 1_000;
          const pending: { end: number; release: () => Promise<void> }[] = [];
          const arrivals: number[] = [];
          for (const c of calls) {
            t += c.gap;
            // Complete everything that has finished by now, in time order.
            pending.sort((a, b) => a.end - b.end);
            const saved = t;
            while (pending.length > 0 && (pending[0]?.end ?? Infinity) <= saved) {
              const p = pending.shift();
              if (p === undefined) break;
              t = p.end;
              await p.release();
            }
            t = saved;
            const d = await limiter.tryAcquire('k', limit, window, 10_000);
            if (d.allowed) {
              // The bank sees the call somewhere between admission and completion.
              arrivals.push(t + c.where * c.latency);
              pending.push({ end: t + c.latency, release: d.release });
            } else {
              expect(d.retryAfterMs).toBeGreaterThan(0);
            }
          }
          arrivals.sort((a, b) => a - b);
          for (let i = 0, lo = 0; i < arrivals.length; i++) {
            while ((arrivals[i] ?? 0) - (arrivals[lo] ?? 0) >= window) lo++;
            expect(i - lo + 1).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reclaims a slot whose holder never released it once its lease ran out', async () => {
    let t = 0;
    const limiter = createInMemoryRateLimiter(() => t);
    expect((await limiter.tryAcquire('k', 1, 1_000, 5_000)).allowed).toBe(true);
    t = 4_000;
    expect((await limiter.tryAcquire('k', 1, 1_000, 5_000)).allowed).toBe(false);
    t = 6_001; // lease ended at 5 000, counted as completed then; window over at 6 000
    expect((await limiter.tryAcquire('k', 1, 1_000, 5_000)).allowed).toBe(true);
  });
});
