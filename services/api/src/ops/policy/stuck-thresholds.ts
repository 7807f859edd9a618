import type { PayoutStatus } from '@payout/domain';

/** The waiting states ops watches; `processing` is "pending at the bank". */
export const STUCK_STATES = [
  'accepted',
  'held',
  'processing',
  'awaiting_verification',
  'manual_review',
] as const satisfies readonly PayoutStatus[];
export type StuckState = (typeof STUCK_STATES)[number];

export type StuckThresholds = Readonly<Record<StuckState, number>>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * How long a payout may sit in a state before ops should look (ms since it entered the state).
 * Why these numbers: submit runs within seconds, so 15 min in accepted means a lost job or a
 * closed channel; an HVPS poll budget is ~15 min, so 30 min in processing means polling is
 * not converging; statement checks run the next business day (up to 4 days over a long
 * weekend, 8 over Golden Week), so 36 h flags only the overdue ones among those already past
 * `next_action_at`; a person should look at manual review within a working shift.
 */
export const DEFAULT_STUCK_THRESHOLDS: StuckThresholds = Object.freeze({
  accepted: 15 * MINUTE,
  held: 4 * HOUR,
  processing: 30 * MINUTE,
  awaiting_verification: 36 * HOUR,
  manual_review: 4 * HOUR,
});

export function isStuckState(s: unknown): s is StuckState {
  return typeof s === 'string' && (STUCK_STATES as readonly string[]).includes(s);
}

/**
 * The entry-time cut-off per state: a payout that entered `state` before the returned instant
 * is stuck. An explicit `minAgeMs` filter replaces the thresholds (e.g. "everything pending at
 * bank X since 09:00").
 */
export function stuckCutoffs(now: Date, thresholds: StuckThresholds, minAgeMs?: number): Readonly<Record<StuckState, Date>> {
  const out = {} as Record<StuckState, Date>;
  for (const s of STUCK_STATES) out[s] = new Date(now.getTime() - (minAgeMs ?? thresholds[s]));
  return out;
}
