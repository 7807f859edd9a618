import { getCalendar } from '@payout/calendar';
import { describe, expect, it } from 'vitest';
import { makeDayClassifier } from '../forecast/day-kind.ts';
import { formatBacktestReport } from './backtest.format.ts';
import { runBacktest } from './backtest.ts';
import { syntheticOutflowHistory } from './synthetic-history.ts';

describe('syntheticOutflowHistory', () => {
  const history = syntheticOutflowHistory({ seed: 42, from: '2025-09-01', to: '2026-11-30', calendar: 'CN', baseMinor: 500_000_000n });
  const classify = makeDayClassifier(getCalendar('CN'));
  const mean = (pred: (d: string) => boolean): bigint => {
    const xs = history.filter((h) => pred(h.date)).map((h) => h.outflowMinor);
    return xs.reduce((s, x) => s + x, 0n) / BigInt(xs.length);
  };

  it('is deterministic for a seed and differs between seeds', () => {
    expect(syntheticOutflowHistory({ seed: 42, from: '2025-09-01', to: '2026-11-30', calendar: 'CN', baseMinor: 500_000_000n })).toEqual(
      history,
    );
    expect(
      syntheticOutflowHistory({ seed: 43, from: '2025-09-01', to: '2026-11-30', calendar: 'CN', baseMinor: 500_000_000n }),
    ).not.toEqual(history);
  });

  it('covers National Day and Spring Festival with weekday patterns, holiday spikes and backlogs', () => {
    expect(history.length).toBeGreaterThanOrEqual(90);
    const dates = new Set(history.map((h) => h.date));
    for (const d of ['2025-10-01', '2026-02-17', '2026-10-05']) expect(dates.has(d)).toBe(true);
    const kindMean = (k: string): bigint => mean((d) => classify(d).key === k);
    expect(kindMean('weekday:1') > kindMean('weekday:3')).toBe(true);
    expect(kindMean('weekday:3') > kindMean('weekend:0')).toBe(true);
    expect(kindMean('holiday') > kindMean('weekday:2')).toBe(true);
    expect(kindMean('after_long_holiday') > 2n * kindMean('weekday:2')).toBe(true);
    for (const h of history) expect(typeof h.outflowMinor === 'bigint' && h.outflowMinor > 0n).toBe(true);
  });
});

describe('runBacktest', () => {
  it('at p95 the shortfall rate is at most 5 % (fixed seed), and it prints its shortfall rate and idle cash', () => {
    const r = runBacktest({ seed: 42, quantileBps: 9_500, days: 120 });
    expect(r.daysEvaluated).toBe(120);
    expect(r.from).toBe('2026-08-03');
    expect(r.to).toBe('2026-11-30');
    expect(r.byKind.holiday.days).toBeGreaterThanOrEqual(7); // National Day is inside the window
    expect(r.shortfallDays * 100).toBeLessThanOrEqual(5 * r.daysEvaluated);
    expect(r.shortfallRateBps).toBeLessThanOrEqual(500);
    expect(r.idleTotalMinor > 0n).toBe(true);
    const text = formatBacktestReport(r).join('\n');
    expect(text).toMatch(/shortfall rate\s+\d+\.\d\d% \(\d+ of 120 days/);
    expect(text).toMatch(/idle cash\s+\d+\.\d\d CNY per funding period/);
  });

  it('holds across the Spring Festival and National Day of 2026 and across seeds', () => {
    const long = runBacktest({ seed: 7, quantileBps: 9_500, days: 300 });
    expect(long.from <= '2026-02-15').toBe(true);
    expect(long.byKind.after_long_holiday.days).toBeGreaterThanOrEqual(4);
    expect(long.shortfallRateBps).toBeLessThanOrEqual(500);
    let shortfalls = 0;
    for (let seed = 1; seed <= 8; seed++) shortfalls += runBacktest({ seed, quantileBps: 9_500, days: 120 }).shortfallDays;
    expect(shortfalls * 100).toBeLessThanOrEqual(5 * 8 * 120);
  });

  it('trades shortfalls for idle cash as the quantile moves', () => {
    const p50 = runBacktest({ seed: 42, quantileBps: 5_000, days: 120 });
    const p95 = runBacktest({ seed: 42, quantileBps: 9_500, days: 120 });
    const p99 = runBacktest({ seed: 42, quantileBps: 9_900, days: 120 });
    expect(p50.shortfallDays).toBeGreaterThan(p95.shortfallDays);
    expect(p95.shortfallDays).toBeGreaterThanOrEqual(p99.shortfallDays);
    expect(p50.idleTotalMinor < p95.idleTotalMinor && p95.idleTotalMinor <= p99.idleTotalMinor).toBe(true);
    // Funding the median leaves days short far more often than 5 %: the test can fail.
    expect(p50.shortfallRateBps).toBeGreaterThan(500);
  });

  it('is deterministic for a seed', () => {
    expect(runBacktest({ seed: 3, quantileBps: 9_500, days: 90 })).toEqual(runBacktest({ seed: 3, quantileBps: 9_500, days: 90 }));
  });
});

describe('runBacktest reaching a year the calendar has no data for', () => {
  it('evaluates the days before the gap and reports the rest, instead of failing', () => {
    const r = runBacktest({ seed: 42, quantileBps: 9_500, days: 120, end: '2027-01-10' });
    expect(r.daysEvaluated).toBe(110);
    expect(r.notEvaluated).toEqual({
      from: '2027-01-01',
      to: '2027-01-10',
      days: 10,
      reason: { code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027, fromYear: 2019, toYear: 2026 },
      message: expect.stringContaining('import CN 2027'),
    });
    expect(r.shortfallDates.every((d) => d <= '2026-12-31')).toBe(true);
    expect(formatBacktestReport(r).join('\n')).toContain('NOT EVALUATED   10 day(s): calendar CN has no data for 2027');
  });

  it('ends on 2026-12-31 (the next business day unknown) as a complete report', () => {
    const r = runBacktest({ seed: 42, quantileBps: 9_500, days: 120, end: '2026-12-31' });
    expect(r.daysEvaluated).toBe(120);
    expect(r.notEvaluated).toBeUndefined();
  });

  it('with nothing covered, evaluates nothing and says why', () => {
    const r = runBacktest({ seed: 42, quantileBps: 9_500, days: 30, end: '2027-03-01' });
    expect(r).toMatchObject({ daysEvaluated: 0, shortfallRateBps: 0, fundingPeriods: 0, notEvaluated: { days: 30, from: '2027-01-31' } });
  });
});
