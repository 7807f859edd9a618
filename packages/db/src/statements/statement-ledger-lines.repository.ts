import { sql } from 'kysely';
import type { Db } from '../database.ts';

/** A booked statement line that moves an attempt's money: its debit, or a return credit for it. */
export interface StatementLedgerLine {
  /** bigint identity as a decimal string. */
  readonly lineId: string;
  readonly statementRowId: string;
  readonly lineIndex: number;
  readonly kind: 'debit' | 'return';
  /** Always positive; the direction is `kind`. */
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly bookingDate: string | null;
  readonly valueDate: string | null;
  readonly attemptId: string;
  readonly payoutId: string;
}

interface Row {
  id: bigint;
  statement_row_id: string;
  line_index: number;
  kind: 'debit' | 'return';
  amount_minor: bigint;
  currency: string;
  booking_date: string | null;
  value_date: string | null;
  attempt_id: string;
  payout_id: string;
}

/**
 * One page of a statement's lines that name an attempt and move money: booked debits (not
 * reversals) and booked return credits (returns and reversals). Paged by line position, so a
 * statement of a million lines is read in bounded pieces through the (statement, position)
 * index. The ledger books these as the statement's evidence (`debit_seen`, `return_seen`).
 *
 * @example
 *   for (let after = -1; ; ) { const page = await statementLedgerLines(db, { statementRowId, afterLineIndex: after, limit: 2000 }); … }
 */
export async function statementLedgerLines(
  db: Db,
  opts: { readonly statementRowId: string; readonly afterLineIndex: number; readonly limit: number },
): Promise<StatementLedgerLine[]> {
  const r = await sql<Row>`
    select l.id, l.statement_row_id, l.line_index,
           case when l.direction = 'debit' then 'debit' else 'return' end as kind,
           l.amount_minor, l.currency, l.booking_date, l.value_date, l.attempt_id, a.payout_id
    from statement_lines l
      join payout_attempts a on a.id = l.attempt_id
    where l.statement_row_id = ${opts.statementRowId} and l.line_index > ${opts.afterLineIndex}
      and l.attempt_id is not null and l.status = 'booked'
      and ((l.direction = 'debit' and not l.reversal) or (l.direction = 'credit' and (l.is_return or l.reversal)))
    order by l.line_index
    limit ${opts.limit}
  `.execute(db);
  return r.rows.map((x) => ({
    lineId: x.id.toString(),
    statementRowId: x.statement_row_id,
    lineIndex: x.line_index,
    kind: x.kind,
    amountMinor: x.amount_minor,
    currency: x.currency.trim(),
    bookingDate: x.booking_date,
    valueDate: x.value_date,
    attemptId: x.attempt_id,
    payoutId: x.payout_id,
  }));
}
