import {
  calendarCoverageAt,
  checkCalendarYearFile,
  getCalendar,
  isCalendarId,
  type CalendarCoverageView,
  type CalendarYearCheck,
} from '@payout/calendar';
import {
  appendAuditEntries,
  decideCalendarYear,
  getCalendarYear,
  insertCalendarYearProposal,
  listCalendarYears,
  listOpsAlerts,
  lockCalendarYear,
  syncCalendarYears,
  type CalendarYearRecord,
  type CalendarYearStatus,
  type OpsAlertRecord,
} from '@payout/db';
import { isPayoutError, type ErrorCode } from '@payout/domain';
import { failOutcome, okOutcome, type OpsOutcome, type OpsRequestContext } from '../ops-context.ts';
import type { OpsDeps } from '../ops-deps.ts';
import { roleMayPerform, rolesFor, type OpsAction } from '../policy/ops-role.ts';
import { auditEntry, auditRefusal, type OpsAuditAction } from './ops-audit.ts';

export type CalendarVerdict = 'approve' | 'reject' | 'withdraw';

export interface CalendarsOverview {
  readonly asOf: Date;
  readonly calendars: readonly CalendarCoverageView[];
  readonly pending: readonly CalendarYearRecord[];
}

/** Coverage of every calendar as this process sees it now (after a fresh sync), and the proposals waiting. */
export async function calendarsOverview(deps: OpsDeps): Promise<CalendarsOverview> {
  await syncCalendarYears(deps.db);
  const now = deps.clock();
  return { asOf: now, calendars: calendarCoverageAt(now), pending: await listCalendarYears(deps.db, { status: 'proposed', limit: 100 }) };
}

export async function listCalendarYearRecords(
  deps: OpsDeps,
  q: { calendarId?: string | undefined; status?: CalendarYearStatus | undefined; limit: number },
): Promise<CalendarYearRecord[]> {
  return listCalendarYears(deps.db, q);
}

export async function getCalendarYearRecord(deps: OpsDeps, id: string): Promise<CalendarYearRecord | undefined> {
  return getCalendarYear(deps.db, id);
}

export async function listAlerts(deps: OpsDeps, q: { kind?: string | undefined; limit: number }): Promise<OpsAlertRecord[]> {
  return listOpsAlerts(deps.db, q);
}

/**
 * Maker: propose a calendar year from an import file. The file is checked first (every
 * problem named by date, nothing stored when it fails); the check's notes and the difference
 * against the built-in year are stored with the proposal for the approver. One proposal per
 * calendar and year at a time.
 */
export async function proposeCalendarYear(
  deps: OpsDeps,
  ctx: OpsRequestContext,
  input: { readonly calendar: string; readonly year: number; readonly file: unknown; readonly reason: string },
): Promise<OpsOutcome<CalendarYearRecord>> {
  const action: OpsAuditAction = 'ops.calendar.propose';
  const target = `calendar:${String(input.calendar).slice(0, 20)}:${input.year}`;
  const reason = input.reason.trim();
  const refuse = async (code: ErrorCode, message: string, details?: Record<string, unknown>): Promise<OpsOutcome<CalendarYearRecord>> => {
    await auditRefusal(deps.db, ctx, action, target, { code, message }, { reason: reason === '' ? null : reason });
    return failOutcome(code, message, details);
  };
  if (!roleMayPerform(ctx.who.role, 'propose_calendar_year'))
    return refuse('PAYOUT_E_FORBIDDEN', forbidden(ctx, 'propose_calendar_year', 'proposing a calendar year'));
  if (!isCalendarId(input.calendar))
    return refuse('PAYOUT_E_UNKNOWN_CALENDAR', `unknown calendar "${String(input.calendar).slice(0, 20)}"`);
  if (reason === '') return refuse('PAYOUT_E_VALIDATION', 'a reason is required (e.g. the notice it comes from)');
  let check: CalendarYearCheck;
  try {
    check = checkCalendarYearFile(input.file, getCalendar(input.calendar).builtInYearTable(input.year));
  } catch (error) {
    if (!isPayoutError(error)) throw error;
    return refuse(error.code, error.message, error.details);
  }
  if (check.file.calendar !== input.calendar || check.file.year !== input.year) {
    return refuse(
      'PAYOUT_E_VALIDATION',
      `the file is for ${check.file.calendar} ${check.file.year}, but ${input.calendar} ${input.year} was named; name the year the file holds`,
    );
  }
  const now = deps.clock();
  const outcome = await deps.db.transaction().execute(async (tx) => {
    const row = await insertCalendarYearProposal(tx, {
      calendarId: check.file.calendar,
      year: check.file.year,
      data: check.file,
      checks: { notes: check.notes, diffAgainstBuiltIn: check.diffAgainstBuiltIn },
      reason,
      proposedBy: ctx.who.actor,
      proposedRole: ctx.who.role,
      requestId: ctx.requestId,
      proposedAt: now,
    });
    if (row === undefined) return undefined;
    await appendAuditEntries(tx, [
      auditEntry(ctx, action, target, 'proposed', {
        reason,
        after: { calendarYearId: row.id, notes: check.notes, diffAgainstBuiltIn: check.diffAgainstBuiltIn, source: check.file.source },
      }),
    ]);
    return row;
  });
  if (outcome === undefined) {
    const waiting = (await listCalendarYears(deps.db, { calendarId: input.calendar, status: 'proposed', limit: 10 })).find(
      (r) => r.year === input.year,
    );
    return refuse(
      'PAYOUT_E_CONFLICT',
      `${input.calendar} ${input.year} already has a proposal waiting${waiting === undefined ? '' : ` (${waiting.id} by ${waiting.proposedBy})`}; approve, reject or withdraw it first`,
    );
  }
  return okOutcome(outcome);
}

/**
 * Checker: approve (a second person with the approver role; the year is in force at once in
 * this process and within a minute everywhere), reject, or — by the proposer — withdraw.
 * The database refuses an approval by the proposer as well. Every refusal is audited.
 */
export async function decideOnCalendarYear(
  deps: OpsDeps,
  ctx: OpsRequestContext,
  id: string,
  verdict: CalendarVerdict,
  input: { readonly reason?: string | undefined },
): Promise<OpsOutcome<{ readonly calendarYear: CalendarYearRecord; readonly coverage?: CalendarCoverageView | undefined }>> {
  const action: OpsAuditAction =
    verdict === 'approve' ? 'ops.calendar.approve' : verdict === 'reject' ? 'ops.calendar.reject' : 'ops.calendar.withdraw';
  const target = `calendar_year:${id}`;
  const reason = input.reason?.trim() ?? '';
  type Out = OpsOutcome<{ readonly calendarYear: CalendarYearRecord; readonly coverage?: CalendarCoverageView | undefined }>;
  const refuse = async (code: ErrorCode, message: string): Promise<Out> => {
    await auditRefusal(deps.db, ctx, action, target, { code, message }, { reason: reason === '' ? null : reason });
    return failOutcome(code, message);
  };
  const needed: OpsAction =
    verdict === 'approve' ? 'approve_calendar_year' : verdict === 'reject' ? 'reject_calendar_year' : 'propose_calendar_year';
  if (!roleMayPerform(ctx.who.role, needed)) return refuse('PAYOUT_E_FORBIDDEN', forbidden(ctx, needed, `to ${verdict} a calendar year`));
  if (verdict !== 'approve' && reason === '') return refuse('PAYOUT_E_VALIDATION', `a reason is required to ${verdict}`);
  const now = deps.clock();
  const outcome = await deps.db
    .transaction()
    .execute(async (tx): Promise<{ kind: 'refused'; code: ErrorCode; message: string } | { kind: 'decided'; row: CalendarYearRecord }> => {
      const current = await lockCalendarYear(tx, id);
      if (current === undefined) return { kind: 'refused', code: 'PAYOUT_E_NOT_FOUND', message: `no calendar year ${id}` };
      if (current.status !== 'proposed')
        return {
          kind: 'refused',
          code: 'PAYOUT_E_CONFLICT',
          message: `calendar year ${id} is ${current.status}, not waiting for a decision`,
        };
      if (verdict === 'approve' && current.proposedBy === ctx.who.actor) {
        return {
          kind: 'refused',
          code: 'PAYOUT_E_OPS_SELF_APPROVAL',
          message: `${ctx.who.actor} proposed ${current.calendarId} ${current.year} and cannot approve it; a second person with the approver role must`,
        };
      }
      if (verdict === 'withdraw' && current.proposedBy !== ctx.who.actor) {
        return {
          kind: 'refused',
          code: 'PAYOUT_E_FORBIDDEN',
          message: `only ${current.proposedBy}, who proposed it, can withdraw calendar year ${id}`,
        };
      }
      const status = verdict === 'approve' ? 'approved' : verdict === 'reject' ? 'rejected' : 'withdrawn';
      const row = await decideCalendarYear(tx, {
        id,
        status,
        decidedBy: ctx.who.actor,
        decidedRole: ctx.who.role,
        decidedAt: now,
        decisionReason: reason === '' ? null : reason,
        requestId: ctx.requestId,
      });
      if (row === undefined) return { kind: 'refused', code: 'PAYOUT_E_CONFLICT', message: `calendar year ${id} was decided concurrently` };
      await appendAuditEntries(tx, [
        auditEntry(ctx, action, target, 'applied', {
          reason: reason === '' ? null : reason,
          before: { status: current.status, calendar: current.calendarId, year: current.year, proposedBy: current.proposedBy },
          after: { status: row.status },
        }),
      ]);
      return { kind: 'decided', row };
    });
  if (outcome.kind === 'refused') return refuse(outcome.code, outcome.message);
  if (outcome.row.status !== 'approved') return okOutcome({ calendarYear: outcome.row });
  // In force in this process at once; the other processes pick it up on their next sync.
  await syncCalendarYears(deps.db);
  return okOutcome({
    calendarYear: outcome.row,
    coverage: calendarCoverageAt(deps.clock()).find((c) => c.calendar === outcome.row.calendarId),
  });
}

function forbidden(ctx: OpsRequestContext, action: OpsAction, what: string): string {
  return `${ctx.who.actor} has role ${ctx.who.role}; ${what} needs ${rolesFor(action).join(' or ')}`;
}
