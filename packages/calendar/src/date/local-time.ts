import { PayoutError } from '@payout/domain';

/** A wall-clock time `HH:MM` or `HH:MM:SS` (00:00 – 23:59:59), without a zone. */
export type LocalTime = string;

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** Seconds since local midnight; throws PAYOUT_E_VALIDATION for `24:00`, `9:30`, `17:15:60` … */
export function parseLocalTime(s: unknown): number {
  const m = typeof s === 'string' ? LOCAL_TIME.exec(s) : null;
  if (m === null) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `"${String(s).slice(0, 40)}" is not a time of the form HH:MM or HH:MM:SS`);
  }
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? '0');
}

/** `HH:MM:SS` for seconds since midnight (0 ≤ s < 86400). */
export function formatSecondsOfDay(seconds: number): LocalTime {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}
