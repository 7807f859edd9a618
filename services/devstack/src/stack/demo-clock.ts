import { getCalendar, instantToZoned, zonedDateTimeToInstant } from '@payout/calendar';
import { DEMO_SIM_START } from './demo-banks.ts';

const ZONE = 'Asia/Shanghai';

/**
 * The demo's simulated day unless `--start` names another: a Tuesday whose next CN business
 * day (the demo's second morning) is also inside the built-in calendar.
 */
export const DEMO_DAY = '2026-11-17';

export type DemoStart = { readonly ok: true; readonly start: Date } | { readonly ok: false; readonly message: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Where the demo's simulated clock starts — never the machine's date, so the demo runs the
 * same on any day: `--start YYYY-MM-DD` at 16:55 Shanghai (DEMO_SIM_START), `--start` with an
 * ISO instant and its offset exactly there, else DEMO_DAY at 16:55. The day must be a CN
 * business day whose next business day has calendar data: the demo verifies that morning.
 *
 * @example demoSimStart('2026-09-30') // the eve of National Day, 16:55 Shanghai (08:55Z)
 */
export function demoSimStart(value: string | undefined): DemoStart {
  const given = value ?? DEMO_DAY;
  let start: Date;
  if (DATE.test(given)) {
    if (new Date(`${given}T00:00:00Z`).toISOString().slice(0, 10) !== given) return bad(given, 'no such date');
    start = zonedDateTimeToInstant(given, DEMO_SIM_START, ZONE);
  } else if (INSTANT.test(given) && !Number.isNaN(Date.parse(given))) {
    start = new Date(given);
  } else {
    return bad(
      given,
      `expected a date (YYYY-MM-DD; the demo starts at ${DEMO_SIM_START} Shanghai) or an ISO instant with its offset (2026-11-17T16:55:00+08:00)`,
    );
  }
  const day = instantToZoned(start, ZONE).date;
  const cn = getCalendar('CN');
  try {
    if (!cn.isBusinessDay(day))
      return bad(given, `${weekday(day)} ${day} is not a CN business day (a weekend or a holiday); pick one, such as ${DEMO_DAY}`);
    cn.nextBusinessDay(day);
  } catch (error) {
    return bad(
      given,
      `the demo needs ${day} and the CN business day after it in the calendar data: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { ok: true, start };
}

function bad(value: string, why: string): DemoStart {
  return { ok: false, message: `--start ${value}: ${why}` };
}

/** `Tuesday 2026-11-17 16:55 Shanghai` */
export function shanghaiTime(at: Date): string {
  const z = instantToZoned(at, ZONE);
  return `${weekday(z.date)} ${z.date} ${z.time.slice(0, 5)} Shanghai`;
}

/** `16:55` */
export function shanghaiHourMinute(at: Date): string {
  return instantToZoned(at, ZONE).time.slice(0, 5);
}

function weekday(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
}
