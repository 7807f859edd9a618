import { afterEach, describe, expect, it } from 'vitest';
import { calendarCoverage, getCalendar } from './calendar-registry.ts';
import { checkCalendarYearFile } from './calendar-year-file.ts';
import { calendarCoverageAt } from './coverage-report.ts';
import { installCalendarYears } from './installed-years.ts';
import { nextBusinessDayAt } from './next-business-day-at.ts';

// A made-up CN 2027 list for the tests only (the official one is imported by operators).
const CN_2027 = {
  calendar: 'CN',
  year: 2027,
  source: { notice: 'test fixture, not an official notice' },
  holidays: [
    { date: '2027-01-01', name: "New Year's Day" },
    { date: '2027-01-02', name: "New Year's Day" },
    { date: '2027-01-03', name: "New Year's Day" },
  ],
  workdays: [{ date: '2027-01-09', name: 'make-up day', weekday: 'Sat' }],
};

function refusal(input: unknown): { code: string; problems: string[]; message: string } {
  try {
    checkCalendarYearFile(input);
  } catch (e) {
    const err = e as { code: string; details: { problems: string[] }; message: string };
    return { code: err.code, problems: err.details.problems, message: err.message };
  }
  throw new Error('expected a refusal');
}

afterEach(() => installCalendarYears([]));

describe('checkCalendarYearFile', () => {
  it('accepts a well-formed year and sorts its entries', () => {
    const { file, diffAgainstBuiltIn, notes } = checkCalendarYearFile({ ...CN_2027, holidays: [...CN_2027.holidays].reverse() });
    expect(file.holidays.map((h) => h.date)).toEqual(['2027-01-01', '2027-01-02', '2027-01-03']);
    expect(diffAgainstBuiltIn).toBeNull();
    expect(notes[0]).toMatch(/3 closed day\(s\) \(2 on a weekend\), 1 make-up working day/);
  });

  it('refuses a make-up day on a Wednesday, naming the date', () => {
    const r = refusal({ ...CN_2027, workdays: [{ date: '2027-02-10', name: 'make-up day' }] });
    expect(r.code).toBe('PAYOUT_E_CALENDAR_IMPORT_INVALID');
    expect(r.message).toContain('a make-up working day must fall on a Saturday or Sunday, but 2027-02-10 is a Wed');
  });

  it('reports every problem at once: other year, impossible date, twice listed, wrong weekday', () => {
    const r = refusal({
      ...CN_2027,
      holidays: [
        { date: '2026-12-31', name: 'x' },
        { date: '2027-02-30', name: 'x' },
        { date: '2027-01-01', name: 'x' },
        { date: '2027-01-01', name: 'y' },
        { date: '2027-01-04', name: 'x', weekday: 'Sun' },
      ],
      workdays: [{ date: '2027-01-01', name: 'clash' }],
    });
    expect(r.problems).toEqual([
      'holidays[0] 2026-12-31: is not in 2027; a file holds one year of CN only',
      'holidays[1]: "2027-02-30" is not a real YYYY-MM-DD date',
      'holidays[3] 2027-01-01: listed twice (also in holidays[2])',
      'holidays[4] 2027-01-04: the file says Sun but it is a Mon',
      'workdays[0] 2027-01-01: a make-up working day must fall on a Saturday or Sunday, but 2027-01-01 is a Fri',
      'workdays[0] 2027-01-01: listed twice (also in holidays[2])',
    ]);
  });

  it('refuses make-up days on calendars without them, files without holidays or source, and unknown fields', () => {
    expect(refusal({ ...CN_2027, calendar: 'UK', workdays: [{ date: '2027-01-09', name: 'x' }] }).problems[0]).toContain(
      'calendar UK has no make-up working days',
    );
    expect(refusal({ ...CN_2027, holidays: [], workdays: [] }).problems[0]).toContain('lists no closed day');
    expect(refusal({ ...CN_2027, source: {} }).problems[0]).toContain('name the source');
    expect(refusal({ ...CN_2027, extra: 1 }).problems[0]).toMatch(/extra/);
    expect(refusal({ ...CN_2027, calendar: 'XX' }).problems[0]).toMatch(/^calendar:/);
    expect(refusal('not an object').code).toBe('PAYOUT_E_CALENDAR_IMPORT_INVALID');
  });

  it('shows the difference against a built-in year', () => {
    const builtIn = getCalendar('CN').builtInYearTable(2026);
    const { diffAgainstBuiltIn } = checkCalendarYearFile(
      {
        calendar: 'CN',
        year: 2026,
        source: { notice: 'x' },
        holidays: [
          { date: '2026-01-01', name: 'New Year' },
          { date: '2026-12-31', name: 'made up' },
        ],
      },
      builtIn,
    );
    expect(diffAgainstBuiltIn?.holidaysAdded).toEqual(['2026-12-31']);
    expect(diffAgainstBuiltIn?.holidaysRemoved).toContain('2026-10-01');
    expect(diffAgainstBuiltIn?.workdaysRemoved).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });
});

describe('installed years', () => {
  it('extend coverage without a restart, and go away when uninstalled', () => {
    const cn = getCalendar('CN');
    expect(() => cn.nextBusinessDay('2026-12-31')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA' }));
    expect(installCalendarYears([checkCalendarYearFile(CN_2027).file])).toBe(true);
    expect(installCalendarYears([checkCalendarYearFile(CN_2027).file])).toBe(false); // same data: no change
    expect(cn.nextBusinessDay('2026-12-31')).toBe('2027-01-04');
    expect(cn.isBusinessDay('2027-01-09')).toBe(true); // the (fixture's) make-up Saturday
    expect(cn.coverage()).toEqual({ fromYear: 2019, toYear: 2027 });
    expect(calendarCoverage().CN.toYear).toBe(2027);
    expect(nextBusinessDayAt(cn, new Date('2026-12-31T09:00:00Z'), '10:00').toISOString()).toBe('2027-01-04T02:00:00.000Z');
    installCalendarYears([]);
    expect(() => cn.isBusinessDay('2027-01-04')).toThrow(/calendar CN has no data for 2027 \(covers 2019–2026\).*calendar import CN 2027/);
  });

  it('an imported year replaces the built-in year it names', () => {
    const uk = getCalendar('UK');
    expect(uk.isBusinessDay('2026-03-10')).toBe(true);
    installCalendarYears([
      checkCalendarYearFile({
        calendar: 'UK',
        year: 2026,
        source: { notice: 'test' },
        holidays: [{ date: '2026-03-10', name: 'proclaimed' }],
      }).file,
    ]);
    expect(uk.isBusinessDay('2026-03-10')).toBe(false);
    expect(uk.isBusinessDay('2026-12-25')).toBe(true); // the whole year is the imported list
  });

  it('coverage report: days left and the alert threshold reached, in the calendar zone', () => {
    const at = (iso: string) => calendarCoverageAt(new Date(iso)).find((c) => c.calendar === 'CN')!;
    expect(at('2026-09-01T00:00:00Z')).toMatchObject({ lastCoveredDay: '2026-12-31', daysLeft: 121, alertThreshold: null });
    expect(at('2026-11-01T00:00:00Z')).toMatchObject({ daysLeft: 60, alertThreshold: 60 });
    expect(at('2026-12-07T00:00:00Z')).toMatchObject({ daysLeft: 24, alertThreshold: 30 });
    expect(at('2026-12-24T17:00:00Z')).toMatchObject({ daysLeft: 6, alertThreshold: 7 }); // already 12-25 in Shanghai
    expect(at('2027-01-04T02:00:00Z')).toMatchObject({ daysLeft: -4, alertThreshold: 0 });
    installCalendarYears([checkCalendarYearFile(CN_2027).file]);
    expect(at('2027-01-04T02:00:00Z')).toMatchObject({ lastCoveredDay: '2027-12-31', importedYears: [2027], alertThreshold: null });
  });
});
