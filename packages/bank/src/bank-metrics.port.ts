import type { UnavailableCause } from './bank-outcome.ts';
import type { BankOperation } from './profile/bank-profile.ts';

export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * What the channel layer counts. The workers bind these to prom-client counters and
 * histograms; tests bind them to arrays.
 *
 * @example
 *   const transitions = new Counter({ name: 'bank_breaker_transitions_total', labelNames: ['bank', 'operation', 'to', 'origin'] });
 *   const metrics: BankMetrics = {
 *     breakerTransition: (e) => transitions.inc({ bank: e.bankId, operation: e.operation, to: e.to, origin: e.origin }),
 *     callCompleted: (e) => calls.observe({ bank: e.bankId, operation: e.operation, outcome: e.outcome }, e.durationMs / 1000),
 *     callRefused: (e) => refused.inc({ bank: e.bankId, operation: e.operation, cause: e.cause }),
 *   };
 */
export interface BankMetrics {
  /** `origin: 'remote'` when another process's breaker made ours follow. */
  breakerTransition(e: {
    readonly bankId: string;
    readonly operation: BankOperation;
    readonly to: BreakerState;
    readonly origin: 'local' | 'remote';
  }): void;
  /** A call that reached the adapter; `outcome` is the outcome kind, `cause` its cause if any. */
  callCompleted(e: {
    readonly bankId: string;
    readonly operation: BankOperation;
    readonly outcome: string;
    readonly cause: string | undefined;
    readonly durationMs: number;
  }): void;
  /** A call we did not make (breaker open, rate limit, outside hours). */
  callRefused(e: { readonly bankId: string; readonly operation: BankOperation; readonly cause: UnavailableCause }): void;
}

export const noopMetrics: BankMetrics = {
  breakerTransition: () => undefined,
  callCompleted: () => undefined,
  callRefused: () => undefined,
};
