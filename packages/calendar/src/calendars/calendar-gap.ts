import { isPayoutError } from '@payout/domain';

/**
 * A year a calendar has no data for, met while answering a question about a day in it (the
 * calendar threw PAYOUT_E_CALENDAR_NO_DATA). Nothing is guessed: the one decision that
 * needed the day waits, and is asked again once operators import the year.
 */
export interface CalendarGap {
  readonly code: 'PAYOUT_E_CALENDAR_NO_DATA';
  readonly calendar: string;
  readonly year: number;
  /** What the calendar covered when it was asked. */
  readonly fromYear: number | null;
  readonly toYear: number | null;
  /** The calendar's own words, for logs. */
  readonly message: string;
}

/**
 * The calendar and year of a PAYOUT_E_CALENDAR_NO_DATA error; undefined for anything else.
 *
 * @example
 *   try { cn.isBusinessDay('2027-01-04') } catch (e) { calendarGapOf(e) } // { calendar: 'CN', year: 2027, … } until CN 2027 is imported
 */
export function calendarGapOf(error: unknown): CalendarGap | undefined {
  if (!isPayoutError(error) || error.code !== 'PAYOUT_E_CALENDAR_NO_DATA') return undefined;
  const d = error.details ?? {};
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
  return {
    code: 'PAYOUT_E_CALENDAR_NO_DATA',
    calendar: typeof d['calendar'] === 'string' ? d['calendar'] : 'unknown',
    year: num(d['year']) ?? Number(/\b(\d{4})\b/.exec(error.message)?.[1] ?? 0),
    fromYear: num(d['fromYear']),
    toYear: num(d['toYear']),
    message: error.message,
  };
}

export type CalendarAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly gap: CalendarGap };

/**
 * `ask()`, or the gap when its answer needs a calendar year without data. Any other error is
 * thrown: only the missing year is an expected outcome.
 *
 * @example
 *   const due = askCalendar(() => verificationDue(profile, now));
 *   if (!due.ok) return waitFor(due.gap);
 */
export function askCalendar<T>(ask: () => T): CalendarAnswer<T> {
  try {
    return { ok: true, value: ask() };
  } catch (error) {
    const gap = calendarGapOf(error);
    if (gap === undefined) throw error;
    return { ok: false, gap };
  }
}
