import { sql } from 'kysely';
import type { Db } from '../database.ts';

/** A booked statement credit that names no payout and is no return: money that came in from outside (a funding transfer, or something ops must explain). */
export interface FundingCreditLine {
  /** bigint identity as a decimal string. */
  readonly lineId: string;
  readonly statementRowId: string;
  readonly lineIndex: number;
  /** Always positive. */
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly bookingDate: string | null;
  readonly valueDate: string | null;
  /** The references a sender can put on a credit transfer, as the statement shows them (trimmed; null when absent). */
  readonly endToEndId: string | null;
  readonly customerReference: string | null;
}

interface Row {
  id: bigint;
  statement_row_id: string;
  line_index: number;
  amount_minor: bigint;
  currency: string;
  booking_date: string | null;
  value_date: string | null;
  end_to_end_id: string | null;
  customer_reference: string | null;
}

/**
 * One page of a statement's incoming credits that may be funding transfers: booked credits that
 * are neither returns nor reversals and are linked to no payout attempt, and carry a reference
 * (end-to-end id or customer reference) to recognise them by. Paged by line position like
 * `statementLedgerLines`, through the (statement, position) index.
 *
 * @example
 *   for (let after = -1; ; ) { const page = await fundingCreditLines(db, { statementRowId, afterLineIndex: after, limit: 2000 }); … }
 */
export async function fundingCreditLines(
  db: Db,
  opts: { readonly statementRowId: string; readonly afterLineIndex: number; readonly limit: number },
): Promise<FundingCreditLine[]> {
  const r = await sql<Row>`
    select l.id, l.statement_row_id, l.line_index, l.amount_minor, l.currency, l.booking_date, l.value_date,
           nullif(btrim(l.end_to_end_id), '') as end_to_end_id, nullif(btrim(l.customer_reference), '') as customer_reference
    from statement_lines l
    where l.statement_row_id = ${opts.statementRowId} and l.line_index > ${opts.afterLineIndex}
      and l.direction = 'credit' and l.status = 'booked' and not l.reversal and not l.is_return
      and l.attempt_id is null and l.amount_minor > 0
      and (nullif(btrim(l.end_to_end_id), '') is not null or nullif(btrim(l.customer_reference), '') is not null)
    order by l.line_index
    limit ${opts.limit}
  `.execute(db);
  return r.rows.map((x) => ({
    lineId: x.id.toString(),
    statementRowId: x.statement_row_id,
    lineIndex: x.line_index,
    amountMinor: x.amount_minor,
    currency: x.currency.trim(),
    bookingDate: x.booking_date,
    valueDate: x.value_date,
    endToEndId: x.end_to_end_id,
    customerReference: x.customer_reference,
  }));
}
