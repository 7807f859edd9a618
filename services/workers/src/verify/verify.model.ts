// The matching shapes (UnresolvedAttempt, VerifyLine, LineRef, …) live with the matcher in @payout/statements.
export { lineRef, retainedLine, type KnownAttemptRef, type LineRef, type UnresolvedAttempt, type VerifyLine } from '@payout/statements';

/** A statement as stored (header facts only), for period completeness. */
export interface StoredStatement {
  readonly statementRowId: string;
  readonly accountId: string;
  readonly currency: string;
  readonly statementId: string;
  /** The date the statement closes (closing balance date, else period end/start). */
  readonly statementDate: string;
  readonly electronicSequence: string | undefined;
  readonly legalSequence: string | undefined;
  readonly page: number | undefined;
  readonly lastPage: boolean | undefined;
  readonly openingMinor: bigint | undefined;
  readonly closingMinor: bigint | undefined;
  /** opening + booked credits − booked debits = closing, checked at ingestion. */
  readonly balanceCheck: 'ok' | 'mismatch' | 'not_applicable';
}
