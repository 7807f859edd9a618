import { describe, expect, it } from 'vitest';
import { instantToZoned, zonedDateTimeToInstant } from '../zone/time-zone.ts';
import { getCalendar } from './calendar-registry.ts';
import { nextBusinessDayAt } from './next-business-day-at.ts';

const cn = getCalendar('CN');
const fed = getCalendar('US-FED');

function localNext(calId: 'CN' | 'US-FED', date: string, time: string): string {
  const cal = getCalendar(calId);
  const r = instantToZoned(nextBusinessDayAt(cal, zonedDateTimeToInstant(date, time, cal.timeZone), '10:00'), cal.timeZone);
  return `${r.date} ${r.time}`;
}

describe('nextBusinessDayAt (statement time on the next business day)', () => {
  it.each([
    ['CN', '2026-11-20', '17:10', '2026-11-23 10:00:00'], // Friday → Monday
    ['CN', '2026-09-30', '17:30', '2026-10-08 10:00:00'], // before National Day
    ['CN', '2026-02-13', '18:00', '2026-02-14 10:00:00'], // Friday → make-up Saturday
    ['US-FED', '2026-07-02', '19:00', '2026-07-03 10:00:00'], // Friday before a Saturday July 4 is open
    ['US-FED', '2026-11-25', '19:00', '2026-11-27 10:00:00'], // over Thanksgiving
  ] as const)('%s %s %s → %s', (id, date, time, expected) => {
    expect(localNext(id, date, time)).toBe(expected);
  });

  it('uses the local date in the calendar zone, not UTC', () => {
    // 2026-07-02 20:30 New York is already 07-03 in UTC; the next Fed business day after 07-02 is 07-03.
    const at = new Date('2026-07-03T00:30:00Z');
    expect(nextBusinessDayAt(fed, at, '10:00').toISOString()).toBe('2026-07-03T14:00:00.000Z');
    // 2026-09-30 17:30 Shanghai given as UTC.
    expect(nextBusinessDayAt(cn, new Date('2026-09-30T09:30:00Z'), '10:00').toISOString()).toBe('2026-10-08T02:00:00.000Z');
  });

  it('fails closed when the next business day would be in an uncovered year', () => {
    expect(() => nextBusinessDayAt(cn, new Date('2026-12-31T02:00:00Z'), '10:00')).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA', message: expect.stringContaining('2027') }),
    );
    expect(() => nextBusinessDayAt(cn, new Date('2026-09-30T09:30:00Z'), '10')).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }),
    );
  });
});
