/**
 * A statement's closing balance for one funding account and currency, as the statements
 * ingestion recorded it. The ledger compares itself with these (drift report).
 */
export interface StatementBalanceFact {
  readonly fundingAccountId: string;
  readonly currency: string;
  readonly statementId: string;
  /** The date the closing balance is for (the statement's booking day). */
  readonly date: string;
  /** Signed; negative is an overdraft. */
  readonly closingMinor: bigint;
  readonly openingMinor?: bigint | undefined;
}
