import type { AccountIdScheme, LineDirection, LineStatus } from '../statement.model.ts';

/** What a writer needs to produce a statement file (the bank simulator and benchmarks use this). */
export interface WritableStatement {
  readonly messageId: string;
  readonly statementId: string;
  readonly account: { readonly id: string; readonly scheme: AccountIdScheme };
  readonly currency: string;
  /** Electronic sequence number (camt) / statement number (MT940 :28C:). */
  readonly sequence: string;
  /** ISO date-time as the bank writes it, e.g. "2026-02-27T18:00:00+01:00". */
  readonly creationDateTime: string;
  readonly openingBalance: { readonly amountMinor: bigint; readonly date: string };
  readonly closingBalance: { readonly amountMinor: bigint; readonly date: string };
}

export interface WritableLine {
  readonly amountMinor: bigint;
  readonly direction: LineDirection;
  readonly reversal?: boolean;
  /** camt only; MT940 lines are always booked. */
  readonly status?: LineStatus;
  readonly bookingDate: string;
  readonly valueDate: string;
  readonly bankReference?: string;
  readonly customerReference?: string;
  readonly endToEndId?: string;
  readonly uetr?: string;
  readonly instructionId?: string;
  readonly counterparty?: { readonly name?: string; readonly account?: string };
  readonly remittanceInfo?: string;
  readonly returnReason?: { readonly code: string; readonly info?: string };
}
