/** A granted slot. Call `release` when the call to the bank has finished (answer, error or abort). */
export interface RatePermit {
  release(): Promise<void>;
}

export type RateDecision = ({ readonly allowed: true } & RatePermit) | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * A limiter that bounds what the BANK sees: at most `limit` calls in any window of
 * `windowMs`, measured at the bank, however long each call spends in flight.
 *
 * A sliding log of admission times is not enough — a call admitted at t may reach the bank
 * at t + jitter, so two bursts a window apart can land inside one window at the bank. Here a
 * call occupies its slot from admission until `windowMs` after it COMPLETED (the bank saw it
 * somewhere between the two). For any window at the bank, take the last-admitted call in it:
 * every other call in the window was still in flight, or had completed less than `windowMs`
 * earlier, when it was admitted — so at most `limit` calls fit. Release only after an answer
 * (or a failure before sending): a request abandoned at a deadline may still be read by the
 * bank later, so its slot is left to expire with the lease. A slot whose holder died is
 * reclaimed the same way after `leaseMs`.
 *
 * @example
 *   const d = await limiter.tryAcquire('cn-icbc:query', 30, 1000, 6000);
 *   if (!d.allowed) return later(d.retryAfterMs);
 *   try { await callBank(); } finally { await d.release(); }
 */
export interface RateLimiter {
  tryAcquire(key: string, limit: number, windowMs: number, leaseMs: number): Promise<RateDecision>;
}
