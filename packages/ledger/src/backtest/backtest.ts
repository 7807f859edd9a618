import { PayoutError } from '@payout/domain';
import { addDays, daysBetween, getCalendar, parseLocalDate, type CalendarId, type LocalDate } from '@payout/calendar';
import { dayStatus, describeGap, orCalendarGap, type CalendarGapReason } from '../forecast/calendar-gap.ts';
import { DEFAULT_LONG_RUN_DAYS, makeDayClassifier, type ForecastDayKind } from '../forecast/day-kind.ts';
import {
  DEFAULT_FORECAST_SETTINGS,
  makeOutflowForecaster,
  type ForecastSettings,
  type OutflowObservation,
} from '../forecast/outflow-forecast.ts';
import { assertQuantileBps, type QuantileBps, type QuantileMethod } from '../forecast/quantile.ts';
import { syntheticOutflowHistory } from './synthetic-history.ts';

export interface BacktestOptions {
  readonly seed: number;
  readonly quantileBps: QuantileBps;
  readonly method?: QuantileMethod;
  /** Days evaluated, ending at `end` (≥ 90 recommended). */
  readonly days: number;
  readonly end?: LocalDate;
  /** History generated before the evaluated days, so the forecast has a year of holidays to learn from. */
  readonly warmupDays?: number;
  readonly calendar?: CalendarId;
  readonly currency?: string;
  readonly baseMinor?: bigint;
  readonly minSamples?: number;
  readonly lookbackDays?: number;
  readonly longRunDays?: number;
  /** Replace the synthetic generator (e.g. with real history); must cover warm-up and evaluation. */
  readonly history?: readonly OutflowObservation[];
}

export interface BacktestReport {
  readonly calendar: CalendarId;
  readonly currency: string;
  readonly seed: number;
  readonly quantileBps: QuantileBps;
  readonly method: QuantileMethod;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly daysEvaluated: number;
  /** Days on which the money used so far in the funding period exceeded what was funded for it. */
  readonly shortfallDays: number;
  readonly shortfallDates: readonly LocalDate[];
  /** shortfallDays / daysEvaluated in basis points, rounded up (never flatters). */
  readonly shortfallRateBps: number;
  readonly fundingPeriods: number;
  readonly totalFundedMinor: bigint;
  readonly totalActualMinor: bigint;
  /** Funded but not used, summed over the periods' ends. */
  readonly idleTotalMinor: bigint;
  /** idleTotalMinor / fundingPeriods (integer division). */
  readonly averageIdleMinor: bigint;
  /** idleTotalMinor / totalFundedMinor in basis points. */
  readonly idleShareBps: number;
  readonly worstShortfallMinor: bigint;
  readonly byKind: Readonly<Record<ForecastDayKind, { readonly days: number; readonly shortfallDays: number }>>;
  /**
   * The requested days that could not be evaluated because the calendar has no data for them
   * (or for the end of their funding period): present only then, and `daysEvaluated` counts
   * the days before them.
   */
  readonly notEvaluated?: {
    readonly from: LocalDate;
    readonly to: LocalDate;
    readonly days: number;
    readonly reason: CalendarGapReason;
    readonly message: string;
  };
}

export const DEFAULT_BACKTEST_END: LocalDate = '2026-11-30';

/**
 * Replays the pre-funding rule over history and counts how often it would have left an
 * account short. Each business day D funds the period until the next business day (a whole
 * run of non-business days plus the day after it when D is the last business day before a
 * run) with the sum of the per-day quantile forecasts, using only history before D. A day is a
 * shortfall when the outflow of its period so far exceeds that funding. Idle cash is what is
 * left at the end of each period.
 *
 * @example runBacktest({ seed: 42, quantileBps: 9500, days: 120 }).shortfallRateBps // ≤ 500 at p95
 */
export function runBacktest(options: BacktestOptions): BacktestReport {
  const quantileBps = assertQuantileBps(options.quantileBps);
  if (!Number.isSafeInteger(options.days) || options.days < 1 || options.days > 3_000) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `backtest days must be 1–3000, got ${String(options.days)}`);
  }
  if (!Number.isSafeInteger(options.seed)) throw new PayoutError('PAYOUT_E_VALIDATION', 'backtest seed must be an integer');
  const calendarId = options.calendar ?? 'CN';
  const cal = getCalendar(calendarId);
  const requestedTo = parseLocalDate(options.end ?? DEFAULT_BACKTEST_END);
  const from = addDays(requestedTo, -(options.days - 1));
  const evaluable = evaluableEnd(cal, from, requestedTo);
  const to = evaluable.to;
  const warmupDays = options.warmupDays ?? 400;
  const settings: ForecastSettings = {
    quantileBps,
    method: options.method ?? DEFAULT_FORECAST_SETTINGS.method,
    minSamples: options.minSamples ?? DEFAULT_FORECAST_SETTINGS.minSamples,
    lookbackDays: options.lookbackDays ?? DEFAULT_FORECAST_SETTINGS.lookbackDays,
  };
  const longRunDays = options.longRunDays ?? DEFAULT_LONG_RUN_DAYS;
  const nothingToEvaluate = to < from;
  // The last period may run past `to` into the next business day (cut short by a calendar gap, it ends on `to`).
  const history =
    options.history ??
    (nothingToEvaluate
      ? []
      : syntheticOutflowHistory({
          seed: options.seed,
          from: addDays(from, -warmupDays),
          // `to` itself when the day after it has no data: it is then a business day, so its period ends on it.
          to: afterTo(cal, to),
          calendar: calendarId,
          baseMinor: options.baseMinor ?? 500_000_000n,
          longRunDays,
        }));
  const actual = new Map(history.map((h) => [h.date, h.outflowMinor]));
  const classify = makeDayClassifier(cal, longRunDays);
  const forecast = makeOutflowForecaster(history, classify, settings);

  const byKind: Record<ForecastDayKind, { days: number; shortfallDays: number }> = {
    weekday: { days: 0, shortfallDays: 0 },
    weekend: { days: 0, shortfallDays: 0 },
    holiday: { days: 0, shortfallDays: 0 },
    after_long_holiday: { days: 0, shortfallDays: 0 },
  };
  const shortfallDates: LocalDate[] = [];
  let periods = 0;
  let funded = 0n;
  let used = 0n;
  let idle = 0n;
  let worst = 0n;
  // Periods are (D, next business day after D] for each funding day D; start with the period holding `from`.
  for (let D = nothingToEvaluate ? to : cal.previousBusinessDay(from); D < to; D = cal.nextBusinessDay(D)) {
    const days: LocalDate[] = [];
    for (let d = addDays(D, 1); ; d = addDays(d, 1)) {
      days.push(d);
      if (cal.isBusinessDay(d)) break;
    }
    const fundedMinor = days.reduce((s, d) => s + forecast(d, D).amountMinor, 0n);
    let cumulative = 0n;
    for (const d of days) {
      const out = actual.get(d);
      if (out === undefined) throw new PayoutError('PAYOUT_E_VALIDATION', `backtest history has no outflow for ${d}`);
      cumulative += out;
      if (d < from || d > to) continue;
      const kind = classify(d).kind;
      byKind[kind].days++;
      if (cumulative > fundedMinor) {
        byKind[kind].shortfallDays++;
        shortfallDates.push(d);
        if (cumulative - fundedMinor > worst) worst = cumulative - fundedMinor;
      }
    }
    const last = days[days.length - 1] ?? D;
    if (last >= from && last <= to) {
      periods++;
      funded += fundedMinor;
      used += cumulative;
      if (fundedMinor > cumulative) idle += fundedMinor - cumulative;
    }
  }
  const daysEvaluated = evaluable.gap === undefined ? options.days : Math.max(0, daysBetween(from, to) + 1);
  const firstNotEvaluated = nothingToEvaluate ? from : addDays(to, 1);
  const notEvaluated =
    evaluable.gap === undefined
      ? undefined
      : {
          from: firstNotEvaluated,
          to: requestedTo,
          days: options.days - daysEvaluated,
          reason: evaluable.gap,
          message: `${describeGap(evaluable.gap)}: ${firstNotEvaluated} … ${requestedTo} not evaluated (their funding periods reach days without calendar data) — import ${evaluable.gap.calendar} ${evaluable.gap.year} and run again`,
        };
  return Object.freeze({
    calendar: calendarId,
    currency: options.currency ?? 'CNY',
    seed: options.seed,
    quantileBps,
    method: settings.method,
    from,
    to: requestedTo,
    daysEvaluated,
    shortfallDays: shortfallDates.length,
    shortfallDates,
    shortfallRateBps: daysEvaluated === 0 ? 0 : Math.ceil((shortfallDates.length * 10_000) / daysEvaluated),
    fundingPeriods: periods,
    totalFundedMinor: funded,
    totalActualMinor: used,
    idleTotalMinor: idle,
    averageIdleMinor: periods === 0 ? 0n : idle / BigInt(periods),
    idleShareBps: funded === 0n ? 0 : Number((idle * 10_000n) / funded),
    worstShortfallMinor: worst,
    byKind,
    ...(notEvaluated === undefined ? {} : { notEvaluated }),
  });
}

/** The next business day after `to`, or `to` when that is unknown (then `to` is a business day ending its own period). */
function afterTo(cal: ReturnType<typeof getCalendar>, to: LocalDate): LocalDate {
  const next = orCalendarGap(() => cal.nextBusinessDay(to));
  return next.ok ? next.value : to;
}

/**
 * The last day of `from`…`to` whose funding period the calendar can answer for: `to` when it
 * covers everything up to the business day that ends the period holding `to`, else the last
 * business day before the first day without data (a period is evaluated whole or not at all;
 * before `from` when nothing can be).
 */
function evaluableEnd(
  cal: ReturnType<typeof getCalendar>,
  from: LocalDate,
  to: LocalDate,
): { readonly to: LocalDate; readonly gap?: CalendarGapReason } {
  let lastBusiness: LocalDate = addDays(from, -1);
  const limit = daysBetween(from, to) + 40;
  for (let d = from, i = 0; i <= limit; d = addDays(d, 1), i++) {
    const s = dayStatus(cal, d);
    if (typeof s !== 'boolean') return { to: lastBusiness, gap: s };
    if (s && d >= to) return { to };
    if (s) lastBusiness = d;
  }
  return { to }; // broken data: the walks below fail loudly with the calendar's own error
}
