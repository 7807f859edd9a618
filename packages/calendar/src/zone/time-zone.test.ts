import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromEpochDay, toEpochDay } from '../date/local-date.ts';
import { instantToZoned, zonedDateTimeToInstant } from './time-zone.ts';

const iso = (d: Date): string => d.toISOString();

describe('zonedDateTimeToInstant', () => {
  it('follows US DST: 16:45 New York is 21:45Z on Fri 2026-03-06 (EST) and 20:45Z on Mon 2026-03-09 (EDT)', () => {
    expect(iso(zonedDateTimeToInstant('2026-03-06', '16:45', 'America/New_York'))).toBe('2026-03-06T21:45:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-03-09', '16:45', 'America/New_York'))).toBe('2026-03-09T20:45:00.000Z');
  });

  it('follows EU and UK DST, and China has none', () => {
    expect(iso(zonedDateTimeToInstant('2026-03-27', '17:00', 'Europe/Berlin'))).toBe('2026-03-27T16:00:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-03-30', '17:00', 'Europe/Berlin'))).toBe('2026-03-30T15:00:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-03-27', '22:30', 'Europe/London'))).toBe('2026-03-27T22:30:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-03-30', '22:30', 'Europe/London'))).toBe('2026-03-30T21:30:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-07-01', '17:15', 'Asia/Shanghai'))).toBe('2026-07-01T09:15:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-12-01', '17:15:30', 'Asia/Shanghai'))).toBe('2026-12-01T09:15:30.000Z');
  });

  it('moves a time inside the spring-forward gap forward by the gap (02:30 → 03:30 EDT)', () => {
    expect(iso(zonedDateTimeToInstant('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-03-29', '02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the earlier instant of a time repeated by the fall-back overlap', () => {
    expect(iso(zonedDateTimeToInstant('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-10-25', '01:30', 'Europe/London'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses unknown zones and malformed inputs', () => {
    expect(() => zonedDateTimeToInstant('2026-01-01', '10:00', 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }),
    );
    expect(() => zonedDateTimeToInstant('2026-02-30', '10:00', 'UTC')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }));
    expect(() => zonedDateTimeToInstant('2026-01-01', '24:00', 'UTC')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }));
  });
});

describe('instantToZoned', () => {
  it('gives local date, time, weekday and minutes of the day', () => {
    expect(instantToZoned(new Date('2026-09-30T09:30:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-09-30',
      time: '17:30:00',
      weekday: 3,
      minutesOfDay: 1050,
    });
    // 20:30 New York on 2026-07-02 is already 07-03 in UTC.
    expect(instantToZoned(new Date('2026-07-03T00:30:00Z'), 'America/New_York')).toEqual({
      date: '2026-07-02',
      time: '20:30:00',
      weekday: 4,
      minutesOfDay: 1230,
    });
    expect(instantToZoned(new Date('2026-03-08T07:30:00Z'), 'America/New_York').time).toBe('03:30:00');
  });

  it('refuses an invalid Date', () => {
    expect(() => instantToZoned(new Date(Number.NaN), 'UTC')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }));
  });

  it('round-trips with zonedDateTimeToInstant wherever the wall time exists once', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Europe/London', 'Asia/Shanghai', 'UTC'];
    const from = toEpochDay('2019-01-01');
    const to = toEpochDay('2030-12-31');
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: from, max: to }), fc.integer({ min: 0, max: 86_399 }), (zone, day, secs) => {
        const date = fromEpochDay(day);
        const time = [Math.floor(secs / 3600), Math.floor((secs % 3600) / 60), secs % 60].map((n) => String(n).padStart(2, '0')).join(':');
        const instant = zonedDateTimeToInstant(date, time, zone);
        const back = instantToZoned(instant, zone);
        const skipped = back.date !== date || back.time !== time;
        if (skipped) {
          // Only a DST gap may move the wall time, and only forward by at most 2 hours.
          const shift = (toEpochDay(back.date) - day) * 86_400 + (back.minutesOfDay * 60 + Number(back.time.slice(6))) - secs;
          expect(shift).toBeGreaterThan(0);
          expect(shift).toBeLessThanOrEqual(7200);
        }
        // Converting the resulting instant again is stable.
        expect(iso(zonedDateTimeToInstant(back.date, back.time, zone))).toBe(iso(instant));
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees with UTC arithmetic for the UTC zone', () => {
    expect(iso(zonedDateTimeToInstant(addDays('2026-01-01', 45), '08:00', 'UTC'))).toBe('2026-02-15T08:00:00.000Z');
  });
});
