import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { BANK_OPERATIONS, type BankOperation } from '../profile/bank-profile.ts';
import { silentLogger, type BankLogger } from '../bank-logger.port.ts';
import type { BreakerChange, BreakerCoordinator } from './breaker-coordinator.port.ts';

export interface RedisBreakerCoordinatorOptions {
  /** A connection for commands; a duplicate is made for the subscription. */
  readonly redis: Redis;
  /** Key and channel prefix, e.g. `payout:`; tests use a random one. */
  readonly prefix: string;
  /** How stale a polled answer may be (default 200 ms); notifications update it at once. */
  readonly maxStalenessMs?: number;
  /** Redis calls on the hot path give up after this long (default 500 ms). */
  readonly commandTimeoutMs?: number;
  readonly logger?: BankLogger;
}

/**
 * Breaker state in Redis. Opening writes `{prefix}breaker:{bank}:{op}` (value: origin id,
 * PX = how long it stays open) and publishes on `{prefix}breaker-events`; closing deletes
 * the key and publishes. Other processes apply notifications at once and, as a fallback,
 * poll the key (PTTL, so no clocks are compared) at most every `maxStalenessMs`. Expiry in
 * Redis ends the open period, so a crashed process cannot leave a channel blocked.
 */
export async function createRedisBreakerCoordinator(options: RedisBreakerCoordinatorOptions): Promise<BreakerCoordinator> {
  const { redis, prefix } = options;
  const staleness = options.maxStalenessMs ?? 200;
  const commandTimeoutMs = options.commandTimeoutMs ?? 500;
  const logger = options.logger ?? silentLogger;
  const id = randomUUID();
  const channel = `${prefix}breaker-events`;
  const stateKey = (bankId: string, op: BankOperation): string => `${prefix}breaker:${bankId}:${op}`;
  const probeKey = (bankId: string, op: BankOperation): string => `${prefix}breaker-probe:${bankId}:${op}`;
  const cache = new Map<string, { fetchedAt: number; openUntil: number }>();
  const listeners = new Set<(change: BreakerChange) => void>();

  const sub = redis.duplicate();
  sub.on('error', (error: unknown) => logger.warn({ err: String(error) }, 'breaker subscription connection error'));
  sub.on('message', (ch: string, message: string) => {
    if (ch !== channel) return;
    const change = parseChange(message);
    if (change === undefined || change.origin === id) return;
    // A notification is fresher than any poll: seed the cache so the hot path sees it at once.
    cache.set(stateKey(change.bankId, change.operation), {
      fetchedAt: Date.now(),
      openUntil: change.state === 'open' ? Date.now() + change.openMs : 0,
    });
    for (const l of listeners) l({ bankId: change.bankId, operation: change.operation, state: change.state, origin: change.origin });
  });
  await sub.subscribe(channel);

  const withTimeout = <T>(p: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis call exceeded ${commandTimeoutMs} ms`)), commandTimeoutMs);
      p.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });

  return {
    id,
    async publishOpen(bankId, operation, openMs) {
      const ms = Math.max(1, Math.round(openMs));
      await withTimeout(
        redis
          .multi()
          .set(stateKey(bankId, operation), id, 'PX', ms)
          .del(probeKey(bankId, operation)) // a failed probe re-opens: the next half-open may probe again
          .publish(channel, JSON.stringify({ bankId, operation, state: 'open', origin: id, openMs: ms }))
          .exec(),
      );
    },
    async publishClosed(bankId, operation) {
      await withTimeout(
        redis
          .multi()
          .del(stateKey(bankId, operation), probeKey(bankId, operation))
          .publish(channel, JSON.stringify({ bankId, operation, state: 'closed', origin: id, openMs: 0 }))
          .exec(),
      );
    },
    async openElsewhereMs(bankId, operation) {
      const key = stateKey(bankId, operation);
      const now = Date.now();
      const cached = cache.get(key);
      if (cached !== undefined && now - cached.fetchedAt < staleness) return Math.max(0, cached.openUntil - now);
      try {
        const res = await withTimeout(redis.multi().get(key).pttl(key).exec());
        const origin = res?.[0]?.[1];
        const pttl = Number(res?.[1]?.[1] ?? -2);
        const openUntil = typeof origin === 'string' && origin !== id && pttl > 0 ? now + pttl : 0;
        cache.set(key, { fetchedAt: now, openUntil });
        return Math.max(0, openUntil - now);
      } catch (error) {
        // Unknown shared state: the local breaker still protects this process.
        logger.warn({ err: String(error), bankId, operation }, 'could not read shared breaker state');
        return 0;
      }
    },
    async tryAcquireProbe(bankId, operation, ttlMs) {
      try {
        const r = await withTimeout(redis.set(probeKey(bankId, operation), id, 'PX', Math.max(1, Math.round(ttlMs)), 'NX'));
        return r === 'OK';
      } catch (error) {
        logger.warn({ err: String(error), bankId, operation }, 'could not claim the half-open probe');
        return false;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      try {
        await sub.quit();
      } catch {
        sub.disconnect();
      }
    },
  };
}

function parseChange(message: string): (BreakerChange & { openMs: number }) | undefined {
  try {
    const m = JSON.parse(message) as Record<string, unknown>;
    const op = m['operation'];
    if (typeof m['bankId'] !== 'string' || typeof op !== 'string' || !(BANK_OPERATIONS as readonly string[]).includes(op)) return undefined;
    if (m['state'] !== 'open' && m['state'] !== 'closed') return undefined;
    if (typeof m['origin'] !== 'string') return undefined;
    return {
      bankId: m['bankId'],
      operation: op as BankOperation,
      state: m['state'],
      origin: m['origin'],
      openMs: typeof m['openMs'] === 'number' ? m['openMs'] : 0,
    };
  } catch {
    return undefined;
  }
}
