import { queryAuditLog, type AuditLogFilter, type AuditLogPage } from '@payout/db';
import { failOutcome, okOutcome, type OpsOutcome, type OpsRequestContext } from '../ops-context.ts';
import type { OpsDeps } from '../ops-deps.ts';
import { roleMayPerform, rolesFor } from '../policy/ops-role.ts';
import { auditRefusal } from './ops-audit.ts';

/** The target an audit-log read is recorded under when it is refused. */
export const AUDIT_LOG_TARGET = 'audit_log';

/**
 * One page of the audit log for a person whose role may read it (`read_audit`). A refused
 * read is itself audited (action `ops.audit.read`, target `audit_log`), so asking for the log
 * without the right shows up in it; allowed reads are not audited, like the other ops reads.
 */
export async function readAuditLog(
  deps: OpsDeps,
  ctx: OpsRequestContext,
  filter: AuditLogFilter,
  page: { readonly limit: number; readonly before?: bigint | undefined },
): Promise<OpsOutcome<AuditLogPage>> {
  if (!roleMayPerform(ctx.who.role, 'read_audit')) {
    const message = `${ctx.who.actor} has role ${ctx.who.role}; reading the audit log needs ${rolesFor('read_audit').join(' or ')}`;
    await auditRefusal(deps.db, ctx, 'ops.audit.read', AUDIT_LOG_TARGET, { code: 'PAYOUT_E_FORBIDDEN', message }, { reason: null });
    return failOutcome('PAYOUT_E_FORBIDDEN', message);
  }
  return okOutcome(await queryAuditLog(deps.db, filter, page));
}
