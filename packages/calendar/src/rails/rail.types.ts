import type { CalendarId } from '../calendars/calendar.types.ts';

export const RAIL_IDS = [
  'CN_HVPS',
  'CN_BEPS',
  'CN_IBPS',
  'US_ACH',
  'US_FEDWIRE',
  'US_FEDNOW',
  'EU_SEPA_SCT',
  'EU_SEPA_INST',
  'UK_FPS',
  'UK_BACS',
] as const;
export type RailId = (typeof RAIL_IDS)[number];

/** How the rail settles between banks. */
export type SettlementKind = 'rtgs' | 'instant' | 'deferred_net';

/**
 * The daily session of a rail that runs on business days, in the rail's local time. The
 * session belonging to business day D runs from `open` (on D, or on the calendar day
 * before D when `opensPreviousDay`) until `close` on D.
 */
export interface RailHours {
  readonly open: string;
  readonly close: string;
  /** HVPS opens 20:30 and Fedwire 21:00 on the calendar day before their business day. */
  readonly opensPreviousDay: boolean;
}

/** A named deadline on a business day, local `HH:MM` in the rail's zone. */
export interface RailCutoff {
  readonly name: string;
  readonly time: string;
  readonly description: string;
}

/**
 * A recurring local window during which the rail accepts nothing. `end` before `start`
 * means the window crosses midnight. `weekdays` (0 = Sunday) are the days the window
 * starts on; absent = every day.
 */
export interface MaintenanceWindow {
  readonly start: string;
  readonly end: string;
  readonly weekdays?: readonly number[];
  readonly description: string;
}

export interface RailProfile {
  readonly id: RailId;
  readonly name: string;
  readonly currency: string;
  /** The business-day calendar the rail follows; `null` = runs 24×7×365. */
  readonly calendar: CalendarId | null;
  /** IANA zone in which hours and cut-offs are stated. */
  readonly timeZone: string;
  /** Session on business days; `null` = all day (or always, when `calendar` is null). */
  readonly hours: RailHours | null;
  /** Named cut-offs in ascending time; the last one is the default for `cutoffInstant`. */
  readonly cutoffs: readonly RailCutoff[];
  readonly maintenance: readonly MaintenanceWindow[];
  readonly settlement: SettlementKind;
  /** Time within which a final status (settled / rejected) normally arrives, seconds. */
  readonly typicalFinalSeconds: number;
  /** Longer than this without a final status is abnormal for the rail, seconds. */
  readonly maxFinalSeconds: number;
  /** What the values above are based on, and what they leave out. */
  readonly notes: string;
}
