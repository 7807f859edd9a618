import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { addDays, weekday } from '../date/local-date.ts';
import { getCalendar } from './calendar-registry.ts';

const uk = getCalendar('UK');

describe('UK calendar (England and Wales)', () => {
  it('closes the 2026 bank holidays, with Boxing Day substituted to Monday 12-28', () => {
    for (const d of ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']) {
      expect(uk.isBusinessDay(d), d).toBe(false);
    }
    const closedWeekdays: string[] = [];
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      if (weekday(d) !== 0 && weekday(d) !== 6 && !uk.isBusinessDay(d)) closedWeekdays.push(d);
    }
    expect(closedWeekdays).toHaveLength(8);
    expect(uk.nonBusinessRunAfter('2026-12-24')).toMatchObject({ start: '2026-12-25', end: '2026-12-28', nextBusinessDay: '2026-12-29' });
  });

  it('keeps the one-off bank holidays (2022 Jubilee and State Funeral, 2023 Coronation)', () => {
    for (const d of ['2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08', '2020-05-08']) expect(uk.isBusinessDay(d), d).toBe(false);
    expect(uk.isBusinessDay('2020-05-04')).toBe(true); // the moved Early May bank holiday
    expect(uk.isBusinessDay('2022-05-30')).toBe(true); // Spring bank holiday moved to 06-02
  });

  it('agrees with date-holidays (GB, England) on every weekday of every covered year', () => {
    const gb = new Holidays('GB', 'ENG');
    const { fromYear, toYear } = uk.coverage();
    for (let year = fromYear; year <= toYear; year++) {
      const theirs = gb
        .getHolidays(year)
        .filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => h.date.slice(0, 10))
        .filter((d) => weekday(d) !== 0 && weekday(d) !== 6);
      const ours: string[] = [];
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
        if (weekday(d) !== 0 && weekday(d) !== 6 && !uk.isBusinessDay(d)) ours.push(d);
      }
      expect(ours, String(year)).toEqual([...new Set(theirs)].sort());
    }
  });

  it('covers 2018–2027 and fails closed outside', () => {
    expect(uk.coverage()).toEqual({ fromYear: 2018, toYear: 2027 });
    expect(() => uk.isBusinessDay('2028-01-03')).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA', message: expect.stringMatching(/UK.*2028/) }),
    );
  });
});
