import { getCalendar, instantToZoned, zonedDateTimeToInstant } from '@payout/calendar';

/**
 * Where the demo's simulated clock starts: `time` Shanghai on the first CN business day whose
 * `time` is still ahead of the real clock. Simulated time must never be behind real time:
 * intake stamps rows with the database's (real) clock, and they must already be due.
 */
export function demoSimStart(time: string, realNow: Date): Date {
  const cal = getCalendar('CN');
  let day = instantToZoned(realNow, 'Asia/Shanghai').date;
  for (let i = 0; i < 30; i++) {
    if (cal.isBusinessDay(day)) {
      const at = zonedDateTimeToInstant(day, time, 'Asia/Shanghai');
      if (at.getTime() > realNow.getTime()) return at;
    }
    day = cal.nextBusinessDay(day);
  }
  throw new Error('no CN business day within 30 days');
}

export function shanghaiTime(iso: string): string {
  const z = instantToZoned(new Date(iso), 'Asia/Shanghai');
  return `${z.date} ${z.time.slice(0, 5)} Shanghai`;
}
