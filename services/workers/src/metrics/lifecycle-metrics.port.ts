import type { PayoutStatus } from '@payout/domain';

/** What the lifecycle counts; bound to prom-client in production, no-ops in tests. */
export interface LifecycleMetrics {
  /** One instruction's submit answer (outcome kind). */
  submitted(channelId: string, outcome: string, n?: number): void;
  /** One status query's answer (outcome kind). */
  polled(channelId: string, outcome: string, n?: number): void;
  /** A payout moved to `to`. */
  transitioned(to: PayoutStatus, n?: number): void;
  /** A batch of `role` processed `size` payouts in `ms`. */
  batch(role: string, size: number, ms: number): void;
}

export const noopLifecycleMetrics: LifecycleMetrics = {
  submitted: () => undefined,
  polled: () => undefined,
  transitioned: () => undefined,
  batch: () => undefined,
};
