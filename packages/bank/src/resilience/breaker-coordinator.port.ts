import type { BankOperation } from '../profile/bank-profile.ts';

export interface BreakerChange {
  readonly bankId: string;
  readonly operation: BankOperation;
  readonly state: 'open' | 'closed';
  /** The process (coordinator instance) that made the change. */
  readonly origin: string;
}

/**
 * Shares circuit-breaker state between processes: when one process opens a channel's
 * breaker, every other process stops calling that channel (within ~200 ms by polling, at
 * once by notification), and only one process at a time sends the half-open probe.
 *
 * @example
 *   const coordinator = await createRedisBreakerCoordinator({ redis, prefix: 'payout:' });
 *   const bank = createResilientBank(adapter, { coordinator, rateLimiter, logger, metrics });
 *   …
 *   await coordinator.close();
 */
export interface BreakerCoordinator {
  /** This instance's id; changes it published come back with `origin === id` and are ignored. */
  readonly id: string;
  /** This process opened the breaker; others should stay open for `openMs`. */
  publishOpen(bankId: string, operation: BankOperation, openMs: number): Promise<void>;
  /** This process's probe succeeded; others may close. */
  publishClosed(bankId: string, operation: BankOperation): Promise<void>;
  /** Ms the breaker stays open because ANOTHER process opened it; 0 when not. Never throws. */
  openElsewhereMs(bankId: string, operation: BankOperation): Promise<number>;
  /** Claim the single half-open probe across processes for `ttlMs`. */
  tryAcquireProbe(bankId: string, operation: BankOperation, ttlMs: number): Promise<boolean>;
  /** Listen for other processes' changes. Returns an unsubscribe function. */
  subscribe(listener: (change: BreakerChange) => void): () => void;
  close(): Promise<void>;
}
