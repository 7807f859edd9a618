import { PayoutError } from '@payout/domain';
import { zonedDateTimeToInstant } from './time-zone.ts';

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,3}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Strictly parses an ISO 8601 instant with an explicit offset (`2026-09-30T17:30+08:00`,
 * `2026-03-09T20:45:00Z`, optional milliseconds). A time without an offset is refused: it
 * would silently take the host's zone.
 */
export function parseIsoInstant(s: unknown): Date {
  const m = typeof s === 'string' ? ISO_INSTANT.exec(s) : null;
  if (m === null) {
    throw new PayoutError(
      'PAYOUT_E_VALIDATION',
      `"${String(s).slice(0, 40)}" is not an ISO 8601 instant with an offset, e.g. 2026-09-30T17:30+08:00`,
    );
  }
  const [, date = '', time = '', millis = '0', zone = 'Z'] = m;
  const wallAsUtc = zonedDateTimeToInstant(date, time, 'UTC').getTime() + Number(millis.padEnd(3, '0'));
  if (zone === 'Z') return new Date(wallAsUtc);
  const sign = zone.startsWith('-') ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) throw new PayoutError('PAYOUT_E_VALIDATION', `"${s as string}" has an impossible UTC offset`);
  return new Date(wallAsUtc - sign * (hours * 60 + minutes) * 60_000);
}
