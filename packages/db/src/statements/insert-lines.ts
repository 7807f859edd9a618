import { sql } from 'kysely';
import type { Db } from '../database.ts';

/** One statement line as it is written. */
export interface LineInsert {
  readonly statementRowId: string;
  readonly lineIndex: number;
  readonly entryIndex: number;
  readonly bankId: string;
  readonly accountId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly direction: 'debit' | 'credit';
  readonly reversal: boolean;
  readonly status: 'booked' | 'pending' | 'info';
  readonly bookingDate: string | null;
  readonly valueDate: string | null;
  readonly bankReference: string | null;
  readonly customerReference: string | null;
  readonly endToEndId: string | null;
  readonly uetr: string | null;
  readonly bankTxCode: string | null;
  readonly isReturn: boolean;
  readonly returnCode: string | null;
  readonly returnInfo: string | null;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly remittanceInfo: string | null;
  readonly location: string;
  readonly raw: string;
}

/**
 * One multi-row insert for a batch of lines. The link to the attempt each line's EndToEndId
 * names is made in the same statement (a join on the unique end-to-end id index), so no line
 * is ever updated afterwards just to link it. Returns how many lines were linked.
 */
export async function insertLines(tx: Db, rows: readonly LineInsert[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <T>(f: (r: LineInsert) => T): T[] => rows.map(f);
  const r = await sql<{ linked: string }>`
    with v as (
      select * from unnest(
        ${col((x) => x.statementRowId)}::uuid[], ${col((x) => x.lineIndex)}::int[], ${col((x) => x.entryIndex)}::int[],
        ${col((x) => x.bankId)}::text[], ${col((x) => x.accountId)}::text[], ${col((x) => x.currency)}::text[],
        ${col((x) => x.amountMinor.toString())}::bigint[], ${col((x) => x.direction)}::text[], ${col((x) => x.reversal)}::boolean[],
        ${col((x) => x.status)}::text[], ${col((x) => x.bookingDate)}::date[], ${col((x) => x.valueDate)}::date[],
        ${col((x) => x.bankReference)}::text[], ${col((x) => x.customerReference)}::text[], ${col((x) => x.endToEndId)}::text[],
        ${col((x) => x.uetr)}::text[], ${col((x) => x.bankTxCode)}::text[], ${col((x) => x.isReturn)}::boolean[],
        ${col((x) => x.returnCode)}::text[], ${col((x) => x.returnInfo)}::text[], ${col((x) => x.counterpartyName)}::text[],
        ${col((x) => x.counterpartyAccount)}::text[], ${col((x) => x.remittanceInfo)}::text[], ${col((x) => x.location)}::text[],
        ${col((x) => x.raw)}::text[]
      ) as t(statement_row_id, line_index, entry_index, bank_id, account_id, currency, amount_minor, direction, reversal, status,
             booking_date, value_date, bank_reference, customer_reference, end_to_end_id, uetr, bank_tx_code, is_return,
             return_code, return_info, counterparty_name, counterparty_account, remittance_info, location, raw)
    ), ins as (
      insert into statement_lines (statement_row_id, line_index, entry_index, bank_id, account_id, currency, amount_minor, direction,
        reversal, status, booking_date, value_date, bank_reference, customer_reference, end_to_end_id, uetr, bank_tx_code, is_return,
        return_code, return_info, counterparty_name, counterparty_account, remittance_info, location, raw, attempt_id, payout_id, match_kind)
      select v.statement_row_id, v.line_index, v.entry_index, v.bank_id, v.account_id, v.currency, v.amount_minor, v.direction,
        v.reversal, v.status, v.booking_date, v.value_date, v.bank_reference, v.customer_reference, v.end_to_end_id, v.uetr,
        v.bank_tx_code, v.is_return, v.return_code, v.return_info, v.counterparty_name, v.counterparty_account, v.remittance_info,
        v.location, v.raw, a.id, a.payout_id, case when a.id is null then null else 'end_to_end_id' end
      from v left join payout_attempts a on a.end_to_end_id = v.end_to_end_id
      returning attempt_id
    )
    select count(attempt_id)::text as linked from ins
  `.execute(tx);
  return Number(r.rows[0]?.linked ?? 0);
}
