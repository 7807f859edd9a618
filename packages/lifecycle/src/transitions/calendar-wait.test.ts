import { describe, expect, it } from 'vitest';
import { heldForCalendar, unsentWaitsForCalendar, waitingReason } from './submit.ts';

const NOW = new Date('2026-12-31T10:00:00Z'); // 18:00 Shanghai, after the HVPS close; CN data ends 2026
const NEXT = new Date(NOW.getTime() + 5 * 60_000);
const gap = {
  code: 'PAYOUT_E_CALENDAR_NO_DATA' as const,
  calendar: 'CN',
  year: 2027,
  fromYear: 2019,
  toYear: 2026,
  message: 'calendar CN has no data for 2027 (covers 2019–2026); asked about 2027-01-01',
};
const route = { retryAt: NEXT, reason: 'no channel can take it without that calendar data (cn-hvps calendar_no_data)', gap };

describe('waiting for a calendar year at submit', () => {
  it('an accepted payout only HVPS can take is held with the code, the calendar and the year, and says payout.held once', () => {
    const u = heldForCalendar({ id: 'p1', status: 'accepted', version: 3 }, route).payout;
    expect(u).toEqual({
      payoutId: 'p1',
      expectedStatus: 'accepted',
      expectedVersion: 3,
      attemptCountDelta: 0,
      status: 'held',
      statusReason:
        'PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; held until the year is imported: no channel can take it without that calendar data (cn-hvps calendar_no_data); next look 2026-12-31T10:05:00.000Z',
      nextAction: 'submit',
      nextActionAt: NEXT,
      events: [
        {
          type: 'payout.held',
          fromStatus: 'accepted',
          toStatus: 'held',
          data: { reason: 'calendar_no_data', calendar: 'CN', year: 2027 },
          notify: true,
        },
      ],
    });
    // The next look that still finds no data refreshes the row, without a second event.
    const again = heldForCalendar({ id: 'p1', status: 'held', version: 4 }, route).payout;
    expect(again).toMatchObject({ status: 'held', expectedStatus: 'held', nextAction: 'submit', nextActionAt: NEXT, events: [] });
    expect(again.statusReason).toMatch(/^PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027/);
  });

  it('an unsent attempt whose bank hours are unknown waits as it is: processing, submit at the next look, never failed', () => {
    const u = unsentWaitsForCalendar(
      { id: 'p2', status: 'processing', version: 7 },
      { attemptNo: 1, channelId: 'cn-hvps' },
      gap,
      NEXT,
    ).payout;
    expect(u).toEqual({
      payoutId: 'p2',
      expectedStatus: 'processing',
      expectedVersion: 7,
      attemptCountDelta: 0,
      status: 'processing',
      statusReason:
        'PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; attempt #1 waits to be sent to cn-hvps, whose hours are unknown until the year is imported; next look 2026-12-31T10:05:00.000Z',
      nextAction: 'submit',
      nextActionAt: NEXT,
      events: [],
    });
  });

  it('a payout waiting for several channels leads with the code when one of them lacks calendar data', () => {
    expect(waitingReason('cn-hvps calendar_no_data; cn-ibps breaker_open', gap)).toBe(
      'PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; waiting for a channel: cn-hvps calendar_no_data; cn-ibps breaker_open',
    );
    expect(waitingReason('cn-ibps breaker_open', undefined)).toBe('waiting for a channel: cn-ibps breaker_open');
  });
});
