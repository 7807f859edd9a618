/** Name of the capped exponential backoff our workers register (`settings.backoffStrategy`). */
export const CAPPED_BACKOFF = 'payout-capped';

/**
 * Exponential backoff from 500 ms, capped at 60 s, with ±20 % jitter: a job that fails because
 * Postgres is down keeps retrying at a bounded pace instead of exhausting its attempts in
 * minutes. `random` is injectable for tests.
 */
export function cappedBackoffDelay(attemptsMade: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 500 * 2 ** Math.max(0, Math.min(attemptsMade - 1, 20)));
  return Math.round(base * (0.8 + 0.4 * random()));
}
