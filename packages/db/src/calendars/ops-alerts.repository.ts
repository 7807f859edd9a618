import type { Db } from '../database.ts';
import { jsonParam } from '../support/json-param.ts';

export interface NewOpsAlert {
  /** What kind of alert, e.g. `calendar.coverage`. */
  readonly kind: string;
  /** The alert is raised once per kind and key (e.g. `CN:2026-12-31:30`). */
  readonly dedupeKey: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly message: string;
  readonly details: Record<string, unknown>;
  readonly raisedAt: Date;
}

export interface OpsAlertRecord extends NewOpsAlert {
  readonly id: bigint;
}

/**
 * Raises an alert unless the same kind and key was raised before (any process, any time).
 * Returns the new row, or undefined when it had been raised already.
 */
export async function raiseOpsAlert(db: Db, a: NewOpsAlert): Promise<OpsAlertRecord | undefined> {
  const row = await db
    .insertInto('ops_alerts')
    .values({
      kind: a.kind,
      dedupe_key: a.dedupeKey,
      severity: a.severity,
      message: a.message,
      details: jsonParam(a.details),
      raised_at: a.raisedAt,
    })
    .onConflict((oc) => oc.columns(['kind', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row === undefined ? undefined : { ...a, id: BigInt(row.id) };
}

/** The newest alerts first, optionally of one kind. */
export async function listOpsAlerts(db: Db, q: { readonly kind?: string | undefined; readonly limit: number }): Promise<OpsAlertRecord[]> {
  let query = db.selectFrom('ops_alerts').selectAll();
  if (q.kind !== undefined) query = query.where('kind', '=', q.kind);
  const rows = await query.orderBy('raised_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map((row) => ({
    id: BigInt(row.id),
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    severity: row.severity,
    message: row.message,
    details: row.details,
    raisedAt: row.raised_at,
  }));
}
