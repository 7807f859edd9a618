import { sql } from 'kysely';
import type { Db } from '../database.ts';
import { jsonParam } from '../support/json-param.ts';
import { uuidv7 } from '../support/uuid-v7.ts';

export type CalendarYearStatus = 'proposed' | 'approved' | 'rejected' | 'withdrawn' | 'superseded';

/** One imported calendar year and its maker-checker decision. `data` is the checked file. */
export interface CalendarYearRecord {
  readonly id: string;
  readonly calendarId: string;
  readonly year: number;
  readonly data: unknown;
  readonly checks: unknown;
  readonly status: CalendarYearStatus;
  readonly reason: string;
  readonly proposedBy: string;
  readonly proposedRole: string;
  readonly proposedAt: Date;
  readonly decidedBy: string | null;
  readonly decidedRole: string | null;
  readonly decidedAt: Date | null;
  readonly decisionReason: string | null;
  readonly supersededAt: Date | null;
}

interface Row {
  id: string;
  calendar_id: string;
  year: number;
  data: unknown;
  checks: unknown;
  status: CalendarYearStatus;
  reason: string;
  proposed_by: string;
  proposed_role: string;
  proposed_at: Date;
  decided_by: string | null;
  decided_role: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  superseded_at: Date | null;
}

function fromRow(r: Row): CalendarYearRecord {
  return {
    id: r.id,
    calendarId: r.calendar_id,
    year: r.year,
    data: r.data,
    checks: r.checks,
    status: r.status,
    reason: r.reason,
    proposedBy: r.proposed_by,
    proposedRole: r.proposed_role,
    proposedAt: r.proposed_at,
    decidedBy: r.decided_by,
    decidedRole: r.decided_role,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    supersededAt: r.superseded_at,
  };
}

export interface NewCalendarYear {
  readonly calendarId: string;
  readonly year: number;
  readonly data: unknown;
  readonly checks: unknown;
  readonly reason: string;
  readonly proposedBy: string;
  readonly proposedRole: string;
  readonly requestId: string;
  readonly proposedAt: Date;
}

/**
 * Inserts a proposed year. Undefined when that calendar and year already have a proposal
 * waiting (the partial unique index decides between racing proposers).
 */
export async function insertCalendarYearProposal(db: Db, p: NewCalendarYear): Promise<CalendarYearRecord | undefined> {
  const r = await sql<Row>`
    insert into calendar_years (id, calendar_id, year, data, checks, reason, proposed_by, proposed_role, proposed_request_id, proposed_at)
    values (${uuidv7(p.proposedAt.getTime())}::uuid, ${p.calendarId}, ${p.year}, ${jsonParam(p.data)}::jsonb, ${jsonParam(p.checks)}::jsonb,
      ${p.reason}, ${p.proposedBy}, ${p.proposedRole}, ${p.requestId}, ${p.proposedAt})
    on conflict (calendar_id, year) where status = 'proposed' do nothing
    returning *
  `.execute(db);
  const row = r.rows[0];
  return row === undefined ? undefined : fromRow(row);
}

export async function getCalendarYear(db: Db, id: string): Promise<CalendarYearRecord | undefined> {
  const r = await sql<Row>`select * from calendar_years where id = ${id}::uuid`.execute(db);
  const row = r.rows[0];
  return row === undefined ? undefined : fromRow(row);
}

/** Locks a calendar year row for a decision (FOR UPDATE). */
export async function lockCalendarYear(db: Db, id: string): Promise<CalendarYearRecord | undefined> {
  const r = await sql<Row>`select * from calendar_years where id = ${id}::uuid for update`.execute(db);
  const row = r.rows[0];
  return row === undefined ? undefined : fromRow(row);
}

export async function listCalendarYears(
  db: Db,
  q: { readonly calendarId?: string | undefined; readonly status?: CalendarYearStatus | undefined; readonly limit: number },
): Promise<CalendarYearRecord[]> {
  const r = await sql<Row>`
    select * from calendar_years
    where (${q.calendarId ?? null}::text is null or calendar_id = ${q.calendarId ?? null})
      and (${q.status ?? null}::text is null or status = ${q.status ?? null})
    order by proposed_at desc, id desc
    limit ${q.limit}
  `.execute(db);
  return r.rows.map(fromRow);
}

/** The years in force (approved), for every service to install. */
export async function loadApprovedCalendarYears(db: Db): Promise<CalendarYearRecord[]> {
  const r = await sql<Row>`select * from calendar_years where status = 'approved' order by calendar_id, year`.execute(db);
  return r.rows.map(fromRow);
}

export interface CalendarYearDecision {
  readonly id: string;
  readonly status: 'approved' | 'rejected' | 'withdrawn';
  readonly decidedBy: string;
  readonly decidedRole: string;
  readonly decidedAt: Date;
  readonly decisionReason: string | null;
  readonly requestId: string;
}

/**
 * Records a decision on a proposed year, guarded by `status = 'proposed'`: undefined when
 * someone decided first. An approval first supersedes the year in force for that calendar
 * and year (a correction), in the same transaction. The database refuses an approval by the
 * proposer or by a non-approver (CHECK calendar_years_second_person).
 */
export async function decideCalendarYear(db: Db, d: CalendarYearDecision): Promise<CalendarYearRecord | undefined> {
  if (d.status === 'approved') {
    await sql`
      update calendar_years set status = 'superseded', superseded_at = ${d.decidedAt}
      where status = 'approved' and (calendar_id, year) = (select calendar_id, year from calendar_years where id = ${d.id}::uuid and status = 'proposed')
    `.execute(db);
  }
  const r = await sql<Row>`
    update calendar_years
    set status = ${d.status}, decided_by = ${d.decidedBy}, decided_role = ${d.decidedRole}, decided_at = ${d.decidedAt},
        decision_reason = ${d.decisionReason}, decided_request_id = ${d.requestId}
    where id = ${d.id}::uuid and status = 'proposed'
    returning *
  `.execute(db);
  const row = r.rows[0];
  return row === undefined ? undefined : fromRow(row);
}
