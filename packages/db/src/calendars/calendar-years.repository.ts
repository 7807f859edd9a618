import { sql, type Selectable } from 'kysely';
import type { Db } from '../database.ts';
import type { CalendarYearsTable } from '../schema/calendars.tables.ts';
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

type Row = Selectable<CalendarYearsTable>;

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
  const row = await db
    .insertInto('calendar_years')
    .values({
      id: uuidv7(p.proposedAt.getTime()),
      calendar_id: p.calendarId,
      year: p.year,
      data: jsonParam(p.data),
      checks: jsonParam(p.checks),
      reason: p.reason,
      proposed_by: p.proposedBy,
      proposed_role: p.proposedRole,
      proposed_request_id: p.requestId,
      proposed_at: p.proposedAt,
    })
    // The partial unique index calendar_years_one_proposed_idx decides between racing proposers
    // (its predicate must be a literal: Postgres infers the index before parameters are bound).
    .onConflict((oc) => oc.columns(['calendar_id', 'year']).where('status', '=', sql.lit('proposed')).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

export async function getCalendarYear(db: Db, id: string): Promise<CalendarYearRecord | undefined> {
  const row = await db.selectFrom('calendar_years').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** Locks a calendar year row for a decision (FOR UPDATE). */
export async function lockCalendarYear(db: Db, id: string): Promise<CalendarYearRecord | undefined> {
  const row = await db.selectFrom('calendar_years').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

export async function listCalendarYears(
  db: Db,
  q: { readonly calendarId?: string | undefined; readonly status?: CalendarYearStatus | undefined; readonly limit: number },
): Promise<CalendarYearRecord[]> {
  let query = db.selectFrom('calendar_years').selectAll();
  if (q.calendarId !== undefined) query = query.where('calendar_id', '=', q.calendarId);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  const rows = await query.orderBy('proposed_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map(fromRow);
}

/** The years in force (approved), for every service to install. */
export async function loadApprovedCalendarYears(db: Db): Promise<CalendarYearRecord[]> {
  const rows = await db
    .selectFrom('calendar_years')
    .selectAll()
    .where('status', '=', 'approved')
    .orderBy('calendar_id')
    .orderBy('year')
    .execute();
  return rows.map(fromRow);
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
  const row = await db
    .updateTable('calendar_years')
    .set({
      status: d.status,
      decided_by: d.decidedBy,
      decided_role: d.decidedRole,
      decided_at: d.decidedAt,
      decision_reason: d.decisionReason,
      decided_request_id: d.requestId,
    })
    .where('id', '=', d.id)
    .where('status', '=', 'proposed')
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}
