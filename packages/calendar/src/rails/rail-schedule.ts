import { PayoutError } from '@payout/domain';
import { getCalendar } from '../calendars/calendar-registry.ts';
import { addDays, parseLocalDate, weekday, type LocalDate } from '../date/local-date.ts';
import { instantToZoned, zonedDateTimeToInstant } from '../zone/time-zone.ts';
import type { MaintenanceWindow, RailProfile } from './rail.types.ts';

// Longest closure we look across for the next opening (Spring Festival runs are 9 days).
const MAX_SEARCH_DAYS = 40;

/** Whether the rail runs on local date `d` at all (its calendar's business day, or always). */
function isOperatingDay(rail: RailProfile, d: LocalDate): boolean {
  return rail.calendar === null || getCalendar(rail.calendar).isBusinessDay(d);
}

/** The session belonging to operating day `d`, as instants [start, end). */
function session(rail: RailProfile, d: LocalDate): { start: Date; end: Date } {
  if (rail.hours === null) {
    return { start: zonedDateTimeToInstant(d, '00:00', rail.timeZone), end: zonedDateTimeToInstant(addDays(d, 1), '00:00', rail.timeZone) };
  }
  const openDay = rail.hours.opensPreviousDay ? addDays(d, -1) : d;
  return {
    start: zonedDateTimeToInstant(openDay, rail.hours.open, rail.timeZone),
    end: zonedDateTimeToInstant(d, rail.hours.close, rail.timeZone),
  };
}

/** Occurrences of a maintenance window that start on local date `d` (zero or one). */
function maintenanceOn(rail: RailProfile, w: MaintenanceWindow, d: LocalDate): { start: Date; end: Date } | undefined {
  if (w.weekdays !== undefined && !w.weekdays.includes(weekday(d))) return undefined;
  const start = zonedDateTimeToInstant(d, w.start, rail.timeZone);
  const endsNextDay = w.end <= w.start;
  const end = zonedDateTimeToInstant(endsNextDay ? addDays(d, 1) : d, w.end, rail.timeZone);
  return { start, end };
}

/** The end of the maintenance window covering `at`, or undefined when none does. */
function maintenanceEndAt(rail: RailProfile, at: Date): Date | undefined {
  const today = instantToZoned(at, rail.timeZone).date;
  for (const w of rail.maintenance) {
    for (const d of [addDays(today, -1), today]) {
      const occ = maintenanceOn(rail, w, d);
      if (occ !== undefined && occ.start.getTime() <= at.getTime() && at.getTime() < occ.end.getTime()) return occ.end;
    }
  }
  return undefined;
}

/** Whether the session of operating day `d` contains `at` (maintenance aside). */
function inSession(rail: RailProfile, d: LocalDate, at: Date): boolean {
  if (!isOperatingDay(rail, d)) return false;
  const s = session(rail, d);
  return s.start.getTime() <= at.getTime() && at.getTime() < s.end.getTime();
}

/**
 * Whether the rail accepts instructions at `at`: inside its session on an operating day and
 * outside maintenance. Throws PAYOUT_E_CALENDAR_NO_DATA when the answer depends on a
 * day the rail's calendar has no data for.
 *
 * @example isRailOpen(RAILS.CN_HVPS, new Date('2026-02-13T13:00:00Z')) // true: Sat 02-14 is a make-up day, HVPS opened Fri 20:30
 */
export function isRailOpen(rail: RailProfile, at: Date): boolean {
  const today = instantToZoned(at, rail.timeZone).date;
  // Today's session first; tomorrow's only when it can already have opened (HVPS, Fedwire).
  const open = inSession(rail, today, at) || (rail.hours?.opensPreviousDay === true && inSession(rail, addDays(today, 1), at));
  return open && maintenanceEndAt(rail, at) === undefined;
}

/**
 * The first instant at or after `at` when the rail is open (`at` itself when it is open).
 *
 * @example nextRailOpening(RAILS.US_FEDWIRE, fridayEvening) // Sunday 21:00 ET (Monday's business day opens)
 */
export function nextRailOpening(rail: RailProfile, at: Date): Date {
  if (isRailOpen(rail, at)) return at;
  const today = instantToZoned(at, rail.timeZone).date;
  for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
    const d = addDays(today, i);
    if (!isOperatingDay(rail, d)) continue;
    const s = session(rail, d);
    if (s.end.getTime() <= at.getTime()) continue;
    let candidate = new Date(Math.max(s.start.getTime(), at.getTime()));
    // Step past back-to-back maintenance windows (bounded: a window covering whole days
    // would otherwise never end).
    for (let k = 0; k < 8; k++) {
      const end = maintenanceEndAt(rail, candidate);
      if (end === undefined) break;
      candidate = end;
    }
    if (candidate.getTime() < s.end.getTime() && maintenanceEndAt(rail, candidate) === undefined) return candidate;
  }
  throw new PayoutError('PAYOUT_E_INTERNAL', `rail ${rail.id}: no opening within ${MAX_SEARCH_DAYS} days after ${at.toISOString()}`);
}

/**
 * The instant of a named cut-off (default: the day's last) on local date `date` in the
 * rail's zone, DST-correct. Throws PAYOUT_E_VALIDATION when the rail has no such cut-off
 * or `date` is not one of its business days (a closed day has no cut-off).
 *
 * @example cutoffInstant(RAILS.US_ACH, '2026-03-09').toISOString() // '2026-03-09T20:45:00.000Z' (16:45 EDT)
 */
export function cutoffInstant(rail: RailProfile, date: LocalDate, cutoffName?: string): Date {
  parseLocalDate(date);
  const cutoff = cutoffName === undefined ? rail.cutoffs[rail.cutoffs.length - 1] : rail.cutoffs.find((c) => c.name === cutoffName);
  if (cutoff === undefined) {
    const known = rail.cutoffs.map((c) => c.name).join(', ') || 'none';
    throw new PayoutError('PAYOUT_E_VALIDATION', `rail ${rail.id} has no cut-off "${cutoffName ?? '(last)'}"; its cut-offs: ${known}`, {
      rail: rail.id,
    });
  }
  if (!isOperatingDay(rail, date)) {
    throw new PayoutError(
      'PAYOUT_E_VALIDATION',
      `${date} is not a ${rail.calendar ?? ''} business day, so rail ${rail.id} has no cut-off that day`,
      {
        rail: rail.id,
        date,
      },
    );
  }
  return zonedDateTimeToInstant(date, cutoff.time, rail.timeZone);
}
