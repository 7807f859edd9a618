import type { PayoutUpdate } from '@payout/db';
import type { PayoutStatus } from '@payout/domain';
import { calendarGapReason, type CalendarGap } from '../escalation/calendar-gap.ts';

interface PayoutRef {
  readonly id: string;
  readonly status: PayoutStatus;
  readonly version: number;
}

const base = (p: PayoutRef) => ({ payoutId: p.id, expectedStatus: p.status, expectedVersion: p.version, attemptCountDelta: 0 });

/**
 * Every channel that could take the payout needs a calendar year without data: it waits as
 * `held` (PAYOUT_E_CALENDAR_NO_DATA, the calendar and the year in its reason) and the submit
 * step looks again at `retryAt` — and routes it as soon as the year has been imported.
 * `payout.held` is emitted once, when it becomes held; later looks only refresh the reason.
 *
 * @example
 *   heldForCalendar(payout, { retryAt, reason: 'no channel can take it … (cn-hvps calendar_no_data)', gap: { calendar: 'CN', year: 2027, message } })
 *   // status 'held', statusReason 'PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; held until the year is imported: …; next look …'
 */
export function heldForCalendar(payout: PayoutRef, route: { readonly retryAt: Date; readonly reason: string; readonly gap: CalendarGap }): PayoutUpdate {
  const events =
    payout.status === 'held'
      ? []
      : [{ type: 'payout.held', fromStatus: payout.status, toStatus: 'held' as const, data: { reason: 'calendar_no_data', calendar: route.gap.calendar, year: route.gap.year }, notify: true }];
  return {
    ...base(payout),
    status: 'held',
    statusReason: `${calendarGapReason(route.gap)}; held until the year is imported: ${route.reason}; next look ${route.retryAt.toISOString()}`,
    nextAction: 'submit',
    nextActionAt: route.retryAt,
    events,
  };
}

/**
 * A processing payout whose attempt was never sent (still `sending`) and whose channel's
 * hours are unknown for lack of calendar data: the SAME attempt waits to be sent, and is
 * looked at again at `at`. Unknown hours are not a closed bank, so the attempt is not failed
 * and the payout is not rerouted for it.
 */
export function unsentWaitsForCalendar(payout: PayoutRef, attempt: { readonly attemptNo: number; readonly channelId: string }, gap: CalendarGap, at: Date): PayoutUpdate {
  return {
    ...base(payout),
    status: payout.status,
    statusReason: `${calendarGapReason(gap)}; attempt #${attempt.attemptNo} waits to be sent to ${attempt.channelId}, whose hours are unknown until the year is imported; next look ${at.toISOString()}`,
    nextAction: 'submit',
    nextActionAt: at,
    events: [],
  };
}

/** The reason of a payout waiting for a channel, led by the code when a missing calendar year is among what it waits for. */
export function waitingReason(reason: string, gap: CalendarGap | undefined): string {
  return gap === undefined ? `waiting for a channel: ${reason}` : `${calendarGapReason(gap)}; waiting for a channel: ${reason}`;
}
