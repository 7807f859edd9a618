import { addDays, getCalendar } from '@payout/calendar';
import { describe, expect, it } from 'vitest';
import { makeDayClassifier } from './day-kind.ts';
import { DEFAULT_FORECAST_SETTINGS, makeOutflowForecaster, type OutflowObservation } from './outflow-forecast.ts';

describe('makeOutflowForecaster', () => {
  const classify = makeDayClassifier(getCalendar('CN'));
  // Mondays pay 1000 + i, every other day 100 + i; history 2026-01-05 … 2026-06-30.
  const history: OutflowObservation[] = [];
  for (let i = 0; i < 177; i++) {
    const date = addDays('2026-01-05', i);
    history.push({ date, outflowMinor: (classify(date).key === 'weekday:1' ? 1000n : 100n) + BigInt(i) });
  }
  const f = makeOutflowForecaster(history, classify, DEFAULT_FORECAST_SETTINGS);

  it('forecasts from days of the same kind only, before the known-before date', () => {
    const monday = f('2026-07-06', '2026-07-01');
    expect(monday).toMatchObject({ kind: 'weekday', key: 'weekday:1', basis: 'key' });
    expect(monday.amountMinor > 1000n).toBe(true);
    const tuesday = f('2026-07-07', '2026-07-01');
    expect(tuesday.amountMinor < 1000n).toBe(true);
  });

  it('never looks ahead of knownBefore', () => {
    const early = f('2026-07-06', '2026-02-01');
    const late = f('2026-07-06', '2026-07-01');
    expect(early.sampleSize < late.sampleSize).toBe(true);
    expect(early.amountMinor < late.amountMinor).toBe(true); // values grow with i
  });

  it('falls back to the kind, then to all days, then to zero', () => {
    // Only 1 after-long-holiday day in the window (02-24; 01-04 was before the history began).
    const backlog = f('2026-10-08', '2026-03-01');
    expect(backlog).toMatchObject({ kind: 'after_long_holiday', basis: 'kind', sampleSize: 1, capped: true });
    const none = makeOutflowForecaster([], classify, DEFAULT_FORECAST_SETTINGS)('2026-10-08', '2026-09-30');
    expect(none).toMatchObject({ amountMinor: 0n, basis: 'none' });
    const onlyWeekdays = makeOutflowForecaster(
      history.filter((h) => classify(h.date).kind === 'weekday'),
      classify,
      DEFAULT_FORECAST_SETTINGS,
    );
    expect(onlyWeekdays('2026-10-03', '2026-07-01').basis).toBe('all');
  });
});
