import { sql, type InferResult } from 'kysely';
import { maskAccount } from '@payout/domain';
import type { Db } from '../database.ts';
import { maskAccountsInText } from './bank-exchange/mask-bank-body.ts';

/** A statement line as evidence in a payout's timeline (account numbers masked). */
export interface StatementEvidenceLine {
  readonly lineId: string;
  readonly bankId: string;
  readonly accountId: string;
  readonly statementId: string;
  readonly statementDate: string;
  readonly bookingDate: string | null;
  readonly valueDate: string | null;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly direction: 'debit' | 'credit';
  readonly status: string;
  readonly reversal: boolean;
  readonly endToEndId: string | null;
  readonly bankReference: string | null;
  readonly isReturn: boolean;
  readonly returnCode: string | null;
  readonly counterpartyAccount: string | null;
  readonly payoutId: string | null;
  readonly matchKind: string | null;
  readonly ingestedAt: Date;
}

/** A verification decision recorded by the statement check (issue 8). */
export interface VerificationRecord {
  readonly id: string;
  readonly attemptId: string;
  readonly outcome: string;
  readonly reason: string;
  readonly evidenceLineId: string | null;
  readonly actor: string;
  readonly createdAt: Date;
}

/** The line and its statement, as evidence shows them. */
function selectLines(db: Db) {
  return db
    .selectFrom('statement_lines as l')
    .innerJoin('bank_statements as s', 's.id', 'l.statement_row_id')
    .select([
      'l.id',
      'l.bank_id',
      'l.account_id',
      's.statement_id',
      's.statement_date',
      'l.booking_date',
      'l.value_date',
      'l.amount_minor',
      'l.currency',
      'l.direction',
      'l.status',
      'l.reversal',
      'l.end_to_end_id',
      'l.bank_reference',
      'l.is_return',
      'l.return_code',
      'l.counterparty_account',
      'l.payout_id',
      'l.match_kind',
      's.ingested_at',
    ]);
}

type LineRow = InferResult<ReturnType<typeof selectLines>>[number];

function lineFromRow(r: LineRow): StatementEvidenceLine {
  return {
    lineId: r.id.toString(),
    bankId: r.bank_id,
    accountId: maskAccountsInText(r.account_id),
    // Banks often build statement ids from the account number (e.g. "6222…4567/2026-01-05/1").
    statementId: maskAccountsInText(r.statement_id),
    statementDate: r.statement_date,
    bookingDate: r.booking_date,
    valueDate: r.value_date,
    amountMinor: r.amount_minor,
    currency: r.currency.trim(),
    direction: r.direction,
    status: r.status,
    reversal: r.reversal,
    endToEndId: r.end_to_end_id,
    bankReference: r.bank_reference,
    isReturn: r.is_return,
    returnCode: r.return_code,
    counterpartyAccount: r.counterparty_account === null ? null : maskAccount(r.counterparty_account),
    payoutId: r.payout_id,
    matchKind: r.match_kind,
    ingestedAt: r.ingested_at,
  };
}

/** Statement lines linked to the payout or naming one of its end-to-end ids, and the verification decisions. */
export async function listStatementEvidence(
  db: Db,
  q: { readonly payoutId: string; readonly endToEndIds: readonly string[]; readonly limit: number },
): Promise<{ readonly lines: StatementEvidenceLine[]; readonly verifications: VerificationRecord[] }> {
  const lines = await selectLines(db)
    .where(sql<boolean>`l.payout_id = ${q.payoutId}::uuid or l.end_to_end_id = any(${[...q.endToEndIds]}::text[])`)
    .orderBy('s.statement_date')
    .orderBy('l.id')
    .limit(q.limit)
    .execute();
  const verifications = await db
    .selectFrom('payout_verifications')
    .select(['id', 'attempt_id', 'outcome', 'reason', 'evidence_line_id', 'actor', 'created_at'])
    .where('payout_id', '=', q.payoutId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(q.limit)
    .execute();
  return {
    lines: lines.map(lineFromRow),
    verifications: verifications.map((v) => ({
      id: v.id.toString(),
      attemptId: v.attempt_id,
      outcome: v.outcome,
      reason: v.reason,
      evidenceLineId: v.evidence_line_id === null ? null : v.evidence_line_id.toString(),
      actor: v.actor,
      createdAt: v.created_at,
    })),
  };
}

/** One statement line by id (force-resolve evidence must name a line that exists). */
export async function findStatementLine(db: Db, lineId: string): Promise<StatementEvidenceLine | undefined> {
  if (!/^\d{1,18}$/.test(lineId)) return undefined;
  const row = await selectLines(db).where('l.id', '=', BigInt(lineId)).executeTakeFirst();
  return row === undefined ? undefined : lineFromRow(row);
}
