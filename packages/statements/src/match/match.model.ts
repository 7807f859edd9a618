import type { AttemptState, Money, PayoutStatus } from '@payout/domain';

/**
 * The shapes statement matching works on. They are plain data, loaded from Postgres by the
 * verification worker (or built from a parsed file by the benchmark), so matching and
 * resolution stay pure and testable without a database.
 */

/** An attempt whose payout still needs an answer: awaiting_verification, manual_review, or processing with the attempt unknown/pending. */
export interface UnresolvedAttempt {
  readonly attemptId: string;
  readonly payoutId: string;
  readonly payoutStatus: PayoutStatus;
  readonly attemptState: AttemptState;
  readonly bankId: string;
  readonly endToEndId: string;
  /** Lower-case UUID when the channel assigned one. */
  readonly uetr: string | undefined;
  readonly bankReference: string | undefined;
  readonly amount: Money;
  /** The funding account as statements name it (IBAN upper case without spaces, or the bank's id). */
  readonly debtorAccount: string;
  readonly beneficiaryAccount: string | undefined;
  readonly beneficiaryName: string | undefined;
  /** Bank-local date ('YYYY-MM-DD') on which the instruction went to the bank. */
  readonly sentOn: string;
}

/** What matching needs to know about the attempt a line's reference points at, when it is not unresolved. */
export interface KnownAttemptRef {
  readonly attemptId: string;
  readonly payoutId: string;
  readonly attemptState: AttemptState;
  readonly payoutStatus: PayoutStatus;
  readonly amount: Money;
}

/** One statement line as verification sees it (a stored `statement_lines` row or a parsed line). */
export interface VerifyLine {
  readonly lineId: string;
  readonly statementRowId: string;
  readonly accountId: string;
  readonly currency: string;
  /** Always positive; the sign is `direction`. */
  readonly amountMinor: bigint;
  readonly direction: 'debit' | 'credit';
  readonly reversal: boolean;
  readonly status: 'booked' | 'pending' | 'info';
  readonly bookingDate: string | undefined;
  readonly valueDate: string | undefined;
  readonly endToEndId: string | undefined;
  readonly uetr: string | undefined;
  readonly bankReference: string | undefined;
  readonly counterpartyAccount: string | undefined;
  readonly counterpartyName: string | undefined;
  /** Present when the line carries return information (camt RtrInf, MT940 /RTRN/, BAI2/Nacha, CSV mapping). */
  readonly returnCode: string | undefined;
  readonly isReturn: boolean;
  /** The attempt the line's EndToEndId/UETR names, found at ingestion, when it is not among the unresolved. */
  readonly knownAttempt: KnownAttemptRef | undefined;
}

/** A line offered to ops or attached to a review: enough to find it, never the raw text. */
export interface LineRef {
  readonly lineId: string;
  readonly statementRowId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly direction: 'debit' | 'credit';
  readonly bookingDate: string | undefined;
  readonly endToEndId: string | undefined;
  readonly bankReference: string | undefined;
}

export function lineRef(l: VerifyLine): LineRef {
  return {
    lineId: flat(l.lineId),
    statementRowId: flat(l.statementRowId),
    amountMinor: l.amountMinor,
    currency: l.currency,
    direction: l.direction,
    bookingDate: l.bookingDate,
    endToEndId: flatOrUndefined(l.endToEndId),
    bankReference: flatOrUndefined(l.bankReference),
  };
}

/**
 * A copy of a line to keep, with its own strings. A streaming parser's strings can be V8
 * slices of the large chunk they were read from; keeping one such slice keeps the whole chunk
 * alive, and keeping one line in ten would keep the whole file in memory.
 */
export function retainedLine(l: VerifyLine, keep: { readonly counterparty: boolean } = { counterparty: true }): VerifyLine {
  return {
    ...l,
    lineId: flat(l.lineId),
    statementRowId: flat(l.statementRowId),
    accountId: flat(l.accountId),
    endToEndId: flatOrUndefined(l.endToEndId),
    uetr: flatOrUndefined(l.uetr),
    bankReference: flatOrUndefined(l.bankReference),
    // A line matched by reference no longer needs its counterparty: drop it rather than keep it.
    counterpartyAccount: keep.counterparty ? flatOrUndefined(l.counterpartyAccount) : undefined,
    counterpartyName: keep.counterparty ? flatOrUndefined(l.counterpartyName) : undefined,
    returnCode: flatOrUndefined(l.returnCode),
    bookingDate: flatOrUndefined(l.bookingDate),
    valueDate: flatOrUndefined(l.valueDate),
  };
}

// Concatenation then slice makes V8 copy the characters into a new string of their own.
function flat(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function flatOrUndefined(s: string | undefined): string | undefined {
  return s === undefined ? undefined : flat(s);
}
