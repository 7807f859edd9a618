import { getCalendar } from '@payout/calendar';
import { describe, expect, it } from 'vitest';
import { plainCalendarUntil } from '../forecast/test-support/plain-calendar.fixture.ts';
import { fundingRun, UNCOVERED_LOOKAHEAD_DAYS } from './funding-run.ts';

describe('fundingRun', () => {
  const cn = getCalendar('CN');

  it("is the calendar's own run wherever the calendar has data", () => {
    for (const asOf of ['2026-09-29', '2026-09-30', '2026-10-03', '2026-02-13', '2026-12-24', '2026-12-25']) {
      const anchor = cn.isBusinessDay(asOf) ? asOf : cn.nextBusinessDay(asOf);
      const r = fundingRun(cn, asOf);
      expect(r).toEqual({ ...cn.nonBusinessRunAfter(anchor), anchor, uncovered: [], startUnknown: false });
    }
  });

  it('2026-12-30 on CN: the run starts at the first unknown day, after the last known business day', () => {
    const r = fundingRun(cn, '2026-12-30');
    expect(r).toMatchObject({
      anchor: '2026-12-30',
      start: '2027-01-01',
      end: '2027-01-10',
      lastBusinessDayBefore: '2026-12-31',
      nextBusinessDay: null,
      startUnknown: true,
    });
    expect(r.uncovered.map((u) => u.date)).toEqual(r.days);
    expect(r.days).toHaveLength(UNCOVERED_LOOKAHEAD_DAYS);
  });

  it('an unknown plan day has no anchor: nothing before the gap is known', () => {
    expect(fundingRun(cn, '2027-01-04')).toMatchObject({
      anchor: null,
      start: '2027-01-04',
      lastBusinessDayBefore: null,
      nextBusinessDay: null,
      startUnknown: true,
    });
  });

  it('a known weekend running into unknown days: the deadline day is exact, the end is not', () => {
    const r = fundingRun(plainCalendarUntil('2028-12-31'), '2028-12-28'); // Thu; data ends on Sunday
    expect(r).toMatchObject({
      anchor: '2028-12-28',
      start: '2028-12-30',
      lastBusinessDayBefore: '2028-12-29',
      nextBusinessDay: null,
      startUnknown: false,
    });
    expect(r.days.slice(0, 3)).toEqual(['2028-12-30', '2028-12-31', '2029-01-01']);
    expect(r.uncovered[0]?.date).toBe('2029-01-01');
  });
});
