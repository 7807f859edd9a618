import { addDays, weekday, type BusinessCalendar, type LocalDate } from '@payout/calendar';
import { dayStatus, type CalendarGapReason } from './calendar-gap.ts';

/**
 * Days that behave alike for payout volume:
 *  weekday             an ordinary business day (make-up working Saturdays included)
 *  weekend             a day of an ordinary two-day weekend
 *  holiday             a day of a run that has a closed weekday or is `longRunDays` or longer
 *                      (the weekend days inside China's Golden Week are holiday days)
 *  after_long_holiday  the first business day after a run of `longRunDays` or more: it carries
 *                      the backlog
 */
export const DAY_KINDS = ['weekday', 'weekend', 'holiday', 'after_long_holiday'] as const;
export type ForecastDayKind = (typeof DAY_KINDS)[number];

export interface DayClass {
  readonly date: LocalDate;
  readonly kind: ForecastDayKind;
  /** Finer key for forecasting: weekday and weekend days are split by day of the week. */
  readonly key: string;
  /**
   * Set when the day's run reaches a neighbouring day the calendar has no data for: that day
   * was counted as closed (the conservative reading: no funding lands on it), so the kind may
   * change once the year is imported.
   */
  readonly gap?: CalendarGapReason;
}

export const DEFAULT_LONG_RUN_DAYS = 3;

// Closed runs are at most ~9 days (Spring Festival); this bounds the walk over broken data.
const MAX_RUN = 31;

/**
 * Classifies days on one calendar, caching run look-ups (a backtest classifies hundreds of
 * days). Throws PAYOUT_E_CALENDAR_NO_DATA for a date the calendar has no data for; a
 * neighbouring day without data counts as closed and is named in the class's `gap`.
 */
export function makeDayClassifier(cal: BusinessCalendar, longRunDays = DEFAULT_LONG_RUN_DAYS): (d: LocalDate) => DayClass {
  const cache = new Map<LocalDate, DayClass>();
  // A closed day, or a day without data (counted as closed; the first such gap is remembered).
  const closed = (x: LocalDate, seen: { gap?: CalendarGapReason }): boolean => {
    const s = dayStatus(cal, x);
    if (typeof s === 'boolean') return !s;
    seen.gap ??= s;
    return true;
  };
  const runOf = (d: LocalDate, seen: { gap?: CalendarGapReason }): LocalDate[] => {
    const days = [d];
    for (let x = addDays(d, -1); days.length < MAX_RUN && closed(x, seen); x = addDays(x, -1)) days.unshift(x);
    for (let x = addDays(d, 1); days.length < MAX_RUN && closed(x, seen); x = addDays(x, 1)) days.push(x);
    return days;
  };
  // A closed weekday makes a run a holiday; only length makes it long enough to leave a backlog.
  const isHolidayRun = (run: readonly LocalDate[]): boolean =>
    run.length >= longRunDays || run.some((x) => weekday(x) !== 0 && weekday(x) !== 6);
  const known = (x: LocalDate): boolean => typeof dayStatus(cal, x) === 'boolean';

  return (d) => {
    const hit = cache.get(d);
    if (hit !== undefined) return hit;
    let result: DayClass;
    const wd = weekday(d);
    const seen: { gap?: CalendarGapReason } = {};
    const withGap = (c: DayClass): DayClass => (seen.gap === undefined ? c : { ...c, gap: seen.gap });
    if (!cal.isBusinessDay(d)) {
      const run = runOf(d, seen);
      const kind: ForecastDayKind = isHolidayRun(run) ? 'holiday' : 'weekend';
      result = withGap({ date: d, kind, key: kind === 'weekend' ? `weekend:${wd}` : kind });
      for (const x of run) {
        if (x !== d && !cache.has(x) && known(x))
          cache.set(x, withGap({ date: x, kind, key: kind === 'weekend' ? `weekend:${weekday(x)}` : kind }));
      }
    } else {
      const prev = addDays(d, -1);
      const after = closed(prev, seen) && runOf(prev, seen).length >= longRunDays;
      result = withGap(
        after ? { date: d, kind: 'after_long_holiday', key: 'after_long_holiday' } : { date: d, kind: 'weekday', key: `weekday:${wd}` },
      );
    }
    cache.set(d, result);
    return result;
  };
}
