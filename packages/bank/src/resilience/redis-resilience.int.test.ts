import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realNowMs, useRedis, waitFor } from '@payout/test-harness/vitest';
import type { BreakerChange } from './breaker-coordinator.port.ts';
import { createRedisBreakerCoordinator } from './redis-breaker-coordinator.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';

describe('Redis-backed rate limiter and breaker coordinator', () => {
  const redis = useRedis();
  let a: Redis;
  let b: Redis;
  beforeAll(() => {
    a = new Redis(redis.url);
    b = new Redis(redis.url);
  });
  afterAll(async () => {
    await Promise.all([a.quit(), b.quit()]);
  });

  it('holds a slot from admission until a window after completion, across connections', async () => {
    const prefix = redis.prefix();
    const la = createRedisRateLimiter({ redis: a, prefix });
    const lb = createRedisRateLimiter({ redis: b, prefix });
    const first = await la.tryAcquire('bank:query', 2, 300, 5_000);
    const second = await lb.tryAcquire('bank:query', 2, 300, 5_000);
    expect(first.allowed && second.allowed).toBe(true);
    const third = await la.tryAcquire('bank:query', 2, 300, 5_000);
    expect(third).toMatchObject({ allowed: false });
    if (third.allowed) return;
    expect(third.retryAfterMs).toBe(300); // both still in flight: a full window at least
    if (first.allowed) await first.release();
    const fourth = await lb.tryAcquire('bank:query', 2, 300, 5_000);
    expect(fourth.allowed).toBe(false); // completed, but less than a window ago
    await waitFor(async () => (await lb.tryAcquire('bank:query', 2, 300, 5_000)).allowed, { timeoutMs: 2_000 });
    // Another key, another prefix: independent.
    expect((await la.tryAcquire('bank:submit', 1, 300, 5_000)).allowed).toBe(true);
    expect((await createRedisRateLimiter({ redis: a, prefix: redis.prefix() }).tryAcquire('bank:query', 1, 300, 5_000)).allowed).toBe(true);
  });

  it('reclaims the slot of a holder that never released it after the lease', async () => {
    const limiter = createRedisRateLimiter({ redis: a, prefix: redis.prefix() });
    expect((await limiter.tryAcquire('k', 1, 100, 200)).allowed).toBe(true);
    expect((await limiter.tryAcquire('k', 1, 100, 200)).allowed).toBe(false);
    await waitFor(async () => (await limiter.tryAcquire('k', 1, 100, 200)).allowed, {
      timeoutMs: 2_000,
      message: 'lease expiry frees the slot',
    });
  });

  it('concurrent acquirers on many connections never exceed the limit in flight-plus-window', async () => {
    const prefix = redis.prefix();
    const conns = Array.from({ length: 4 }, () => new Redis(redis.url));
    try {
      const limiters = conns.map((r) => createRedisRateLimiter({ redis: r, prefix }));
      const spans: { start: number; end: number }[] = [];
      const deadline = realNowMs() + 1_500;
      await Promise.all(
        limiters.map(async (l) => {
          while (realNowMs() < deadline) {
            const d = await l.tryAcquire('hot', 10, 200, 5_000);
            if (!d.allowed) {
              await new Promise((r) => setTimeout(r, Math.min(d.retryAfterMs, 20)));
              continue;
            }
            const start = realNowMs();
            await new Promise((r) => setTimeout(r, 5 + Math.random() * 30)); // the "bank call"
            const end = realNowMs();
            await d.release();
            spans.push({ start, end });
          }
        }),
      );
      // Any instant t: calls in flight at t plus calls completed in (t - window, t] ≤ limit.
      // Checked at every admission (the only moments the count can grow). 5 ms slack for
      // local vs Redis clock reads.
      for (const s of spans) {
        const busy = spans.filter((o) => o !== s && o.start <= s.start && o.end + 200 - 5 > s.start).length;
        expect(busy + 1).toBeLessThanOrEqual(10);
      }
      expect(spans.length).toBeGreaterThan(20);
    } finally {
      await Promise.all(conns.map((c) => c.quit()));
    }
  });

  it('shares breaker openings between coordinators, ignores its own, and hands the probe to one', async () => {
    const prefix = redis.prefix();
    const ca = await createRedisBreakerCoordinator({ redis: a, prefix });
    const cb = await createRedisBreakerCoordinator({ redis: b, prefix });
    const other = await createRedisBreakerCoordinator({ redis: b, prefix: redis.prefix() });
    try {
      const seen: BreakerChange[] = [];
      cb.subscribe((c) => seen.push(c));
      await ca.publishOpen('bank', 'submit', 2_000);
      await waitFor(() => seen.length === 1, { timeoutMs: 1_000, message: 'notification arrives' });
      expect(seen[0]).toMatchObject({ bankId: 'bank', operation: 'submit', state: 'open', origin: ca.id });
      expect(await cb.openElsewhereMs('bank', 'submit')).toBeGreaterThan(1_500);
      expect(await ca.openElsewhereMs('bank', 'submit')).toBe(0); // its own opening
      expect(await cb.openElsewhereMs('bank', 'query')).toBe(0); // operations are independent
      expect(await other.openElsewhereMs('bank', 'submit')).toBe(0); // prefixes isolate
      const claims = await Promise.all([ca.tryAcquireProbe('bank', 'submit', 1_000), cb.tryAcquireProbe('bank', 'submit', 1_000)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      await ca.publishClosed('bank', 'submit');
      await waitFor(() => seen.length === 2, { timeoutMs: 1_000 });
      expect(await cb.openElsewhereMs('bank', 'submit')).toBe(0);
      expect(await cb.tryAcquireProbe('bank', 'submit', 1_000)).toBe(true); // closing released the probe
    } finally {
      await Promise.all([ca.close(), cb.close(), other.close()]);
    }
  });

  it('lets an opening expire in Redis even if nobody closes it (a crashed process cannot block a channel)', async () => {
    const prefix = redis.prefix();
    const ca = await createRedisBreakerCoordinator({ redis: a, prefix });
    const cb = await createRedisBreakerCoordinator({ redis: b, prefix, maxStalenessMs: 0 });
    try {
      await ca.publishOpen('bank', 'query', 300);
      await ca.close(); // "crash"
      expect(await cb.openElsewhereMs('bank', 'query')).toBeGreaterThan(0);
      await waitFor(async () => (await cb.openElsewhereMs('bank', 'query')) === 0, { timeoutMs: 2_000 });
    } finally {
      await cb.close();
    }
  });
});
