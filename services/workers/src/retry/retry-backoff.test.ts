import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_BACKOFF, retryDelayMs } from './retry-backoff.ts';

const mid = (): number => 0.5;

describe('retryDelayMs', () => {
  it('doubles per failed attempt up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) =>
      retryDelayMs({ failedAttempts: n, reasonClass: 'retry_allowed', preferOtherChannel: false, random: mid }),
    );
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
  });

  it('pauses briefly when another channel will take it, long after insufficient funds', () => {
    expect(retryDelayMs({ failedAttempts: 1, reasonClass: 'retry_other_channel', preferOtherChannel: true, random: mid })).toBe(1_000);
    expect(retryDelayMs({ failedAttempts: 1, reasonClass: 'insufficient_funds', preferOtherChannel: false, random: mid })).toBe(900_000);
  });

  it('jitters within ±20 %', () => {
    const lo = retryDelayMs({ failedAttempts: 1, reasonClass: 'retry_allowed', preferOtherChannel: false, random: () => 0 });
    const hi = retryDelayMs({ failedAttempts: 1, reasonClass: 'retry_allowed', preferOtherChannel: false, random: () => 0.999_999 });
    expect(lo).toBe(DEFAULT_RETRY_BACKOFF.baseMs * 0.8);
    expect(hi).toBeLessThanOrEqual(DEFAULT_RETRY_BACKOFF.baseMs * 1.2);
    expect(hi).toBeGreaterThan(DEFAULT_RETRY_BACKOFF.baseMs * 1.19);
  });
});
