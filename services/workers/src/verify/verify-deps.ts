import type { BankAdapter, BankProfile } from '@payout/bank';
import type { Db } from '@payout/db';
import type { BankAccountRef } from '@payout/domain';
import type { Clock } from '../clock/clock.port.ts';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import type { VerifyMetrics } from './verify-metrics.port.ts';

/** One bank channel as verification sees it: when its statements come, how to fetch them, our account there. */
export interface VerifyChannel {
  readonly bankId: string;
  readonly profile: BankProfile;
  /** Normally the channel's resilient bank (timeout, breaker, shared rate limit). */
  readonly bank: Pick<BankAdapter, 'fetchStatement' | 'query'>;
  /** Our funding account at this bank: the account its statements are for. */
  readonly account: BankAccountRef;
}

export interface VerifySettings {
  /** Payouts claimed per channel and pass. */
  readonly batchSize: number;
  /** Clock ms a claim holds a payout before another worker may take it. */
  readonly leaseMs: number;
  /** Fallback matching window after the send date, in days. */
  readonly windowDays: number;
  /** Days of statements fetched back when none are held yet. */
  readonly lookbackDays: number;
  /** Days after sending beyond which waiting ends and a person decides. */
  readonly maxWaitDays: number;
  /** Clock ms before looking again when waiting for an answer rather than a statement. */
  readonly retryLaterMs: number;
  /** Tries per statement while the bank says "not yet available", and clock ms between them. */
  readonly fetchAttempts: number;
  readonly fetchRetryMs: number;
  /** Real ms the statement fetch and a status query may take. */
  readonly fetchTimeoutMs: number;
  readonly queryTimeoutMs: number;
  readonly queryConcurrency: number;
  readonly actor: string;
}

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = {
  batchSize: 1_000,
  leaseMs: 15 * 60_000,
  windowDays: 5,
  lookbackDays: 7,
  maxWaitDays: 7,
  retryLaterMs: 60 * 60_000,
  fetchAttempts: 5,
  fetchRetryMs: 10 * 60_000,
  fetchTimeoutMs: 60_000,
  queryTimeoutMs: 10_000,
  queryConcurrency: 4,
  actor: 'worker:verify',
};

/** What the verify role needs; the composition root builds it from the channel runtimes. */
export interface VerifyDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly channels: ReadonlyMap<string, VerifyChannel>;
  readonly logger: WorkerLogger;
  readonly metrics: VerifyMetrics;
  readonly settings: VerifySettings;
  /** Aborted on shutdown: waits end early, bank calls are abandoned. */
  readonly stopSignal?: AbortSignal | undefined;
}
