import { describe, expect, it } from 'vitest';
import { addDays, weekday } from '../date/local-date.ts';
import { getCalendar } from './calendar-registry.ts';
import { easterSunday } from './easter.ts';

const t2 = getCalendar('TARGET2');

describe('Easter', () => {
  it('matches published Easter Sundays', () => {
    const known: Record<number, string> = {
      2002: '2002-03-31',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2028: '2028-04-16',
      2030: '2030-04-21',
      2038: '2038-04-25',
    };
    for (const [year, date] of Object.entries(known)) expect(easterSunday(Number(year))).toBe(date);
  });
});

describe('TARGET2 calendar', () => {
  it('closes Good Friday 2026-04-03 and Easter Monday 2026-04-06, one run over the Easter weekend', () => {
    expect(t2.isBusinessDay('2026-04-03')).toBe(false);
    expect(t2.isBusinessDay('2026-04-06')).toBe(false);
    expect(t2.nonBusinessRunAfter('2026-04-02')).toEqual({
      start: '2026-04-03',
      end: '2026-04-06',
      days: ['2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06'],
      lastBusinessDayBefore: '2026-04-02',
      nextBusinessDay: '2026-04-07',
    });
  });

  it('closes exactly 1 Jan, Good Friday, Easter Monday, 1 May, 25 and 26 Dec among 2026 weekdays', () => {
    const closed: string[] = [];
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      if (weekday(d) !== 0 && weekday(d) !== 6 && !t2.isBusinessDay(d)) closed.push(d);
    }
    // 26 Dec 2026 is a Saturday: no substitute day in TARGET2.
    expect(closed).toEqual(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-12-25']);
    expect(t2.isBusinessDay('2026-12-28')).toBe(true);
    expect(t2.isBusinessDay('2026-12-31')).toBe(true);
  });

  it('covers 2002–2030 and fails closed outside', () => {
    expect(t2.coverage()).toEqual({ fromYear: 2002, toYear: 2030 });
    expect(() => t2.isBusinessDay('2031-01-01')).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA', message: expect.stringMatching(/TARGET2.*2031/) }),
    );
  });
});
