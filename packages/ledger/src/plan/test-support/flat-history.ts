import { addDays, getCalendar, type CalendarId } from '@payout/calendar';
import { makeDayClassifier, type ForecastDayKind } from '../../forecast/day-kind.ts';
import type { AccountOutflowObservation } from '../liquidity-inputs.ts';

/** Flat outflow history per kind of day, so every forecast in a plan test is exactly one of these numbers. */
export const PER_KIND: Readonly<Record<ForecastDayKind, bigint>> = {
  weekday: 100_000n,
  weekend: 50_000n,
  holiday: 70_000n,
  after_long_holiday: 300_000n,
};

/** `days` days of history before `until`, each day's outflow the flat amount of its kind (on days the calendar covers). */
export function flatHistory(fundingAccountId: string, calendar: CalendarId, until: string, days = 420): AccountOutflowObservation[] {
  const classify = makeDayClassifier(getCalendar(calendar));
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(until, -(i + 1));
    return { fundingAccountId, date, outflowMinor: PER_KIND[classify(date).kind] };
  });
}
