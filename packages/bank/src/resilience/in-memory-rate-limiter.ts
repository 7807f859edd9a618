import type { RateDecision, RateLimiter } from './rate-limiter.port.ts';

/** One process only (unit tests, single-process tools); same semantics as the Redis limiter. */
export function createInMemoryRateLimiter(now: () => number = () => performance.now()): RateLimiter {
  const done = new Map<string, number[]>(); // completion times
  const inFlight = new Map<string, Map<number, number>>(); // id → lease expiry
  let nextId = 0;
  return {
    tryAcquire(key: string, limit: number, windowMs: number, leaseMs: number): Promise<RateDecision> {
      const t = now();
      const flights = inFlight.get(key) ?? new Map<number, number>();
      inFlight.set(key, flights);
      const completed = done.get(key) ?? [];
      for (const [id, lease] of flights) {
        if (lease <= t) {
          flights.delete(id);
          completed.push(lease);
        }
      }
      const live = completed.filter((c) => c > t - windowMs).sort((a, b) => a - b);
      done.set(key, live);
      if (live.length + flights.size < limit) {
        const id = nextId++;
        flights.set(id, t + leaseMs);
        return Promise.resolve({
          allowed: true,
          release: () => {
            if (flights.delete(id)) done.get(key)?.push(now());
            return Promise.resolve();
          },
        });
      }
      const oldest = live[0];
      return Promise.resolve({
        allowed: false,
        retryAfterMs: oldest === undefined ? windowMs : Math.max(1, Math.ceil(oldest + windowMs - t)),
      });
    },
  };
}
