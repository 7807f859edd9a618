import { randomUUID } from 'node:crypto';
import type { BankOperation } from '../profile/bank-profile.ts';
import type { BreakerChange, BreakerCoordinator } from './breaker-coordinator.port.ts';

/** What several in-memory coordinators share: stands in for Redis in unit tests. */
export interface InMemoryBreakerHub {
  readonly open: Map<string, { until: number; origin: string }>;
  readonly probes: Map<string, number>;
  readonly members: Set<(change: BreakerChange) => void>;
}

export function createInMemoryBreakerHub(): InMemoryBreakerHub {
  return { open: new Map(), probes: new Map(), members: new Set() };
}

/**
 * One "process" on a shared in-memory hub. With a fresh hub per coordinator it is a
 * single-process coordinator (the default when no Redis is wired).
 */
export function createInMemoryBreakerCoordinator(
  hub: InMemoryBreakerHub = createInMemoryBreakerHub(),
  now: () => number = () => Date.now(),
): BreakerCoordinator {
  const id = randomUUID();
  const listeners = new Set<(change: BreakerChange) => void>();
  const deliver = (change: BreakerChange): void => {
    if (change.origin === id) return;
    for (const l of listeners) l(change);
  };
  hub.members.add(deliver);
  const key = (bankId: string, op: BankOperation): string => `${bankId}:${op}`;
  const broadcast = (change: BreakerChange): void => {
    for (const m of hub.members) m(change);
  };
  return {
    id,
    publishOpen(bankId, operation, openMs) {
      hub.open.set(key(bankId, operation), { until: now() + openMs, origin: id });
      hub.probes.delete(key(bankId, operation));
      broadcast({ bankId, operation, state: 'open', origin: id });
      return Promise.resolve();
    },
    publishClosed(bankId, operation) {
      hub.open.delete(key(bankId, operation));
      hub.probes.delete(key(bankId, operation));
      broadcast({ bankId, operation, state: 'closed', origin: id });
      return Promise.resolve();
    },
    openElsewhereMs(bankId, operation) {
      const entry = hub.open.get(key(bankId, operation));
      if (entry === undefined || entry.origin === id) return Promise.resolve(0);
      return Promise.resolve(Math.max(0, entry.until - now()));
    },
    tryAcquireProbe(bankId, operation, ttlMs) {
      const k = key(bankId, operation);
      const held = hub.probes.get(k);
      if (held !== undefined && held > now()) return Promise.resolve(false);
      hub.probes.set(k, now() + ttlMs);
      return Promise.resolve(true);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      hub.members.delete(deliver);
      listeners.clear();
      return Promise.resolve();
    },
  };
}
