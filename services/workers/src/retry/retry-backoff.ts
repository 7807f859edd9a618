import type { ReasonClass } from '@payout/domain';

export interface RetryBackoffPolicy {
  /** First retry after a transient definitive failure (AB0x, TM01 …). */
  readonly baseMs: number;
  /** Doubling stops here. */
  readonly capMs: number;
  /** When another channel will take it (AM02 …): only a short pause. */
  readonly otherChannelMs: number;
  /** After insufficient funds (AM04): give funding time. */
  readonly fundingMs: number;
  /** ± fraction. */
  readonly jitter: number;
}

export const DEFAULT_RETRY_BACKOFF: RetryBackoffPolicy = {
  baseMs: 30_000,
  capMs: 600_000,
  otherChannelMs: 1_000,
  fundingMs: 900_000,
  jitter: 0.2,
};

/**
 * How long a payout waits before its next attempt, after `failedAttempts` definitive
 * failures whose reasons permit one. The COUNT of attempts is bounded by the domain's
 * `decideNewAttempt`; this only spaces them.
 *
 * @example retryDelayMs({ failedAttempts: 2, reasonClass: 'retry_allowed', preferOtherChannel: false, random: () => 0.5 }) // 60 000
 */
export function retryDelayMs(input: {
  readonly failedAttempts: number;
  readonly reasonClass: ReasonClass;
  readonly preferOtherChannel: boolean;
  readonly random: () => number;
  readonly policy?: RetryBackoffPolicy;
}): number {
  const p = input.policy ?? DEFAULT_RETRY_BACKOFF;
  const base =
    input.reasonClass === 'insufficient_funds'
      ? p.fundingMs
      : input.preferOtherChannel || input.reasonClass === 'retry_other_channel'
        ? p.otherChannelMs
        : Math.min(p.capMs, p.baseMs * 2 ** Math.max(0, input.failedAttempts - 1));
  return Math.max(1, Math.round(base * (1 + p.jitter * (2 * input.random() - 1))));
}
