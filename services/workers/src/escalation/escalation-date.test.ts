import { instantToZoned, zonedDateTimeToInstant } from '@payout/calendar';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock/clock.port.ts';
import { verificationDue } from './escalation-date.ts';

const CN_BANK = { calendar: 'CN', statementTime: '10:00' } as const;
const FED_BANK = { calendar: 'US-FED', statementTime: '10:00' } as const;

function local(at: Date, zone: string): string {
  const z = instantToZoned(at, zone);
  return `${z.date} ${z.time.slice(0, 5)}`;
}

describe('verificationDue (statement time 10:00 on the bank’s next business day)', () => {
  it.each([
    ['CN Friday evening → Monday', CN_BANK, 'Asia/Shanghai', '2026-11-20', '17:10', '2026-11-23 10:00'],
    ['CN before National Day → after it', CN_BANK, 'Asia/Shanghai', '2026-09-30', '17:30', '2026-10-08 10:00'],
    ['CN Friday → make-up Saturday', CN_BANK, 'Asia/Shanghai', '2026-02-13', '18:00', '2026-02-14 10:00'],
    ['Fed open on Friday 3 July (July 4 is a Saturday)', FED_BANK, 'America/New_York', '2026-07-02', '19:00', '2026-07-03 10:00'],
    ['Fed over Thanksgiving', FED_BANK, 'America/New_York', '2026-11-25', '19:00', '2026-11-27 10:00'],
  ] as const)('%s', (_name, bank, zone, date, time, expected) => {
    const clock = fixedClock(zonedDateTimeToInstant(date, time, zone));
    expect(local(verificationDue(bank, clock.now()), zone)).toBe(expected);
  });

  it('uses the bank’s zone, not UTC, to decide which day it is', () => {
    // 2026-11-20 17:10 Shanghai is still Friday 09:10 UTC; 2026-11-20 01:00 Shanghai is Thursday in UTC.
    const thursdayUtc = new Date('2026-11-19T17:00:00Z');
    expect(local(verificationDue(CN_BANK, thursdayUtc), 'Asia/Shanghai')).toBe('2026-11-23 10:00');
  });

  it('fails closed beyond the calendar’s data', () => {
    expect(() => verificationDue(CN_BANK, new Date('2026-12-31T09:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA' }),
    );
  });
});
