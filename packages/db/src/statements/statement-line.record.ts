import type { AttemptState, PayoutStatus } from '@payout/domain';

/** A stored statement line with what verification needs about the attempt it names, if any. */
export interface StoredLineRecord {
  /** bigint identity as a decimal string. */
  readonly id: string;
  readonly statementRowId: string;
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
  readonly endToEndId: string | null;
  readonly uetr: string | null;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly isReturn: boolean;
  readonly returnCode: string | null;
  readonly attemptId: string | null;
  readonly payoutId: string | null;
  readonly matchKind: 'end_to_end_id' | 'uetr' | 'fallback' | null;
  /** The named attempt's state and its payout's status and amount (null when the line names none). */
  readonly attemptState: AttemptState | null;
  readonly payoutStatus: PayoutStatus | null;
  readonly payoutAmountMinor: bigint | null;
  readonly payoutCurrency: string | null;
}

export interface StoredLineRow {
  id: bigint;
  statement_row_id: string;
  bank_id: string;
  account_id: string;
  currency: string;
  amount_minor: bigint;
  direction: 'debit' | 'credit';
  reversal: boolean;
  status: 'booked' | 'pending' | 'info';
  booking_date: string | null;
  value_date: string | null;
  bank_reference: string | null;
  end_to_end_id: string | null;
  uetr: string | null;
  counterparty_name: string | null;
  counterparty_account: string | null;
  is_return: boolean;
  return_code: string | null;
  attempt_id: string | null;
  payout_id: string | null;
  match_kind: 'end_to_end_id' | 'uetr' | 'fallback' | null;
  attempt_state: AttemptState | null;
  payout_status: PayoutStatus | null;
  payout_amount_minor: bigint | null;
  payout_currency: string | null;
}

/** The select list matching `StoredLineRow`, for `l` = statement_lines, `a` = payout_attempts, `p` = payouts. */
export const LINE_COLUMNS = `l.id, l.statement_row_id, l.bank_id, l.account_id, l.currency, l.amount_minor, l.direction, l.reversal, l.status,
  l.booking_date, l.value_date, l.bank_reference, l.end_to_end_id, l.uetr, l.counterparty_name, l.counterparty_account, l.is_return,
  l.return_code, l.attempt_id, l.payout_id, l.match_kind, a.state as attempt_state, p.status as payout_status,
  p.amount_minor as payout_amount_minor, p.currency as payout_currency`;

export function lineFromRow(r: StoredLineRow): StoredLineRecord {
  return {
    id: r.id.toString(),
    statementRowId: r.statement_row_id,
    bankId: r.bank_id,
    accountId: r.account_id,
    currency: r.currency.trim(),
    amountMinor: r.amount_minor,
    direction: r.direction,
    reversal: r.reversal,
    status: r.status,
    bookingDate: r.booking_date,
    valueDate: r.value_date,
    bankReference: r.bank_reference,
    endToEndId: r.end_to_end_id,
    uetr: r.uetr,
    counterpartyName: r.counterparty_name,
    counterpartyAccount: r.counterparty_account,
    isReturn: r.is_return,
    returnCode: r.return_code,
    attemptId: r.attempt_id,
    payoutId: r.payout_id,
    matchKind: r.match_kind,
    attemptState: r.attempt_state,
    payoutStatus: r.payout_status,
    payoutAmountMinor: r.payout_amount_minor,
    payoutCurrency: r.payout_currency?.trim() ?? null,
  };
}
