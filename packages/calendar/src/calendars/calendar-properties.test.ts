import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromEpochDay, toEpochDay, type LocalDate } from '../date/local-date.ts';
import { calendarCoverage, getCalendar } from './calendar-registry.ts';
import { CALENDAR_IDS } from './calendar.types.ts';

// Dates at least a month inside each calendar's coverage, so that walking to a neighbouring
// business day never leaves the covered years (that case is tested separately).
function coveredDate(id: (typeof CALENDAR_IDS)[number]): fc.Arbitrary<LocalDate> {
  const { fromYear, toYear } = calendarCoverage()[id];
  return fc.integer({ min: toEpochDay(`${fromYear}-02-01`), max: toEpochDay(`${toYear}-11-30`) }).map(fromEpochDay);
}

const RUNS = { numRuns: 300 };

describe.each(CALENDAR_IDS)('%s calendar properties', (id) => {
  const cal = getCalendar(id);

  it('nextBusinessDay(d) is a business day after d with no business day in between', () => {
    fc.assert(
      fc.property(coveredDate(id), (d) => {
        const n = cal.nextBusinessDay(d);
        expect(n > d).toBe(true);
        expect(cal.isBusinessDay(n)).toBe(true);
        for (let x = addDays(d, 1); x < n; x = addDays(x, 1)) expect(cal.isBusinessDay(x)).toBe(false);
      }),
      RUNS,
    );
  });

  it('previousBusinessDay(d) is a business day before d with no business day in between', () => {
    fc.assert(
      fc.property(coveredDate(id), (d) => {
        const p = cal.previousBusinessDay(d);
        expect(p < d).toBe(true);
        expect(cal.isBusinessDay(p)).toBe(true);
        for (let x = addDays(p, 1); x < d; x = addDays(x, 1)) expect(cal.isBusinessDay(x)).toBe(false);
        expect(cal.lastBusinessDayBefore(d)).toBe(p);
      }),
      RUNS,
    );
  });

  it('addBusinessDays steps over exactly n business days and is undone by -n from a business day', () => {
    fc.assert(
      fc.property(coveredDate(id), fc.integer({ min: -15, max: 15 }), (d, n) => {
        const r = cal.addBusinessDays(d, n);
        if (n === 0) {
          expect(r).toBe(d);
          return;
        }
        expect(cal.isBusinessDay(r)).toBe(true);
        let count = 0;
        const [lo, hi] = n > 0 ? [d, r] : [r, d];
        // Business days in (lo, hi] going forward, [lo, hi) going backward.
        for (let x = n > 0 ? addDays(lo, 1) : lo; n > 0 ? x <= hi : x < hi; x = addDays(x, 1)) if (cal.isBusinessDay(x)) count++;
        expect(count).toBe(Math.abs(n));
        if (cal.isBusinessDay(d)) expect(cal.addBusinessDays(r, -n)).toBe(d);
        // Composition: n steps then m steps = n + m steps when signs agree.
        if (n > 0) expect(cal.addBusinessDays(cal.addBusinessDays(d, 1), n - 1)).toBe(r);
      }),
      RUNS,
    );
  });

  it('nonBusinessRunAfter(d) is the first maximal run of closed days after d, framed by business days', () => {
    fc.assert(
      fc.property(coveredDate(id), (d) => {
        const run = cal.nonBusinessRunAfter(d);
        expect(run.start > d).toBe(true);
        expect(run.days[0]).toBe(run.start);
        expect(run.days[run.days.length - 1]).toBe(run.end);
        run.days.forEach((x, i) => {
          expect(cal.isBusinessDay(x)).toBe(false);
          if (i > 0) expect(x).toBe(addDays(run.days[i - 1] ?? '', 1));
        });
        for (let x = addDays(d, 1); x < run.start; x = addDays(x, 1)) expect(cal.isBusinessDay(x)).toBe(true);
        expect(run.nextBusinessDay).toBe(addDays(run.end, 1));
        expect(cal.isBusinessDay(run.nextBusinessDay)).toBe(true);
        expect(cal.isBusinessDay(run.lastBusinessDayBefore)).toBe(true);
        for (let x = addDays(run.lastBusinessDayBefore, 1); x < run.start; x = addDays(x, 1)) expect(cal.isBusinessDay(x)).toBe(false);
      }),
      RUNS,
    );
  });

  it('fails closed the day after coverage ends and the day before it starts', () => {
    const { fromYear, toYear } = cal.coverage();
    const code = expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA' });
    expect(() => cal.isBusinessDay(`${toYear + 1}-01-01`)).toThrow(code);
    expect(() => cal.isBusinessDay(`${fromYear - 1}-12-31`)).toThrow(code);
    expect(() => cal.nonBusinessRunAfter(`${toYear + 1}-03-01`)).toThrow(code);
    expect(() => cal.addBusinessDays(`${toYear + 1}-03-01`, 0)).toThrow(code);
  });

  it('refuses malformed dates and fractional counts', () => {
    const validation = expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' });
    expect(() => cal.isBusinessDay('2026-02-30')).toThrow(validation);
    expect(() => cal.nextBusinessDay('20260105')).toThrow(validation);
    expect(() => cal.addBusinessDays('2026-01-05', 1.5)).toThrow(validation);
  });
});
