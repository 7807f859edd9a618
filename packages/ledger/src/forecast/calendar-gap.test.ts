import { addDays, getCalendar } from '@payout/calendar';
import { describe, expect, it } from 'vitest';
import { calendarGapOf, dayStatus } from './calendar-gap.ts';
import { makeDayClassifier } from './day-kind.ts';
import { DEFAULT_FORECAST_SETTINGS, makeOutflowForecaster } from './outflow-forecast.ts';
import { plainCalendarUntil } from './test-support/plain-calendar.fixture.ts';

describe('dayStatus', () => {
  it('answers business or closed, or names the gap; other errors still throw', () => {
    const cn = getCalendar('CN');
    expect(dayStatus(cn, '2026-12-31')).toBe(true);
    expect(dayStatus(cn, '2026-10-01')).toBe(false);
    expect(dayStatus(cn, '2027-01-01')).toEqual({
      code: 'PAYOUT_E_CALENDAR_NO_DATA',
      calendar: 'CN',
      year: 2027,
      fromYear: 2019,
      toYear: 2026,
    });
    expect(() => dayStatus(cn, '2026-13-01')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }));
    expect(calendarGapOf(new Error('x'))).toBeUndefined();
  });
});

describe('makeDayClassifier next to days without data', () => {
  // Data through Sunday 2028-12-31; Monday 2029-01-01 is unknown.
  const cal = plainCalendarUntil('2028-12-31');
  const classify = makeDayClassifier(cal);

  it('counts an unknown neighbour as closed (conservative) and says so in `gap`', () => {
    expect(classify('2028-12-29')).toEqual({ date: '2028-12-29', kind: 'weekday', key: 'weekday:5' }); // nothing unknown involved
    // Sat + Sun + unknown days: a run of at least three closed days → holiday, flagged.
    expect(classify('2028-12-30')).toMatchObject({
      kind: 'holiday',
      gap: { code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'TEST', year: 2029 },
    });
    expect(classify('2028-12-31')).toMatchObject({ kind: 'holiday', gap: { year: 2029 } });
    expect(() => classify('2029-01-01')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA' }));
  });

  it('still classifies fully covered days exactly as before (no gap field)', () => {
    const cn = makeDayClassifier(getCalendar('CN'));
    expect(cn('2026-12-31')).toEqual({ date: '2026-12-31', kind: 'weekday', key: 'weekday:4' });
    expect(cn('2026-12-27')).toEqual({ date: '2026-12-27', kind: 'weekend', key: 'weekend:0' });
  });
});

describe('makeOutflowForecaster with history the calendar cannot classify', () => {
  it('leaves those days out and lists them; the rest forecasts as before', () => {
    const cn = getCalendar('CN');
    const classify = makeDayClassifier(cn);
    const covered = Array.from({ length: 60 }, (_, i) => ({ date: addDays('2026-12-31', -i), outflowMinor: 100n }));
    const uncovered = ['2027-01-01', '2027-01-02'].map((date) => ({ date, outflowMinor: 1_000_000n }));
    const withGap = makeOutflowForecaster([...covered, ...uncovered], classify, DEFAULT_FORECAST_SETTINGS);
    const without = makeOutflowForecaster(covered, classify, DEFAULT_FORECAST_SETTINGS);
    expect(withGap.unclassified).toEqual([
      { date: '2027-01-01', reason: expect.objectContaining({ calendar: 'CN', year: 2027 }) },
      { date: '2027-01-02', reason: expect.objectContaining({ calendar: 'CN', year: 2027 }) },
    ]);
    expect(without.unclassified).toEqual([]);
    expect(withGap('2026-12-31', '2026-12-31')).toEqual(without('2026-12-31', '2026-12-31'));
    expect(() => withGap('2027-01-04', '2026-12-31')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA' }));
  });
});
