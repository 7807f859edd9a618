import { maskedExcerpt } from '../statement-error.ts';
/**
 * Calendar dates as statements write them, validated as real dates ("2026-02-30" is refused)
 * and returned as ISO "YYYY-MM-DD" strings. No Date objects: a booking date is a bank business
 * day, not an instant, and must not shift with the process time zone.
 */

/** Thrown for a bad date; parsers wrap it into PAYOUT_E_STATEMENT_MALFORMED with the place. */
export class DateFieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DateFieldError';
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})?$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** "YYYY-MM-DD" from numbers, or a DateFieldError naming the offending value. */
export function isoDate(y: number, m: number, d: number, shown: string): string {
  if (!Number.isInteger(y) || y < 1900 || y > 2999) throw new DateFieldError(`${shown} has an implausible year`);
  if (!Number.isInteger(m) || m < 1 || m > 12) throw new DateFieldError(`${shown} has no month ${m}`);
  if (!Number.isInteger(d) || d < 1 || d > daysInMonth(y, m)) throw new DateFieldError(`${shown} is not a calendar date`);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// A statement repeats the same few dates on every entry: remember the last one of each kind.
let lastIso = { text: '', iso: '' };
let lastYymmdd = { text: '', iso: '' };

/** Strict ISO date "2026-02-28". */
export function parseIsoDate(text: string): string {
  if (text === lastIso.text) return lastIso.iso;
  const iso = parseIsoDateUncached(text);
  lastIso = { text, iso };
  return iso;
}

function parseIsoDateUncached(text: string): string {
  const m = ISO_DATE.exec(text);
  if (m === null) throw new DateFieldError(`${JSON.stringify(maskedExcerpt(text.slice(0, 40)))} is not a date in YYYY-MM-DD form`);
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]), text);
}

/**
 * ISO date-time "2026-02-28T10:00:00+01:00" validated; returns it unchanged (the bank's own
 * local time and offset are kept) — use `dateOfIsoDateTime` for its calendar date.
 */
export function parseIsoDateTime(text: string): string {
  const m = ISO_DATE_TIME.exec(text);
  if (m === null) throw new DateFieldError(`${JSON.stringify(maskedExcerpt(text.slice(0, 40)))} is not an ISO date-time`);
  isoDate(Number(m[1]), Number(m[2]), Number(m[3]), text);
  if (Number(m[4]) > 24 || Number(m[5]) > 59 || Number(m[6]) > 60) throw new DateFieldError(`${text} has an impossible time`);
  return text;
}

/** The calendar date the bank wrote in a date-time, without converting zones. */
export function dateOfIsoDateTime(text: string): string {
  parseIsoDateTime(text);
  return text.slice(0, 10);
}

/** SWIFT/BAI "YYMMDD": years 00–79 are 20xx, 80–99 are 19xx (the usual SWIFT convention). */
export function parseYymmdd(text: string): string {
  if (text === lastYymmdd.text) return lastYymmdd.iso;
  const iso = parseYymmddUncached(text);
  lastYymmdd = { text, iso };
  return iso;
}

function parseYymmddUncached(text: string): string {
  if (!/^\d{6}$/.test(text)) throw new DateFieldError(`${JSON.stringify(maskedExcerpt(text.slice(0, 20)))} is not a date in YYMMDD form`);
  const yy = Number(text.slice(0, 2));
  return isoDate(yy < 80 ? 2000 + yy : 1900 + yy, Number(text.slice(2, 4)), Number(text.slice(4, 6)), text);
}

/**
 * A SWIFT "YYMMDD" that names a day past its month's end but within 31 — 30 February, 31 April:
 * German banks write interest value dates on the 30/360 day-count convention. Returns the
 * month's last day ("260230" → "2026-02-28"); undefined for a real date and for anything else
 * that is not one (month 13, day 32, day 00, not six digits), which stay errors.
 */
export function yymmddPastMonthEnd(text: string): string | undefined {
  if (!/^\d{6}$/.test(text)) return undefined;
  const yy = Number(text.slice(0, 2));
  const y = yy < 80 ? 2000 + yy : 1900 + yy;
  const m = Number(text.slice(2, 4));
  const d = Number(text.slice(4, 6));
  if (m < 1 || m > 12 || d > 31) return undefined;
  const last = daysInMonth(y, m);
  return d > last ? isoDate(y, m, last, text) : undefined;
}

/**
 * MT940 :61: entry date "MMDD" carries no year: take the year that puts it closest to the value
 * date (an entry on 12-31 for a value date of 01-02 belongs to the year before).
 */
export function monthDayNear(anchorIso: string, mmdd: string): string {
  if (!/^\d{4}$/.test(mmdd)) throw new DateFieldError(`${JSON.stringify(maskedExcerpt(mmdd))} is not a date in MMDD form`);
  if (anchorIso.slice(5, 7) === mmdd.slice(0, 2) && anchorIso.slice(8, 10) === mmdd.slice(2, 4)) {
    return anchorIso; // the usual case: booked on the value date
  }
  const year = Number(anchorIso.slice(0, 4));
  const mo = Number(mmdd.slice(0, 2));
  const d = Number(mmdd.slice(2, 4));
  const anchor = dayNumber(year, Number(anchorIso.slice(5, 7)), Number(anchorIso.slice(8, 10)));
  let best: { iso: string; distance: number } | undefined;
  for (const y of [year - 1, year, year + 1]) {
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) continue;
    const distance = Math.abs(dayNumber(y, mo, d) - anchor);
    if (best === undefined || distance < best.distance) best = { iso: isoDate(y, mo, d, mmdd), distance };
  }
  if (best === undefined) throw new DateFieldError(`${mmdd} is not a calendar month and day`);
  return best.iso;
}

/** Days since 1970-01-01 for a proleptic Gregorian date (pure arithmetic, no Date). */
export function dayNumber(y: number, m: number, d: number): number {
  const a = m <= 2 ? 1 : 0;
  const yy = y + 4800 - a;
  const mm = m + 12 * a - 3;
  return d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) - 32045 - 2440588;
}
