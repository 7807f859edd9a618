import { sql } from 'kysely';
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
  const r = await sql<{ id: string }>`
    insert into ops_alerts (kind, dedupe_key, severity, message, details, raised_at)
    values (${a.kind}, ${a.dedupeKey}, ${a.severity}, ${a.message}, ${jsonParam(a.details)}::jsonb, ${a.raisedAt})
    on conflict (kind, dedupe_key) do nothing
    returning id
  `.execute(db);
  const row = r.rows[0];
  return row === undefined ? undefined : { ...a, id: BigInt(row.id) };
}

/** The newest alerts first, optionally of one kind. */
export async function listOpsAlerts(db: Db, q: { readonly kind?: string | undefined; readonly limit: number }): Promise<OpsAlertRecord[]> {
  const r = await sql<{ id: string; kind: string; dedupe_key: string; severity: NewOpsAlert['severity']; message: string; details: Record<string, unknown>; raised_at: Date }>`
    select * from ops_alerts where (${q.kind ?? null}::text is null or kind = ${q.kind ?? null})
    order by raised_at desc, id desc limit ${q.limit}
  `.execute(db);
  return r.rows.map((row) => ({
    id: BigInt(row.id),
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    severity: row.severity,
    message: row.message,
    details: row.details,
    raisedAt: row.raised_at,
  }));
}
