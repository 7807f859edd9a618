import { checkCalendarYearFile, installCalendarYears, type CalendarYearFile } from '@payout/calendar';
import type { Db } from '../database.ts';
import { loadApprovedCalendarYears } from './calendar-years.repository.ts';

export interface CalendarSyncResult {
  /** Whether the years this process answers with changed. */
  readonly changed: boolean;
  /** The approved years now installed, as `CN 2027`. */
  readonly years: readonly string[];
  /** Approved rows that no longer pass the file checks (never installed; an ops problem). */
  readonly refused: readonly { readonly id: string; readonly message: string }[];
}

/**
 * Installs the approved imported calendar years into this process's calendars. Services call
 * it at start and every minute, so an approval takes effect everywhere without a restart.
 * Each row is checked again before it is installed: a row that fails is reported, never used.
 */
export async function syncCalendarYears(db: Db): Promise<CalendarSyncResult> {
  const rows = await loadApprovedCalendarYears(db);
  const files: CalendarYearFile[] = [];
  const refused: { id: string; message: string }[] = [];
  for (const r of rows) {
    try {
      files.push(checkCalendarYearFile(r.data).file);
    } catch (error) {
      refused.push({ id: r.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  const changed = installCalendarYears(files);
  return { changed, years: files.map((f) => `${f.calendar} ${f.year}`), refused };
}

/**
 * Runs `syncCalendarYears` every `intervalMs` (real time) until the returned stop is called.
 * A failed refresh (database away) keeps the years already installed and tries again.
 */
export function startCalendarSync(
  db: Db,
  opts: { readonly intervalMs: number; readonly onResult?: (r: CalendarSyncResult) => void; readonly onError?: (error: unknown) => void },
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    syncCalendarYears(db)
      .then((r) => opts.onResult?.(r))
      .catch((error: unknown) => opts.onError?.(error))
      .finally(() => {
        running = false;
      });
  }, opts.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
