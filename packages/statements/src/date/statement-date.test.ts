import { describe, expect, it } from 'vitest';
import { dateOfIsoDateTime, monthDayNear, parseIsoDate, parseYymmdd, yymmddPastMonthEnd } from './statement-date.ts';

describe('statement dates', () => {
  it('accepts real calendar dates only', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(() => parseIsoDate('2026-02-30')).toThrow('2026-02-30 is not a calendar date');
    expect(() => parseIsoDate('2025-02-29')).toThrow('not a calendar date');
    expect(() => parseIsoDate('2026-13-01')).toThrow('no month 13');
    expect(() => parseIsoDate('26-02-01')).toThrow('YYYY-MM-DD');
    // The cache must not let an invalid date through after a valid one.
    expect(parseIsoDate('2026-02-28')).toBe('2026-02-28');
    expect(() => parseIsoDate('2026-02-30')).toThrow();
  });

  it('keeps the bank’s calendar date of a date-time, whatever the offset', () => {
    expect(dateOfIsoDateTime('2026-02-27T23:30:00-05:00')).toBe('2026-02-27');
    expect(dateOfIsoDateTime('2026-02-27T00:10:00.123+09:00')).toBe('2026-02-27');
    expect(() => dateOfIsoDateTime('2026-02-30T00:00:00Z')).toThrow('not a calendar date');
  });

  it('reads YYMMDD with the SWIFT century rule', () => {
    expect(parseYymmdd('260227')).toBe('2026-02-27');
    expect(parseYymmdd('991231')).toBe('1999-12-31');
    expect(() => parseYymmdd('260230')).toThrow('260230 is not a calendar date');
  });

  it('places an MT940 entry date in the year closest to its value date', () => {
    expect(monthDayNear('2026-02-27', '0227')).toBe('2026-02-27');
    expect(monthDayNear('2026-01-02', '1231')).toBe('2025-12-31');
    expect(monthDayNear('2025-12-31', '0102')).toBe('2026-01-02');
    expect(monthDayNear('2024-03-01', '0229')).toBe('2024-02-29');
    expect(() => monthDayNear('2026-03-01', '0230')).toThrow();
  });

  it('reads a 30/360 day past the month end (29–31) as the month’s last day, and nothing else', () => {
    expect(yymmddPastMonthEnd('260230')).toBe('2026-02-28');
    expect(yymmddPastMonthEnd('260229')).toBe('2026-02-28');
    expect(yymmddPastMonthEnd('280230')).toBe('2028-02-29');
    expect(yymmddPastMonthEnd('260431')).toBe('2026-04-30');
    expect(yymmddPastMonthEnd('260131')).toBeUndefined(); // a real date: nothing to normalise
    expect(yymmddPastMonthEnd('280229')).toBeUndefined();
    for (const bad of ['260232', '261301', '260001', '260200', '26023', '2602300']) expect(yymmddPastMonthEnd(bad)).toBeUndefined();
  });
});
