import { PayoutError } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { askCalendar, calendarGapFields, calendarGapReason } from './calendar-gap.ts';
import { verificationDue } from './escalation-date.ts';

const CN_BANK = { calendar: 'CN', statementTime: '10:00' } as const;

describe('a calendar year without data is an answer, not an error', () => {
  it('askCalendar: the value, or the calendar and the year that are missing', () => {
    expect(askCalendar(() => verificationDue(CN_BANK, new Date('2026-11-20T09:10:00Z')))).toEqual({
      ok: true,
      value: new Date('2026-11-23T02:00:00Z'),
    });
    // Thu 2026-12-31 17:00 Shanghai: the next CN business day is in 2027.
    const gap = askCalendar(() => verificationDue(CN_BANK, new Date('2026-12-31T09:00:00Z')));
    expect(gap).toEqual({
      ok: false,
      gap: {
        code: 'PAYOUT_E_CALENDAR_NO_DATA',
        calendar: 'CN',
        year: 2027,
        fromYear: 2019,
        toYear: 2026,
        message: expect.stringContaining('calendar CN has no data for 2027'),
      },
    });
  });

  it('any other error is still thrown', () => {
    expect(() => askCalendar(() => verificationDue({ calendar: 'XX', statementTime: '10:00' }, new Date('2026-11-20T09:10:00Z')))).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_UNKNOWN_CALENDAR' }),
    );
    expect(() =>
      askCalendar(() => {
        throw new PayoutError('PAYOUT_E_INTERNAL', 'boom');
      }),
    ).toThrow('boom');
  });

  it('the reason head and log fields ops search by', () => {
    const gap = {
      code: 'PAYOUT_E_CALENDAR_NO_DATA' as const,
      calendar: 'CN',
      year: 2027,
      fromYear: 2019,
      toYear: 2026,
      message: 'whatever the calendar says',
    };
    expect(calendarGapReason(gap)).toBe('PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027');
    expect(calendarGapFields(gap)).toEqual({ code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027 });
  });
});
