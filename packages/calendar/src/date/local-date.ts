import { PayoutError } from '@payout/domain';

/**
 * A calendar date without a time zone, always written `YYYY-MM-DD`. Business-day questions
 * are asked about local dates; instants become local dates only through a named time zone
 * (see `instantToZoned`). Arithmetic uses integer day numbers, never `Date`, so it cannot
 * be shifted by the host's time zone.
 */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in `month` (1–12) of the proleptic Gregorian `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Strictly parses `YYYY-MM-DD` (years 0001–9999) and returns it unchanged; `2026-02-30`,
 * `2026-2-3`, `2026-02-03T00:00` and anything that is not a string throw PAYOUT_E_VALIDATION.
 *
 * @example parseLocalDate('2026-10-01') // '2026-10-01'
 */
export function parseLocalDate(s: unknown): LocalDate {
  localDateParts(s);
  return s as LocalDate;
}

/** Year, month (1–12) and day of a local date; throws PAYOUT_E_VALIDATION when it is not one. */
export function localDateParts(s: unknown): { year: number; month: number; day: number } {
  if (typeof s !== 'string') {
    throw new PayoutError('PAYOUT_E_VALIDATION', `a date must be a "YYYY-MM-DD" string, got ${typeof s}`);
  }
  const m = LOCAL_DATE.exec(s);
  if (m === null) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `"${s.slice(0, 40)}" is not a date of the form YYYY-MM-DD`, { value: s.slice(0, 40) });
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `"${s}" is not a real calendar date`, { value: s });
  }
  return { year, month, day };
}

export function localDateYear(d: LocalDate): number {
  return localDateParts(d).year;
}

/** Builds `YYYY-MM-DD` from numbers; throws PAYOUT_E_VALIDATION for an impossible date. */
export function localDateOf(year: number, month: number, day: number): LocalDate {
  return parseLocalDate(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
}

// Days since 1970-01-01 from a civil date and back (H. Hinnant's algorithms, exact for all
// Gregorian dates); integer arithmetic keeps the host time zone out of date maths.
export function toEpochDay(d: LocalDate): number {
  const { year, month, day } = localDateParts(d);
  return epochDayOf(year, month, day);
}

/** Days since 1970-01-01 of year/month/day numbers (no validation: callers pass real dates). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(n: number): LocalDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** `d` plus `n` calendar days (`n` may be negative; must be an integer). */
export function addDays(d: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `a day count must be an integer, got ${String(n)}`);
  }
  const result = fromEpochDay(toEpochDay(d) + n);
  return parseLocalDate(result); // keeps results inside years 0001–9999
}

/** Calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** Day of the week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(d: LocalDate): number {
  return (((toEpochDay(d) + 4) % 7) + 7) % 7;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
