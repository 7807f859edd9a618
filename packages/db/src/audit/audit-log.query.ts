import type { Db } from '../database.ts';
import { maskAuditJson, maskAuditText } from './mask-audit-json.ts';

/**
 * Every outcome an audit row is written with: ops actions (`applied`, `proposed`,
 * `previewed`), refusals (`refused` — a rule, a role, a missing scope or a bad request said
 * no — and `error` — the action failed inside), and `recorded` (treasury's funding_sent).
 */
export const AUDIT_OUTCOMES = ['applied', 'proposed', 'previewed', 'recorded', 'refused', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export function isAuditOutcome(s: unknown): s is AuditOutcome {
  return typeof s === 'string' && (AUDIT_OUTCOMES as readonly string[]).includes(s);
}

/** A text column matched whole, or by its beginning (`ops.calendar.` matches `ops.calendar.approve`). */
export type AuditTextMatch = { readonly exact: string } | { readonly prefix: string };

export interface AuditLogFilter {
  readonly actor?: string | undefined;
  readonly action?: AuditTextMatch | undefined;
  readonly target?: AuditTextMatch | undefined;
  /** Rows at or after this instant. */
  readonly from?: Date | undefined;
  /** Rows before this instant. */
  readonly to?: Date | undefined;
  /** Any of these outcomes; all when absent. */
  readonly outcomes?: readonly AuditOutcome[] | undefined;
}

/** An audit row as people read it: account numbers masked to their last four. */
export interface AuditLogEntry {
  readonly id: bigint;
  readonly at: Date;
  readonly actor: string;
  readonly role: string | null;
  readonly action: string;
  readonly target: string;
  readonly reason: string | null;
  readonly outcome: string;
  readonly requestId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export interface AuditLogPage {
  readonly items: readonly AuditLogEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  readonly next: string | null;
}

const CURSOR_PREFIX = 'a1.';

/** The cursor after a row: its id (ids only grow, so "older than the last row seen" never moves). */
export function encodeAuditCursor(id: bigint): string {
  return Buffer.from(`${CURSOR_PREFIX}${id.toString()}`, 'utf8').toString('base64url');
}

/** The id a cursor stands for; undefined when the cursor is not one encodeAuditCursor made. */
export function decodeAuditCursor(cursor: string): bigint | undefined {
  if (cursor.length > 60 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^a1\.([1-9][0-9]{0,18})$/.exec(text);
  return m?.[1] === undefined ? undefined : BigInt(m[1]);
}

/** `%`, `_` and `\` stand for themselves in a prefix (LIKE's default escape is `\`). */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of the audit log, newest first (by id), with the filters combined by AND.
 * Keyset paging on the id: a page is "the `limit` rows below the cursor's id", so rows
 * appended while someone pages (they get higher ids) never shift or repeat what is still to
 * come; every row that existed when paging began is returned exactly once. Before/after and
 * the reason are masked on the way out (maskAuditJson), whoever wrote them.
 *
 * @example
 *   const page = await queryAuditLog(db, { action: { prefix: 'ops.calendar.' }, outcomes: ['refused'] }, { limit: 50 });
 *   const older = page.next === null ? undefined : await queryAuditLog(db, f, { limit: 50, before: decodeAuditCursor(page.next) });
 */
export async function queryAuditLog(
  db: Db,
  f: AuditLogFilter,
  page: { readonly limit: number; readonly before?: bigint | undefined },
): Promise<AuditLogPage> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.actor !== undefined) q = q.where('actor', '=', f.actor);
  if (f.action !== undefined)
    q = 'exact' in f.action ? q.where('action', '=', f.action.exact) : q.where('action', 'like', likePrefix(f.action.prefix));
  if (f.target !== undefined)
    q = 'exact' in f.target ? q.where('target', '=', f.target.exact) : q.where('target', 'like', likePrefix(f.target.prefix));
  if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('created_at', '<', f.to);
  if (f.outcomes !== undefined && f.outcomes.length > 0) q = q.where('outcome', 'in', [...f.outcomes]);
  if (page.before !== undefined) q = q.where('id', '<', page.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map((r): AuditLogEntry => ({
    id: r.id,
    at: r.created_at,
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    reason: r.reason === null ? null : maskAuditText(r.reason),
    outcome: r.outcome,
    requestId: r.request_id,
    before: maskAuditJson(r.before),
    after: maskAuditJson(r.after),
  }));
  const last = items.at(-1);
  return { items, next: rows.length > page.limit && last !== undefined ? encodeAuditCursor(last.id) : null };
}
