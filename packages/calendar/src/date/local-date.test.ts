import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, fromEpochDay, localDateOf, parseLocalDate, toEpochDay, weekday } from './local-date.ts';
import { parseLocalTime } from './local-time.ts';

describe('parseLocalDate', () => {
  it('accepts real dates, including 29 February of leap years', () => {
    for (const d of ['2026-01-01', '2024-02-29', '2000-02-29', '2026-12-31', '0001-01-01', '9999-12-31']) {
      expect(parseLocalDate(d)).toBe(d);
    }
  });

  it.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-1-05',
    '2026-01-5',
    '26-01-05',
    '2026-01-05T00:00',
    ' 2026-01-05',
    '2026/01/05',
    '0000-01-01',
    '',
  ])('refuses %j with PAYOUT_E_VALIDATION', (s) => {
    expect(() => parseLocalDate(s)).toThrow(expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }));
  });

  it('refuses non-strings', () => {
    for (const v of [20260105, null, undefined, new Date(0), {}]) {
      expect(() => parseLocalDate(v)).toThrow(expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }));
    }
  });
});

describe('day arithmetic', () => {
  it('crosses months, leap days and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-10-01', 0)).toBe('2026-10-01');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(localDateOf(2026, 2, 3)).toBe('2026-02-03');
  });

  it('refuses fractional day counts', () => {
    expect(() => addDays('2026-01-01', 1.5)).toThrow(expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }));
    expect(() => addDays('2026-01-01', Number.NaN)).toThrow(expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }));
  });

  it('knows the weekdays of known dates (0 = Sunday)', () => {
    expect(weekday('1970-01-01')).toBe(4);
    expect(weekday('2026-07-04')).toBe(6);
    expect(weekday('2026-07-03')).toBe(5);
    expect(weekday('2026-02-14')).toBe(6);
    expect(weekday('2026-11-26')).toBe(4);
    expect(weekday('1969-12-31')).toBe(3);
  });

  it('agrees with the JavaScript UTC calendar for every day number from year 1 to 9999', () => {
    const min = toEpochDay('0001-01-01');
    const max = toEpochDay('9999-12-31');
    fc.assert(
      fc.property(fc.integer({ min, max }), (n) => {
        const d = fromEpochDay(n);
        const viaDate = new Date(n * 86_400_000);
        expect(toEpochDay(d)).toBe(n);
        expect(d).toBe(viaDate.toISOString().slice(0, 10).replace(/^\+0*/, '').padStart(10, '0'));
        expect(weekday(d)).toBe(viaDate.getUTCDay());
        expect(addDays(d, 0)).toBe(d);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseLocalTime', () => {
  it('reads HH:MM and HH:MM:SS as seconds of the day', () => {
    expect(parseLocalTime('00:00')).toBe(0);
    expect(parseLocalTime('17:15')).toBe(62_100);
    expect(parseLocalTime('23:59:59')).toBe(86_399);
  });

  it.each(['24:00', '9:30', '17:60', '17:15:60', '17.15', '', '17:15 ', 'T17:15'])('refuses %j', (s) => {
    expect(() => parseLocalTime(s)).toThrow(expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }));
  });
});
