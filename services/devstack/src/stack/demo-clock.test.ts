import { describe, expect, it } from 'vitest';
import { DEMO_DAY, demoSimStart, shanghaiHourMinute, shanghaiTime } from './demo-clock.ts';

const startOf = (value: string | undefined): string => {
  const r = demoSimStart(value);
  if (!r.ok) throw new Error(r.message);
  return shanghaiTime(r.start);
};

describe('demoSimStart', () => {
  it('is a fixed day at 16:55 Shanghai, whatever the date on the machine', () => {
    expect(DEMO_DAY).toBe('2026-11-17');
    expect(startOf(undefined)).toBe('Tuesday 2026-11-17 16:55 Shanghai');
  });

  it('takes a CN business day, make-up weekend days included, or an ISO instant with its offset', () => {
    expect(startOf('2026-09-30')).toBe('Wednesday 2026-09-30 16:55 Shanghai'); // the eve of National Day
    expect(startOf('2026-10-10')).toBe('Saturday 2026-10-10 16:55 Shanghai'); // a make-up Saturday
    expect(startOf('2026-11-18T08:30:00Z')).toBe('Wednesday 2026-11-18 16:30 Shanghai');
    expect(startOf('2026-11-18T16:30+08:00')).toBe('Wednesday 2026-11-18 16:30 Shanghai');
    const r = demoSimStart('2026-11-18T16:30:00+08:00');
    expect(r.ok && shanghaiHourMinute(new Date(r.start.getTime() + 2 * 60_000))).toBe('16:32');
  });

  it('refuses, saying why: not a date, a day without business, a day whose next business day has no calendar data', () => {
    const message = (value: string): string => {
      const r = demoSimStart(value);
      return r.ok ? 'accepted' : r.message;
    };
    expect(message('tomorrow')).toMatch(
      /^--start tomorrow: expected a date \(YYYY-MM-DD; the demo starts at 16:55 Shanghai\) or an ISO instant/,
    );
    expect(message('2026-02-30')).toBe('--start 2026-02-30: no such date');
    expect(message('2026-11-18T16:30:00')).toMatch(/expected a date/); // no offset: ambiguous
    expect(message('2026-11-21')).toBe(
      '--start 2026-11-21: Saturday 2026-11-21 is not a CN business day (a weekend or a holiday); pick one, such as 2026-11-17',
    );
    expect(message('2026-10-01')).toMatch(/Thursday 2026-10-01 is not a CN business day/);
    expect(message('2026-12-31')).toMatch(
      /^--start 2026-12-31: the demo needs 2026-12-31 and the CN business day after it in the calendar data: .*2027/,
    );
    expect(message('2031-03-04')).toMatch(/^--start 2031-03-04: the demo needs 2031-03-04 .*2031/);
  });
});
