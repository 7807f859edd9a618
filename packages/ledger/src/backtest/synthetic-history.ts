import { PayoutError } from '@payout/domain';
import { addDays, daysBetween, getCalendar, type CalendarId, type LocalDate } from '@payout/calendar';
import { makeDayClassifier, type DayClass } from '../forecast/day-kind.ts';
import type { OutflowObservation } from '../forecast/outflow-forecast.ts';
import { makePrng } from './prng.ts';

export interface SyntheticHistoryOptions {
  readonly seed: number;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly calendar: CalendarId;
  /** An ordinary Tuesday's mean outflow, minor units. */
  readonly baseMinor: bigint;
  readonly longRunDays?: number;
}

// Mean volume per kind of day, basis points of `baseMinor`: Monday and Friday are busier than
// midweek, weekends quiet (24×7 rails still pay out), holidays see spikes (bonuses, red
// packets, settlements paid early), and the first day back after a long holiday carries the
// backlog of everything that waited for it.
const WEEKDAY_BPS: Readonly<Record<number, number>> = { 0: 4_500, 1: 12_500, 2: 10_000, 3: 9_500, 4: 10_000, 5: 11_500, 6: 9_000 };
const WEEKEND_BPS: Readonly<Record<number, number>> = { 0: 4_000, 6: 5_000 };
const HOLIDAY_BPS = 13_000;
const AFTER_LONG_HOLIDAY_BPS = 24_000;
// Noise: the mean of four uniform draws (≈ normal), spread to ±60 % at the extremes, ~17 % sd.
const NOISE_SPREAD_PERCENT = 30n;

/**
 * Daily outflow for a span of days, with weekday patterns, holiday spikes and backlogs from
 * the calendar (China's National Day and Spring Festival included when the span covers them).
 * Deterministic for a seed; integer arithmetic only.
 *
 * @example syntheticOutflowHistory({ seed: 7, from: '2025-06-01', to: '2026-11-30', calendar: 'CN', baseMinor: 50_000_000_00n })
 */
export function syntheticOutflowHistory(options: SyntheticHistoryOptions): OutflowObservation[] {
  const span = daysBetween(options.from, options.to);
  if (span < 0) throw new PayoutError('PAYOUT_E_VALIDATION', `synthetic history: ${options.to} is before ${options.from}`);
  if (options.baseMinor <= 0n) throw new PayoutError('PAYOUT_E_VALIDATION', 'synthetic history: baseMinor must be positive');
  const classify = makeDayClassifier(getCalendar(options.calendar), options.longRunDays);
  const rng = makePrng(options.seed);
  const out: OutflowObservation[] = [];
  for (let i = 0; i <= span; i++) {
    const date = addDays(options.from, i);
    const meanBps = BigInt(meanBpsFor(classify(date)));
    // Sum of four uniform draws in [0, 10000): mean 20000.
    let sum = 0n;
    for (let k = 0; k < 4; k++) sum += BigInt(rng.nextInt(10_000));
    const noiseBps = 10_000n + ((sum - 20_000n) * NOISE_SPREAD_PERCENT) / 100n;
    out.push({ date, outflowMinor: (options.baseMinor * meanBps * noiseBps) / 100_000_000n });
  }
  return out;
}

function meanBpsFor(c: DayClass): number {
  const wd = Number(c.key.split(':')[1] ?? '2');
  switch (c.kind) {
    case 'weekday':
      return WEEKDAY_BPS[wd] ?? 10_000;
    case 'weekend':
      return WEEKEND_BPS[wd] ?? 4_500;
    case 'holiday':
      return HOLIDAY_BPS;
    case 'after_long_holiday':
      return AFTER_LONG_HOLIDAY_BPS;
  }
}
