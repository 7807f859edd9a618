import { appendAuditEntries, type Db, type NewAuditEntry, type OpsPayoutRecord } from '@payout/db';
import type { ErrorCode } from '@payout/domain';
import type { OpsRequestContext } from '../ops-context.ts';

/** The audit action name of each ops operation (audit_log.action). */
export type OpsAuditAction =
  | 'ops.access'
  | 'ops.request'
  | 'ops.stuck.list'
  | 'ops.timeline.view'
  | 'ops.repoll'
  | 'ops.retry'
  | 'ops.cancel'
  | 'ops.force_resolve.propose'
  | 'ops.force_resolve.approve'
  | 'ops.force_resolve.reject'
  | 'ops.force_resolve.withdraw'
  | 'ops.bulk.preview'
  | 'ops.bulk.execute'
  | 'ops.calendar.propose'
  | 'ops.calendar.approve'
  | 'ops.calendar.reject'
  | 'ops.calendar.withdraw'
  | 'ops.audit.read';

/** A payout's state as audit rows record it before and after an action (no account data). */
export function payoutSnapshot(p: OpsPayoutRecord): Record<string, unknown> {
  return {
    status: p.payout.status,
    version: p.payout.version,
    nextAction: p.payout.nextAction,
    attempts: p.attempts.map((a) => ({ no: a.attemptNo, channel: a.channelId, state: a.state, reasonCode: a.reasonCode })),
  };
}

export function auditEntry(
  ctx: OpsRequestContext,
  action: OpsAuditAction,
  target: string,
  outcome: 'applied' | 'refused' | 'proposed' | 'previewed' | 'error',
  fields: { readonly reason: string | null; readonly before?: unknown; readonly after?: unknown },
): NewAuditEntry {
  return {
    actor: ctx.who.actor,
    role: ctx.who.role,
    action,
    target,
    reason: fields.reason,
    before: fields.before ?? null,
    after: fields.after ?? null,
    requestId: ctx.requestId,
    outcome,
  };
}

/** Records a refusal (in its own statement: whatever the action tried was rolled back). */
export async function auditRefusal(
  db: Db,
  ctx: OpsRequestContext,
  action: OpsAuditAction,
  target: string,
  refusal: { readonly code: ErrorCode; readonly message: string },
  fields: { readonly reason: string | null; readonly before?: unknown },
): Promise<void> {
  await appendAuditEntries(db, [
    auditEntry(ctx, action, target, 'refused', { ...fields, after: { refused: refusal.code, message: refusal.message } }),
  ]);
}
