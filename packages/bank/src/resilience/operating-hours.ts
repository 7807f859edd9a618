import {
  addDays,
  calendarGapOf,
  getCalendar,
  getRail,
  instantToZoned,
  isRailOpen,
  nextRailOpening,
  zonedDateTimeToInstant,
  type CalendarGap,
} from '@payout/calendar';
import type { BankProfile } from '../profile/bank-profile.ts';

export type HoursDecision =
  | { readonly open: true }
  | { readonly open: false; readonly reopensAt: Date }
  /**
   * Unknown: the answer depends on a day the calendar has no data for. Neither open nor
   * provably closed — callers wait and ask again; they never treat it as a closed bank.
   */
  | { readonly open: false; readonly noData: CalendarGap };

/** Whether a channel takes submissions at an instant; the resilience wrapper asks before each submit. Never throws for a missing calendar year. */
export type OperatingHoursGate = (at: Date) => HoursDecision;

const MAX_SEARCH_DAYS = 40;

/**
 * The gate a profile declares: the rail's own session (from @payout/calendar), always open,
 * or a daily local window (optionally business days only, by the bank's calendar). A question
 * the calendar cannot answer (a year without data) is `{ open: false, noData }`, not an error.
 */
export function operatingHoursGate(profile: BankProfile): OperatingHoursGate {
  const gate = rawGate(profile);
  return (at) => {
    try {
      return gate(at);
    } catch (error) {
      const gap = calendarGapOf(error);
      if (gap === undefined) throw error;
      return { open: false, noData: gap };
    }
  };
}

function rawGate(profile: BankProfile): OperatingHoursGate {
  const hours = profile.operatingHours;
  switch (hours.kind) {
    case 'always':
      return () => ({ open: true });
    case 'rail': {
      const rail = getRail(profile.rail);
      return (at) => (isRailOpen(rail, at) ? { open: true } : { open: false, reopensAt: nextRailOpening(rail, at) });
    }
    case 'daily': {
      const calendar = getCalendar(profile.calendar);
      const tz = profile.timeZone;
      const operatingDay = (d: string): boolean => !hours.businessDaysOnly || calendar.isBusinessDay(d);
      return (at) => {
        const today = instantToZoned(at, tz).date;
        for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
          const d = addDays(today, i);
          if (!operatingDay(d)) continue;
          const start = zonedDateTimeToInstant(d, hours.open, tz);
          const end = zonedDateTimeToInstant(d, hours.close, tz);
          if (end.getTime() <= at.getTime()) continue;
          if (start.getTime() <= at.getTime()) return { open: true };
          return { open: false, reopensAt: start };
        }
        // No window in sight (misconfiguration): closed, check again in a day.
        return { open: false, reopensAt: new Date(at.getTime() + 86_400_000) };
      };
    }
  }
}
