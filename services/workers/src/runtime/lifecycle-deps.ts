import type { Db } from '@payout/db';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import type { Clock } from '../clock/clock.port.ts';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import type { LifecycleMetrics } from '../metrics/lifecycle-metrics.port.ts';
import type { RetryBackoffPolicy } from '../retry/retry-backoff.ts';
import type { ChannelRouter } from '../routing/channel-router.ts';
import type { SuccessRateTracker } from '../routing/success-rate.ts';

export interface LifecycleSettings {
  readonly maxAttempts: number;
  readonly submitBatchSize: number;
  readonly pollBatchSize: number;
  /** Real ms; the resilience wrapper's deadlines. */
  readonly submitTimeoutMs: number;
  readonly queryTimeoutMs: number;
  readonly rateLimitWaitMs: number;
  /** Parallel single-instruction calls per channel. */
  readonly callConcurrency: number;
  /** Real ms after the submit deadline before the crash-recovery poll falls due. */
  readonly safetyMarginMs: number;
  /** Real ms after sending before a bank's final "not found" is believed (see PlanContext). */
  readonly notFoundSettleMs: number;
  readonly backoff?: RetryBackoffPolicy | undefined;
  /**
   * Clock ms between looks at a payout held for funds (default 5 minutes): a funding credit
   * booked from a statement releases it at the next look at the latest.
   */
  readonly heldRecheckMs?: number | undefined;
}

/** What the submit and poll batches work with. */
export interface LifecycleDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly channels: ReadonlyMap<string, ChannelRuntime>;
  readonly router: ChannelRouter;
  readonly rates: SuccessRateTracker;
  readonly logger: WorkerLogger;
  readonly metrics: LifecycleMetrics;
  readonly random: () => number;
  readonly settings: LifecycleSettings;
  /** Aborted when shutdown's grace runs out: calls still in flight end as unknown (and are polled). */
  readonly stopSignal: AbortSignal;
}
