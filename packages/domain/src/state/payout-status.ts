// The payout's status vocabulary. The transition table lives in @payout/lifecycle.

/**
 * Payout lifecycle.
 *  accepted               persisted, waiting to be routed/submitted (also: back here after a
 *                         definitively failed attempt when a new attempt is permitted)
 *  held                   waiting for liquidity (reason + expected funding time on the row)
 *  processing             an attempt is live at a bank (sending/accepted/pending/unknown)
 *  awaiting_verification  polling stopped; next-day statement check scheduled
 *  manual_review          a person must decide (reason attached)
 *  succeeded              final (only a return can follow)
 *  failed                 final: the bank did not execute and no new attempt will be made
 *  returned               final: succeeded, then the money came back (退票)
 *  cancelled              final: stopped on request while no attempt was live
 *  rejected               final: refused at intake/validation, never sent
 */
export const PAYOUT_STATUSES = [
  'accepted',
  'held',
  'processing',
  'awaiting_verification',
  'manual_review',
  'succeeded',
  'failed',
  'returned',
  'cancelled',
  'rejected',
] as const;

export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

const FINAL: ReadonlySet<string> = new Set<PayoutStatus>(['succeeded', 'failed', 'returned', 'cancelled', 'rejected']);
const WAITING: ReadonlySet<string> = new Set<PayoutStatus>(['held', 'awaiting_verification', 'manual_review']);

export function isPayoutStatus(s: unknown): s is PayoutStatus {
  return typeof s === 'string' && (PAYOUT_STATUSES as readonly string[]).includes(s);
}

/** succeeded, failed, returned, cancelled, rejected. (succeeded can still become returned.) */
export function isFinalPayoutStatus(s: PayoutStatus): boolean {
  return FINAL.has(s);
}

/** Explicit waiting states: each carries a reason and an owner on the row. */
export function isWaitingPayoutStatus(s: PayoutStatus): boolean {
  return WAITING.has(s);
}
