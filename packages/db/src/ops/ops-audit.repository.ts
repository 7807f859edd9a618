import type { Db } from '../database.ts';

/** An audit row as the ops timeline shows it. */
export interface OpsAuditRecord {
  readonly id: bigint;
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly target: string;
  readonly reason: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string;
  readonly outcome: string;
  readonly createdAt: Date;
}

/** Audit rows for these targets, oldest first. */
export async function listOpsAudit(db: Db, targets: readonly string[]): Promise<OpsAuditRecord[]> {
  if (targets.length === 0) return [];
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('target', 'in', [...targets])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actor: r.actor,
    role: r.role ?? '',
    action: r.action,
    target: r.target,
    reason: r.reason,
    before: r.before,
    after: r.after,
    requestId: r.request_id ?? '',
    outcome: r.outcome,
    createdAt: r.created_at,
  }));
}
