import type { OperatingHoursGate } from '@payout/bank';
import type { ChannelLiveState } from './route-rules.ts';

/**
 * The hours part of a channel's live state at routing time: open now AND still open once
 * the call may have ended (`marginMs` ahead), so an instruction is never committed for a bank
 * that will have closed by the time it goes out. Hours that depend on a calendar year without
 * data are `noData`, to be asked again `recheckMs` later — never "closed": only a provably
 * closed bank may have an unsent instruction failed and rerouted.
 *
 * @example
 *   // HVPS at 2026-12-31 18:00 Shanghai (CN data ends 2026):
 *   hoursAtRouting(hvpsGate, now, 12_000, 300_000) // { open: false, reopensAt: now + 5 min, noData: { calendar: 'CN', year: 2027, … } }
 */
export function hoursAtRouting(
  hours: OperatingHoursGate,
  now: Date,
  marginMs: number,
  recheckMs: number,
): Pick<ChannelLiveState, 'open' | 'reopensAt' | 'noData'> {
  const nowHours = hours(now);
  const h = nowHours.open ? hours(new Date(now.getTime() + marginMs)) : nowHours;
  if (h.open) return { open: true };
  if ('noData' in h) return { open: false, reopensAt: new Date(now.getTime() + recheckMs), noData: h.noData };
  return { open: false, reopensAt: h.reopensAt };
}
