import { getCalendar } from '@payout/calendar';
import { describe, expect, it } from 'vitest';
import { makeDayClassifier } from './day-kind.ts';

describe('makeDayClassifier', () => {
  const cn = makeDayClassifier(getCalendar('CN'));
  const kind = (c: typeof cn, d: string): string => c(d).key;

  it('splits ordinary days by weekday and weekends by day', () => {
    expect(kind(cn, '2026-03-06')).toBe('weekday:5');
    expect(kind(cn, '2026-03-07')).toBe('weekend:6');
    expect(kind(cn, '2026-03-08')).toBe('weekend:0');
    expect(kind(cn, '2026-03-09')).toBe('weekday:1');
  });

  it('treats all of National Day 2026 as holiday and 10-08 as the backlog day', () => {
    for (let d = 1; d <= 7; d++) expect(kind(cn, `2026-10-0${d}`)).toBe('holiday');
    expect(kind(cn, '2026-10-08')).toBe('after_long_holiday');
    expect(kind(cn, '2026-10-10')).toBe('weekday:6'); // make-up Saturday
  });

  it('Spring Festival 2026: make-up Saturday 02-14 is a working day, 02-15…02-23 holiday, 02-24 backlog', () => {
    expect(kind(cn, '2026-02-14')).toBe('weekday:6');
    expect(kind(cn, '2026-02-15')).toBe('holiday');
    expect(kind(cn, '2026-02-23')).toBe('holiday');
    expect(kind(cn, '2026-02-24')).toBe('after_long_holiday');
  });

  it('a single closed weekday is a holiday but leaves no long-holiday backlog (US Thanksgiving)', () => {
    const us = makeDayClassifier(getCalendar('US-FED'));
    expect(kind(us, '2026-11-26')).toBe('holiday');
    expect(kind(us, '2026-11-27')).toBe('weekday:5');
    expect(kind(us, '2026-11-28')).toBe('weekend:6');
  });

  it('TARGET2 Easter 2026 is a four-day holiday run', () => {
    const t2 = makeDayClassifier(getCalendar('TARGET2'));
    expect(['2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06'].map((d) => kind(t2, d))).toEqual([
      'holiday',
      'holiday',
      'holiday',
      'holiday',
    ]);
    expect(kind(t2, '2026-04-07')).toBe('after_long_holiday');
  });
});
