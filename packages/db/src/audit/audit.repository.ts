import type { Db } from '../database.ts';
import { jsonParam } from '../support/json-param.ts';

export interface NewAuditEntry {
  readonly actor: string;
  readonly role: string | null;
  readonly action: string;
  /** e.g. `payout:<id>`, `api_key:<id>`. */
  readonly target: string;
  readonly reason: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly requestId: string | null;
  readonly outcome: string;
}

/** Appends audit rows (the table refuses UPDATE and DELETE). Run in the action's transaction. */
export async function appendAuditEntries(db: Db, entries: readonly NewAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        actor: e.actor,
        role: e.role,
        action: e.action,
        target: e.target,
        reason: e.reason,
        before: e.before === undefined ? null : jsonParam(e.before),
        after: e.after === undefined ? null : jsonParam(e.after),
        request_id: e.requestId,
        outcome: e.outcome,
      })),
    )
    .execute();
}
