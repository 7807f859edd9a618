import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateDecision, RateLimiter } from './rate-limiter.port.ts';

const NOW = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
`;

/**
 * Admission. KEYS[1] completed calls (score: completion time), KEYS[2] calls in flight
 * (score: lease expiry); ARGV limit, window ms, lease ms, member. Times are the Redis
 * server's clock (microseconds), one clock for every process.
 * Returns {1, 0} when admitted, {0, retryAfterMs} when not.
 */
const ACQUIRE_LUA = `${NOW}
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES')
for i = 1, #expired, 2 do
  redis.call('ZADD', KEYS[1], tonumber(expired[i + 1]), expired[i])
end
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) < limit then
  redis.call('ZADD', KEYS[2], now + lease, ARGV[4])
  local ttl = math.ceil(window + lease) + 1000
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  return {1, 0}
end
local wait = window
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #oldest > 0 then wait = tonumber(oldest[2]) + window - now end
if wait < 1 then wait = 1 end
return {0, math.ceil(wait)}
`;

/** Completion: move the member from in-flight to completed, stamped now. KEYS as above; ARGV[1] member. */
const RELEASE_LUA = `${NOW}
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
end
return 1
`;

interface WithRateLimitCommands {
  payoutRateAcquire(
    done: string,
    inFlight: string,
    limit: number,
    windowMs: number,
    leaseMs: number,
    member: string,
  ): Promise<[number, number]>;
  payoutRateRelease(done: string, inFlight: string, member: string): Promise<number>;
}

export interface RedisRateLimiterOptions {
  readonly redis: Redis;
  /** Key prefix, e.g. `payout:` in production, a random one per test. */
  readonly prefix: string;
}

/** The shared limiter every worker process uses (see RateLimiter for why it counts completions). */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { redis, prefix } = options;
  if (!('payoutRateAcquire' in redis)) {
    redis.defineCommand('payoutRateAcquire', { numberOfKeys: 2, lua: ACQUIRE_LUA });
    redis.defineCommand('payoutRateRelease', { numberOfKeys: 2, lua: RELEASE_LUA });
  }
  const cmd = redis as unknown as WithRateLimitCommands;
  const instance = randomUUID();
  let seq = 0;
  return {
    async tryAcquire(key: string, limit: number, windowMs: number, leaseMs: number): Promise<RateDecision> {
      seq += 1;
      const member = `${instance}:${seq}`;
      // One hash tag: both keys land on the same Redis Cluster slot.
      const done = `${prefix}ratelimit:{${key}}:done`;
      const inFlight = `${prefix}ratelimit:{${key}}:inflight`;
      const [ok, wait] = await cmd.payoutRateAcquire(done, inFlight, limit, windowMs, leaseMs, member);
      if (ok !== 1) return { allowed: false, retryAfterMs: Number(wait) };
      return {
        allowed: true,
        release: async () => {
          await cmd.payoutRateRelease(done, inFlight, member);
        },
      };
    },
  };
}
