import { PayoutError } from '@payout/domain';
import { epochDayOf, fromEpochDay, parseLocalDate, toEpochDay, weekday, type LocalDate } from '../date/local-date.ts';
import { formatSecondsOfDay, parseLocalTime } from '../date/local-time.ts';

/**
 * Time-zone arithmetic on the IANA database that ships with Node's ICU (Intl), so DST rules
 * follow the runtime's tzdata rather than a hand-kept offset table. No clock is read.
 */

export interface ZonedDateTime {
  readonly date: LocalDate;
  /** `HH:MM:SS`, 24-hour. */
  readonly time: string;
  /** 0 = Sunday … 6 = Saturday, of the local date. */
  readonly weekday: number;
  /** Whole minutes since local midnight (0–1439). */
  readonly minutesOfDay: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch (cause) {
      throw new PayoutError('PAYOUT_E_VALIDATION', `"${timeZone}" is not an IANA time zone this runtime knows`, { timeZone }, { cause });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws PAYOUT_E_VALIDATION unless `timeZone` is a valid IANA zone name. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** Wall-clock fields of an instant in a zone, as "epoch milliseconds if the wall clock were UTC". */
function wallClockMs(epochMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const day = epochDayOf(get('year'), get('month'), get('day'));
  return day * DAY_MS + (get('hour') * 3600 + get('minute') * 60 + get('second')) * 1000;
}

/** Offset of the zone from UTC at an instant, in milliseconds (east positive). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000; // Intl drops milliseconds
  return wallClockMs(whole, timeZone) - whole;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`.
 *
 * DST is resolved like Temporal's "compatible" disambiguation: a time skipped by a
 * spring-forward gap moves forward by the gap (02:30 on a New York spring-forward day is
 * 03:30 EDT); a time that occurs twice in a fall-back overlap takes the earlier instant.
 *
 * @example zonedDateTimeToInstant('2026-03-09', '16:45', 'America/New_York').toISOString() // '2026-03-09T20:45:00.000Z'
 */
export function zonedDateTimeToInstant(date: LocalDate, time: string, timeZone: string): Date {
  const wall = toEpochDay(parseLocalDate(date)) * DAY_MS + parseLocalTime(time) * 1000;
  assertTimeZone(timeZone);
  // Offsets a day either side bracket any single transition near this wall time.
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  const after = zoneOffsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => t + zoneOffsetMs(t, timeZone) === wall);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In a gap: interpret with the offset in force before the transition, which lands after it.
  return new Date(wall - before);
}

/** Local date, time and weekday of an instant in `timeZone`. */
export function instantToZoned(instant: Date, timeZone: string): ZonedDateTime {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new PayoutError('PAYOUT_E_VALIDATION', 'the instant is an invalid Date');
  const wall = wallClockMs(Math.floor(ms / 1000) * 1000, timeZone);
  const day = Math.floor(wall / DAY_MS);
  const seconds = Math.floor((wall - day * DAY_MS) / 1000);
  const date = fromEpochDay(day);
  return { date, time: formatSecondsOfDay(seconds), weekday: weekday(date), minutesOfDay: Math.floor(seconds / 60) };
}

/** The local date of an instant in a zone (shorthand for `instantToZoned(...).date`). */
export function localDateIn(instant: Date, timeZone: string): LocalDate {
  return instantToZoned(instant, timeZone).date;
}
