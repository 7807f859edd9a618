import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { addDays, weekday } from '../date/local-date.ts';
import { getCalendar } from './calendar-registry.ts';

const fed = getCalendar('US-FED');

describe('US-FED calendar', () => {
  it('closes on Juneteenth 2026 and keeps Friday 2026-07-03 open (July 4 is a Saturday)', () => {
    expect(fed.isBusinessDay('2026-06-19')).toBe(false);
    expect(weekday('2026-07-04')).toBe(6);
    expect(fed.isBusinessDay('2026-07-03')).toBe(true);
    expect(fed.isBusinessDay('2026-07-06')).toBe(true);
  });

  it('closes Thanksgiving 2026-11-26 and opens the day after', () => {
    expect(fed.isBusinessDay('2026-11-26')).toBe(false);
    expect(fed.isBusinessDay('2026-11-27')).toBe(true);
    expect(fed.nonBusinessRunAfter('2026-11-25')).toEqual({
      start: '2026-11-26',
      end: '2026-11-26',
      days: ['2026-11-26'],
      lastBusinessDayBefore: '2026-11-25',
      nextBusinessDay: '2026-11-27',
    });
  });

  it('lists exactly the 2026 Fed holidays on weekdays', () => {
    const closedWeekdays: string[] = [];
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      const wd = weekday(d);
      if (wd !== 0 && wd !== 6 && !fed.isBusinessDay(d)) closedWeekdays.push(d);
    }
    expect(closedWeekdays).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('moves a Sunday holiday to Monday (Juneteenth 2022, Christmas 2022, New Year 2023)', () => {
    expect(fed.isBusinessDay('2022-06-20')).toBe(false);
    expect(fed.dayInfo('2022-06-20').name).toBe('Juneteenth National Independence Day (observed)');
    expect(fed.isBusinessDay('2022-12-26')).toBe(false);
    expect(fed.isBusinessDay('2023-01-02')).toBe(false);
    expect(fed.isBusinessDay('2029-11-12')).toBe(false); // Veterans Day on a Sunday
    // Saturday holidays never close the Friday before: Veterans Day 2023, Christmas 2027, New Year 2028.
    expect(fed.isBusinessDay('2023-11-10')).toBe(true);
    expect(fed.isBusinessDay('2027-12-24')).toBe(true);
    expect(fed.isBusinessDay('2027-12-31')).toBe(true);
  });

  it('agrees with date-holidays (US public holidays, minus its Saturday → Friday substitutes) for every covered year', () => {
    const us = new Holidays('US');
    const { fromYear, toYear } = fed.coverage();
    for (let year = fromYear; year <= toYear; year++) {
      // date-holidays follows the federal-employee rule, which also closes the Friday before a
      // Saturday holiday (a "substitute day"); the Fed keeps that Friday open, so drop those.
      const theirs = new Set(
        us
          .getHolidays(year)
          .filter((h) => h.type === 'public' && !(h.substitute === true && weekday(h.date.slice(0, 10)) === 5))
          .map((h) => h.date.slice(0, 10))
          .filter((d) => weekday(d) !== 0 && weekday(d) !== 6),
      );
      // date-holidays has no Monday substitute for a Sunday Veterans Day; the Fed closes that
      // Monday (it did on 2018-11-12, the last time Nov 11 was a Sunday).
      if (year === 2029) theirs.add('2029-11-12');
      const ours = new Set<string>();
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
        if (weekday(d) !== 0 && weekday(d) !== 6 && !fed.isBusinessDay(d)) ours.add(d);
      }
      expect([...ours].sort(), String(year)).toEqual([...theirs].sort());
    }
  });

  it('covers 2022–2030 and fails closed outside', () => {
    expect(fed.coverage()).toEqual({ fromYear: 2022, toYear: 2030 });
    expect(() => fed.isBusinessDay('2021-06-18')).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA', message: expect.stringContaining('2021') }),
    );
    expect(() => fed.isBusinessDay('2031-01-02')).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA', message: expect.stringContaining('US-FED') }),
    );
  });
});
