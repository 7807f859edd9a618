import { calendarCoverageAt, getRail, type CalendarCoverageView, type CalendarId } from '@payout/calendar';
import { raiseOpsAlert, startCalendarSync, syncCalendarYears, type Db } from '@payout/db';
import type { ChannelConfig } from '../channels/channel-config.ts';
import type { Clock } from '../clock/clock.port.ts';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import type { WorkerMetrics } from '../metrics/worker-metrics.ts';

export interface CalendarWatchOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: WorkerLogger;
  readonly metrics: Pick<WorkerMetrics, 'gaugeFrom'>;
  readonly channels: readonly ChannelConfig[];
  /** Raise the coverage alerts from this process (the sweeper role does). */
  readonly raiseAlerts: boolean;
  readonly refreshMs: number;
}

/** The calendars the configured channels depend on: each bank's own and its rail's. */
export function calendarsInUse(channels: readonly Pick<ChannelConfig, 'profile'>[]): Set<CalendarId> {
  const out = new Set<CalendarId>();
  for (const c of channels) {
    out.add(c.profile.calendar);
    const rail = getRail(c.profile.rail).calendar;
    if (rail !== null) out.add(rail);
  }
  return out;
}

/**
 * The ops alert for a calendar in use that reached a coverage threshold (60, 30, 7 days
 * before its last covered day; 0 = out of data), or undefined. Raised once per calendar,
 * last covered day and threshold, whichever process gets there first.
 */
export function coverageAlert(c: CalendarCoverageView, now: Date) {
  if (c.alertThreshold === null) return undefined;
  const out = c.alertThreshold === 0;
  return {
    kind: 'calendar.coverage',
    dedupeKey: `${c.calendar}:${c.lastCoveredDay}:${c.alertThreshold}`,
    severity: out || c.alertThreshold <= 7 ? ('critical' as const) : ('warning' as const),
    message: out
      ? `calendar ${c.calendar} has no data after ${c.lastCoveredDay}: payouts whose next step needs a later day wait with PAYOUT_E_CALENDAR_NO_DATA. Import the next year: ./dev payout calendar import ${c.calendar} ${Number(c.lastCoveredDay.slice(0, 4)) + 1} FILE`
      : `calendar ${c.calendar} runs out of data on ${c.lastCoveredDay}, in ${c.daysLeft} day(s). Import the next year before then: ./dev payout calendar import ${c.calendar} ${Number(c.lastCoveredDay.slice(0, 4)) + 1} FILE`,
    details: { calendar: c.calendar, lastCoveredDay: c.lastCoveredDay, daysLeft: c.daysLeft, threshold: c.alertThreshold },
    raisedAt: now,
  };
}

/**
 * Keeps this process's calendars current and watched: installs the approved imported years
 * at start and every `refreshMs`, publishes days left per calendar as a metric, and (from the
 * sweeper role) raises the coverage alerts for the calendars the channels use.
 */
export async function startCalendarWatch(o: CalendarWatchOptions): Promise<{ stop(): void }> {
  const log = o.logger;
  const inUse = calendarsInUse(o.channels);
  const alerts = async (): Promise<void> => {
    if (!o.raiseAlerts) return;
    const now = o.clock.now();
    for (const c of calendarCoverageAt(now)) {
      if (!inUse.has(c.calendar)) continue;
      const a = coverageAlert(c, now);
      if (a === undefined) continue;
      const raised = await raiseOpsAlert(o.db, a);
      if (raised !== undefined)
        log.warn(
          { alert: a.kind, calendar: c.calendar, lastCoveredDay: c.lastCoveredDay, daysLeft: c.daysLeft, severity: a.severity },
          a.message,
        );
    }
  };
  const report = (r: { changed: boolean; years: readonly string[]; refused: readonly { id: string; message: string }[] }): void => {
    if (r.changed) log.info({ years: r.years }, 'imported calendar years installed');
    for (const x of r.refused)
      log.warn({ calendarYearId: x.id, err: x.message }, 'an approved calendar year fails its checks and is not used');
  };
  try {
    report(await syncCalendarYears(o.db));
    await alerts();
  } catch (error) {
    log.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'could not load the imported calendar years; built-in years only until the next refresh',
    );
  }
  const stopSync = startCalendarSync(o.db, {
    intervalMs: o.refreshMs,
    onResult: (r) => {
      report(r);
      alerts().catch((error: unknown) =>
        log.warn({ err: error instanceof Error ? error.message : String(error) }, 'calendar coverage alert check failed'),
      );
    },
    onError: (error) =>
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'calendar refresh failed; keeping the years installed'),
  });
  o.metrics.gaugeFrom(
    'payout_calendar_days_left',
    'Days from today (calendar zone) to the last day the calendar has data for; negative once past it',
    ['calendar', 'in_use'],
    () =>
      Promise.resolve(
        calendarCoverageAt(o.clock.now()).map((c) => ({
          labels: { calendar: c.calendar, in_use: String(inUse.has(c.calendar)) },
          value: c.daysLeft,
        })),
      ),
  );
  return { stop: stopSync };
}
