import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { addDays, weekday, type LocalDate } from '../date/local-date.ts';
import { getCalendar } from './calendar-registry.ts';
import { cnYearTable, type HolidayCalendarFile } from './cn.calendar.ts';

// The State Council notices, written out by hand (国办发明电〔2024〕12号 for 2025,
// 国办发明电〔2025〕7号 for 2026): holiday blocks (inclusive) and make-up working days.
const STATE_COUNCIL: Record<number, { holidays: readonly (readonly [LocalDate, LocalDate])[]; makeup: readonly LocalDate[] }> = {
  2025: {
    holidays: [
      ['2025-01-01', '2025-01-01'], // 元旦
      ['2025-01-28', '2025-02-04'], // 春节
      ['2025-04-04', '2025-04-06'], // 清明节
      ['2025-05-01', '2025-05-05'], // 劳动节
      ['2025-05-31', '2025-06-02'], // 端午节
      ['2025-10-01', '2025-10-08'], // 国庆节、中秋节
    ],
    makeup: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    holidays: [
      ['2026-01-01', '2026-01-03'], // 元旦
      ['2026-02-15', '2026-02-23'], // 春节
      ['2026-04-04', '2026-04-06'], // 清明节
      ['2026-05-01', '2026-05-05'], // 劳动节
      ['2026-06-19', '2026-06-21'], // 端午节
      ['2026-09-25', '2026-09-27'], // 中秋节
      ['2026-10-01', '2026-10-07'], // 国庆节
    ],
    makeup: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

function expectedBusiness(d: LocalDate): boolean {
  const year = STATE_COUNCIL[Number(d.slice(0, 4))];
  if (year === undefined) throw new Error(`no expected list for ${d}`);
  if (year.makeup.includes(d)) return true;
  if (year.holidays.some(([from, to]) => d >= from && d <= to)) return false;
  const wd = weekday(d);
  return wd !== 0 && wd !== 6;
}

const cn = getCalendar('CN');

describe('CN calendar', () => {
  it('matches the State Council lists on every one of the 730 days of 2025 and 2026', () => {
    let checked = 0;
    const mismatches: string[] = [];
    for (let d = '2025-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      if (cn.isBusinessDay(d) !== expectedBusiness(d)) mismatches.push(d);
      checked++;
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(730);
  });

  it('counts the statutory working days of each year', () => {
    const count = (year: number): number => {
      let n = 0;
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) if (cn.isBusinessDay(d)) n++;
      return n;
    };
    // Hand count from the notices: 2025 = 261 weekdays − 18 weekday holidays + 5 make-up days;
    // 2026 = 261 weekdays − 19 weekday holidays + 6 make-up days.
    expect(count(2025)).toBe(248);
    expect(count(2026)).toBe(248);
  });

  it('marks make-up working days and names them', () => {
    expect(cn.dayInfo('2026-02-14')).toEqual({
      date: '2026-02-14',
      weekday: 6,
      business: true,
      kind: 'makeup_workday',
      name: 'Spring Festival Workday (春节补班)',
    });
    expect(cn.dayInfo('2026-10-01')).toMatchObject({ business: false, kind: 'holiday', name: 'National Day (国庆节)' });
    expect(cn.dayInfo('2026-10-17')).toMatchObject({ business: false, kind: 'weekend' });
    expect(cn.dayInfo('2026-10-08')).toMatchObject({ business: true, kind: 'business' });
  });

  it('agrees with the independent chinese-days dataset on every covered day (2019–2026)', () => {
    const { fromYear, toYear } = cn.coverage();
    expect([fromYear, toYear]).toEqual([2019, 2026]);
    const workdays: Record<string, string> = chineseDays.workdays;
    const holidays: Record<string, string> = chineseDays.holidays;
    const mismatches: string[] = [];
    for (let d = `${fromYear}-01-01`; d <= `${toYear}-12-31`; d = addDays(d, 1)) {
      const wd = weekday(d);
      const theirs = d in workdays ? true : d in holidays ? false : wd !== 0 && wd !== 6;
      if (cn.isBusinessDay(d) !== theirs) mismatches.push(d);
    }
    expect(mismatches).toEqual([]);
  });

  it('fails closed outside 2019–2026, naming the calendar and the year', () => {
    expect(() => cn.isBusinessDay('2027-01-04')).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA', message: expect.stringMatching(/CN.*2027/) }),
    );
    expect(() => cn.isBusinessDay('2018-12-31')).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA', details: expect.objectContaining({ calendar: 'CN', year: 2018 }) }),
    );
    // Near the edge, questions whose answer needs 2027 fail too instead of guessing.
    expect(() => cn.nextBusinessDay('2026-12-31')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA' }));
    expect(cn.previousBusinessDay('2026-12-31')).toBe('2026-12-30');
  });

  it("takes the last days of December from the next year's notice", () => {
    // The 2023 notice (New Year 2022-12-31..2023-01-02) names Saturday 2022-12-31.
    expect(cn.dayInfo('2022-12-31')).toMatchObject({ business: false, kind: 'holiday', name: "New Year's Day (元旦)" });
    const file = (year: number, dates: { date: string; type: string }[]): HolidayCalendarFile => ({
      year,
      region: 'CN',
      dates: dates.map((d) => ({ ...d, name_cn: '元旦', name_en: 'New Year' })),
    });
    const files = new Map([
      [2030, file(2030, [{ date: '2030-01-01', type: 'public_holiday' }])],
      [
        2031,
        file(2031, [
          { date: '2030-12-28', type: 'transfer_workday' },
          { date: '2030-12-31', type: 'public_holiday' },
        ]),
      ],
    ]);
    const t = cnYearTable(2030, files);
    expect([...t.holidays.keys()]).toEqual(['2030-01-01', '2030-12-31']);
    expect([...t.workdays.keys()]).toEqual(['2030-12-28']);
    expect([...cnYearTable(2031, files).holidays.keys()]).toEqual([]);
  });

  it('refuses data it does not understand instead of ignoring it', () => {
    const one = (year: number, date: string, type: string): ReadonlyMap<number, HolidayCalendarFile> =>
      new Map([[year, { year, region: 'CN', dates: [{ date, type, name_cn: 'x', name_en: 'x' }] }]]);
    const internal = expect.objectContaining({ code: 'PAYOUT_E_INTERNAL' });
    expect(() => cnYearTable(2026, one(2026, '2026-01-01', 'half_day'))).toThrow(internal);
    expect(() => cnYearTable(2026, one(2026, '2024-12-31', 'public_holiday'))).toThrow(internal);
    expect(() => cnYearTable(2026, one(2026, '2026-02-30', 'public_holiday'))).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }),
    );
    expect(() => cnYearTable(2027, one(2026, '2026-01-01', 'public_holiday'))).toThrow(internal);
    const twice = new Map([
      [
        2026,
        {
          year: 2026,
          region: 'CN',
          dates: [
            { date: '2026-01-01', type: 'public_holiday', name_cn: 'x', name_en: 'x' },
            { date: '2026-01-01', type: 'transfer_workday', name_cn: 'x', name_en: 'x' },
          ],
        },
      ],
    ]);
    expect(() => cnYearTable(2026, twice)).toThrow(internal);
  });

  describe('runs of non-business days', () => {
    it('National Day 2026: after 09-30 the run is 10-01..10-07, next business day 10-08', () => {
      expect(cn.nonBusinessRunAfter('2026-09-30')).toEqual({
        start: '2026-10-01',
        end: '2026-10-07',
        days: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
        lastBusinessDayBefore: '2026-09-30',
        nextBusinessDay: '2026-10-08',
      });
    });

    it('Spring Festival 2026: the make-up Saturday 02-14 is worked, so the run after Fri 02-13 starts 02-15', () => {
      const run = cn.nonBusinessRunAfter('2026-02-13');
      expect(run).toMatchObject({
        start: '2026-02-15',
        end: '2026-02-23',
        lastBusinessDayBefore: '2026-02-14',
        nextBusinessDay: '2026-02-24',
      });
      expect(run.days).toHaveLength(9);
      expect(cn.nonBusinessRunAfter('2026-02-12').start).toBe('2026-02-15');
      // The make-up Saturday 02-28 splits the weekend after the holiday: only Sunday 03-01 is off.
      expect(cn.nonBusinessRunAfter('2026-02-27')).toMatchObject({
        start: '2026-03-01',
        end: '2026-03-01',
        lastBusinessDayBefore: '2026-02-28',
        nextBusinessDay: '2026-03-02',
      });
    });

    it('from inside a run returns the rest of it, still framed by the business day before the whole run', () => {
      expect(cn.nonBusinessRunAfter('2026-10-03')).toMatchObject({
        start: '2026-10-04',
        end: '2026-10-07',
        lastBusinessDayBefore: '2026-09-30',
        nextBusinessDay: '2026-10-08',
      });
    });
  });
});
