import type { Generated, GeneratedAlways } from 'kysely';
import type { DefaultedJson, Json, Timestamp } from './columns.ts';

// Tables of migration 0110_calendar_years (../migrations/0110-calendar-years.ts).

export interface CalendarYearsTable {
  id: string;
  calendar_id: string;
  year: number;
  /** The checked calendar file (`{ calendar, year, … }`). */
  data: Json;
  checks: Json;
  status: Generated<'proposed' | 'approved' | 'rejected' | 'withdrawn' | 'superseded'>;
  reason: string;
  proposed_by: string;
  proposed_role: string;
  proposed_request_id: string | null;
  proposed_at: Timestamp;
  decided_by: string | null;
  decided_role: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  decided_request_id: string | null;
  superseded_at: Timestamp | null;
}

export interface OpsAlertsTable {
  id: GeneratedAlways<bigint>;
  kind: string;
  dedupe_key: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  details: DefaultedJson<Record<string, unknown>>;
  raised_at: Timestamp;
}
