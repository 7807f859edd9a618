import { PayoutError } from '@payout/domain';
import { addDays, parseLocalDate, type LocalDate } from '@payout/calendar';
import { calendarGapOf, type CalendarGapReason } from './calendar-gap.ts';
import type { DayClass, ForecastDayKind } from './day-kind.ts';
import { assertQuantileBps, quantile, type QuantileBps, type QuantileMethod } from './quantile.ts';

/** One day's total payout outflow of a funding account (minor units of its currency). */
export interface OutflowObservation {
  readonly date: LocalDate;
  readonly outflowMinor: bigint;
}

export interface ForecastSettings {
  readonly quantileBps: QuantileBps;
  readonly method: QuantileMethod;
  /** A finer key (e.g. "weekday:1") is used only with at least this many samples. */
  readonly minSamples: number;
  /** Only history this many days before the forecast date counts (seasonality drifts). */
  readonly lookbackDays: number;
}

export const DEFAULT_FORECAST_SETTINGS: ForecastSettings = Object.freeze({
  quantileBps: 9_500,
  method: 'predictive',
  minSamples: 8,
  lookbackDays: 400,
});

/** Which samples a forecast came from: its own key, its kind, the whole history, or none. */
export type ForecastBasis = 'key' | 'kind' | 'all' | 'none';

export interface DayForecast {
  readonly date: LocalDate;
  readonly kind: ForecastDayKind;
  readonly key: string;
  readonly amountMinor: bigint;
  readonly basis: ForecastBasis;
  readonly sampleSize: number;
  readonly capped: boolean;
}

/** `forecast(date, knownBefore)`, plus the history it could not use. */
export interface OutflowForecaster {
  (date: LocalDate, knownBefore: LocalDate): DayForecast;
  /**
   * History days left out because the calendar has no data for them: their kind of day is
   * unknown, so they cannot stand for any kind. Empty whenever the calendar covers the history.
   */
  readonly unclassified: readonly { readonly date: LocalDate; readonly reason: CalendarGapReason }[];
}

/**
 * Builds a forecaster over one account's outflow history: `forecast(date, knownBefore)` is the
 * configured high quantile of the outflows on days of the same kind, using only days strictly
 * before `knownBefore` (no look-ahead) and within `lookbackDays`. It prefers the finest key
 * with `minSamples` samples, then the kind (any samples), then the whole history; with no
 * history at all it forecasts zero and says so (`basis: 'none'`). History on days the calendar
 * has no data for is left out (listed in `unclassified`); forecasting such a day throws
 * PAYOUT_E_CALENDAR_NO_DATA (its kind is unknown).
 *
 * @example
 *   const f = makeOutflowForecaster(history, makeDayClassifier(getCalendar('CN')), DEFAULT_FORECAST_SETTINGS);
 *   f('2026-10-08', '2026-09-30').amountMinor // p95 of the first days after earlier long holidays
 */
export function makeOutflowForecaster(
  history: readonly OutflowObservation[],
  classify: (d: LocalDate) => DayClass,
  settings: ForecastSettings,
): OutflowForecaster {
  assertQuantileBps(settings.quantileBps);
  if (
    !Number.isSafeInteger(settings.minSamples) ||
    settings.minSamples < 1 ||
    !Number.isSafeInteger(settings.lookbackDays) ||
    settings.lookbackDays < 1
  ) {
    throw new PayoutError('PAYOUT_E_VALIDATION', 'forecast minSamples and lookbackDays must be positive integers');
  }
  const unclassified: { date: LocalDate; reason: CalendarGapReason }[] = [];
  const classified = [...history]
    .flatMap((h) => {
      if (typeof h.outflowMinor !== 'bigint' || h.outflowMinor < 0n) {
        throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', `outflow history for ${h.date} must be a non-negative bigint`);
      }
      const date = parseLocalDate(h.date);
      try {
        return [{ ...h, date, cls: classify(h.date) }];
      } catch (error) {
        const reason = calendarGapOf(error, date);
        if (reason === undefined) throw error;
        unclassified.push({ date, reason });
        return [];
      }
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const forecast = (date: LocalDate, knownBefore: LocalDate): DayForecast => {
    const cls = classify(date);
    const from = addDays(knownBefore, -settings.lookbackDays);
    const window = classified.filter((h) => h.date < knownBefore && h.date >= from);
    const byKey = window.filter((h) => h.cls.key === cls.key).map((h) => h.outflowMinor);
    const byKind = window.filter((h) => h.cls.kind === cls.kind).map((h) => h.outflowMinor);
    const all = window.map((h) => h.outflowMinor);
    const [basis, sample]: [ForecastBasis, bigint[]] =
      byKey.length >= settings.minSamples
        ? ['key', byKey]
        : byKind.length > 0
          ? ['kind', byKind]
          : all.length > 0
            ? ['all', all]
            : ['none', []];
    const q = quantile(sample, settings.quantileBps, settings.method);
    return Object.freeze({
      date,
      kind: cls.kind,
      key: cls.key,
      amountMinor: q?.value ?? 0n,
      basis,
      sampleSize: q?.sampleSize ?? 0,
      capped: q?.capped ?? false,
    });
  };
  return Object.assign(forecast, { unclassified: Object.freeze(unclassified) });
}
