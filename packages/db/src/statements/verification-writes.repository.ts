import { sql } from 'kysely';
import type { Db } from '../database.ts';
import type { StatementExceptionKind, VerificationOutcome } from '../schema/statements.tables.ts';
import { jsonParam } from '../support/json-param.ts';

// The kinds and outcomes the tables' CHECKs allow, defined once with the table types.
export type { StatementExceptionKind, VerificationOutcome };

/** One verification decision, kept as history next to the payout's events. */
export interface NewVerification {
  readonly payoutId: string;
  readonly attemptId: string;
  readonly outcome: VerificationOutcome;
  readonly reason: string;
  readonly evidenceLineId: string | undefined;
  readonly candidates: readonly unknown[];
  readonly coverage: Readonly<Record<string, unknown>>;
  readonly bankVerdict: Readonly<Record<string, unknown>>;
}

export interface NewStatementException {
  readonly lineId: string;
  readonly bankId: string;
  readonly accountId: string;
  readonly kind: StatementExceptionKind;
  readonly attemptId: string | undefined;
  readonly payoutId: string | undefined;
  readonly detail: string;
}

export async function recordVerifications(tx: Db, actor: string, rows: readonly NewVerification[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into payout_verifications (payout_id, attempt_id, outcome, reason, evidence_line_id, candidates, coverage, bank_verdict, actor)
    select * from unnest(${rows.map((r) => r.payoutId)}::uuid[], ${rows.map((r) => r.attemptId)}::uuid[], ${rows.map((r) => r.outcome)}::text[],
      ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.evidenceLineId ?? null)}::bigint[], ${rows.map((r) => jsonParam(r.candidates))}::jsonb[],
      ${rows.map((r) => jsonParam(r.coverage))}::jsonb[], ${rows.map((r) => jsonParam(r.bankVerdict))}::jsonb[], ${rows.map(() => actor)}::text[])
  `.execute(tx);
}

/** Idempotent: a line is listed once per kind, however often it is looked at. Returns how many are new. */
export async function recordStatementExceptions(tx: Db, rows: readonly NewStatementException[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await sql<{ id: bigint }>`
    insert into statement_exceptions (line_id, bank_id, account_id, kind, attempt_id, payout_id, detail)
    select * from unnest(${rows.map((r) => r.lineId)}::bigint[], ${rows.map((r) => r.bankId)}::text[], ${rows.map((r) => r.accountId)}::text[],
      ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.attemptId ?? null)}::uuid[], ${rows.map((r) => r.payoutId ?? null)}::uuid[],
      ${rows.map((r) => r.detail)}::text[])
    on conflict (line_id, kind) do nothing
    returning id
  `.execute(tx);
  return r.rows.length;
}

/** Close open exceptions of these lines (a later fallback match explained them). */
export async function resolveStatementExceptions(tx: Db, lineIds: readonly string[], resolution: string): Promise<void> {
  if (lineIds.length === 0) return;
  await sql`
    update statement_exceptions set resolved_at = now(), resolution = ${resolution}
    where line_id = any(${[...lineIds]}::bigint[]) and resolved_at is null
  `.execute(tx);
}

/** Link lines claimed by a unique fallback match to their attempt (only lines still unlinked). */
export async function linkFallbackLines(
  tx: Db,
  links: readonly { readonly lineId: string; readonly attemptId: string; readonly payoutId: string }[],
): Promise<number> {
  if (links.length === 0) return 0;
  const r = await sql<{ id: bigint }>`
    update statement_lines l set attempt_id = v.attempt_id, payout_id = v.payout_id, match_kind = 'fallback'
    from unnest(${links.map((x) => x.lineId)}::bigint[], ${links.map((x) => x.attemptId)}::uuid[], ${links.map((x) => x.payoutId)}::uuid[]) as v(id, attempt_id, payout_id)
    where l.id = v.id and l.attempt_id is null
    returning l.id
  `.execute(tx);
  return r.rows.length;
}

export async function markStatementsMatched(tx: Db, statementRowIds: readonly string[], at: Date): Promise<void> {
  if (statementRowIds.length === 0) return;
  await tx
    .updateTable('bank_statements')
    .set({ matched_at: at })
    .where(sql<boolean>`id = any(${[...statementRowIds]}::uuid[])`)
    .where('matched_at', 'is', null)
    .execute();
}

export interface StatementExceptionRecord {
  readonly id: string;
  readonly lineId: string;
  readonly bankId: string;
  readonly accountId: string;
  readonly kind: StatementExceptionKind;
  readonly attemptId: string | null;
  readonly payoutId: string | null;
  readonly detail: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly bookingDate: string | null;
  readonly bankReference: string | null;
  readonly endToEndId: string | null;
  readonly createdAt: Date;
  readonly resolvedAt: Date | null;
}

/** Exceptions for ops, newest first; `open` (default true) hides resolved ones. */
export async function listStatementExceptions(
  db: Db,
  opts: { readonly bankId?: string | undefined; readonly open?: boolean | undefined; readonly limit?: number | undefined } = {},
): Promise<StatementExceptionRecord[]> {
  let query = db
    .selectFrom('statement_exceptions as e')
    .innerJoin('statement_lines as l', 'l.id', 'e.line_id')
    .select([
      'e.id',
      'e.line_id',
      'e.bank_id',
      'e.account_id',
      'e.kind',
      'e.attempt_id',
      'e.payout_id',
      'e.detail',
      'l.amount_minor',
      'l.currency',
      'l.booking_date',
      'l.bank_reference',
      'l.end_to_end_id',
      'e.created_at',
      'e.resolved_at',
    ]);
  if (opts.bankId !== undefined) query = query.where('e.bank_id', '=', opts.bankId);
  if (opts.open ?? true) query = query.where('e.resolved_at', 'is', null);
  const rows = await query
    .orderBy('e.id', 'desc')
    .limit(opts.limit ?? 500)
    .execute();
  return rows.map((x) => ({
    id: x.id.toString(),
    lineId: x.line_id.toString(),
    bankId: x.bank_id,
    accountId: x.account_id,
    kind: x.kind,
    attemptId: x.attempt_id,
    payoutId: x.payout_id,
    detail: x.detail,
    amountMinor: x.amount_minor,
    currency: x.currency.trim(),
    bookingDate: x.booking_date,
    bankReference: x.bank_reference,
    endToEndId: x.end_to_end_id,
    createdAt: x.created_at,
    resolvedAt: x.resolved_at,
  }));
}
