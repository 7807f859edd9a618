/**
 * One model for every statement format. A parser turns camt.052/053/054, MT940/MT942, BAI2 or
 * a bank's CSV into these shapes; verification and matching only ever see these.
 *
 * Amounts are bigint minor units of `currency`. Dates are ISO calendar dates "YYYY-MM-DD" as
 * the bank wrote them (no time-zone conversion: a booking date is a bank business day).
 * Absent optional facts are `undefined`, never empty strings.
 */

export const STATEMENT_FORMATS = ['camt053', 'camt054', 'camt052', 'mt940', 'mt942', 'bai2', 'csv'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

export function isStatementFormat(s: unknown): s is StatementFormat {
  return typeof s === 'string' && (STATEMENT_FORMATS as readonly string[]).includes(s);
}

/**
 * A leniency the parser applied because banks consistently write it that way (a bank envelope
 * around the message, CR-only line ends, a value date of 30 February, an entry without a booking
 * date). Never silent: every warning is on the line or statement it concerns, in `--json` output
 * and stored with the ingested statement. Where data would be lost the parser throws instead.
 */
export interface StatementWarning {
  /** Stable, snake_case: 'bank_envelope', 'control_characters', 'cr_line_ends', 'value_date_normalised', 'booking_date_absent', … */
  readonly code: string;
  /** Where: "line 12" or an element path with its line. */
  readonly place: string;
  /** What was accepted and how it was read; no account numbers. */
  readonly message: string;
}

export type AccountIdScheme = 'iban' | 'other';

export interface StatementAccount {
  /** IBAN (upper case, no spaces) or the bank's own account identifier. */
  readonly id: string;
  readonly scheme: AccountIdScheme;
  /** camt Acct/Svcr BIC or MT940 "BIC/account" prefix, when the file names it. */
  readonly servicerBic: string | undefined;
}

export interface StatementBalance {
  /** Signed: negative means a debit (overdrawn) balance. */
  readonly amountMinor: bigint;
  readonly date: string;
  /** The source's own balance type: camt OPBD/PRCD/CLBD/ITBD, MT940 60F/60M/62F/62M, BAI2 010/015, CSV. */
  readonly type: string;
}

export interface StatementSequence {
  /** camt ElctrncSeqNb, MT940 :28C: statement number. */
  readonly electronic: string | undefined;
  /** camt LglSeqNb. */
  readonly legal: string | undefined;
  /** Page of a multi-page statement: MT940 :28C: "/n", camt GrpHdr/MsgPgntn/PgNb. */
  readonly page: number | undefined;
  /** camt MsgPgntn/LastPgInd; undefined when the format does not say. */
  readonly lastPage: boolean | undefined;
}

/** Everything about a statement except its lines; what the streaming API emits. */
export interface StatementHeader {
  readonly format: StatementFormat;
  /** Schema version where the format has one: "camt.053.001.08"; undefined otherwise. */
  readonly version: string | undefined;
  /** Ordinal of the statement in its file, from 0. */
  readonly index: number;
  readonly messageId: string | undefined;
  /** camt Stmt/Id, MT940 :20:, BAI2 file id/account/date, CSV mapping. */
  readonly statementId: string;
  readonly account: StatementAccount;
  readonly currency: string;
  readonly sequence: StatementSequence;
  /** As the bank wrote it (ISO 8601 with or without offset); never converted. */
  readonly creationDateTime: string | undefined;
  readonly period: { readonly from: string | undefined; readonly to: string | undefined };
  readonly openingBalance: StatementBalance | undefined;
  readonly closingBalance: StatementBalance | undefined;
  /** Statement-level free text (camt AddtlStmtInf, MT940 trailing :86:). */
  readonly additionalInfo: string | undefined;
  /** Leniencies applied to the statement as a whole (complete on the `end` event's header). Absent when none. */
  readonly warnings?: readonly StatementWarning[];
}

export type LineDirection = 'debit' | 'credit';
/** booked counts for balances; pending (camt PDNG/FUTR) and info (camt INFO, BAI2 890) do not. */
export type LineStatus = 'booked' | 'pending' | 'info';

export interface BankTransactionCode {
  /** ISO domain/family/sub-family (camt BkTxCd/Domn), e.g. PMNT / ICDT / ESCT. */
  readonly domain: string | undefined;
  readonly family: string | undefined;
  readonly subFamily: string | undefined;
  /** Proprietary code: camt BkTxCd/Prtry/Cd, MT940 :61: type (NTRF) or :86: GVC, BAI2 type code. */
  readonly proprietary: string | undefined;
  readonly issuer: string | undefined;
}

export interface ReturnReason {
  /** ISO reason (AC04…), Nacha R-code (R03…) or the bank's code; undefined when only the fact of a return is known. */
  readonly code: string | undefined;
  readonly info: string | undefined;
}

export interface Counterparty {
  readonly name: string | undefined;
  readonly account: string | undefined;
  readonly agent: string | undefined;
}

export interface StatementLine {
  /** Ordinal of the line in its statement, from 0. */
  readonly index: number;
  /** Ordinal of the bank entry this line comes from; several lines share it when a batch entry is split. */
  readonly entryIndex: number;
  /** When a batch-booked entry was split into its transactions: the entry's size and total. */
  readonly batch: { readonly transactionCount: number; readonly entryAmountMinor: bigint } | undefined;
  readonly currency: string;
  /** Always positive; the sign is `direction`. */
  readonly amountMinor: bigint;
  /** The effect on the balance: a reversal of a debit is a credit. */
  readonly direction: LineDirection;
  readonly reversal: boolean;
  readonly status: LineStatus;
  readonly bookingDate: string | undefined;
  readonly valueDate: string | undefined;
  /** The bank's reference of the entry (camt Ntry/AcctSvcrRef or NtryRef, MT940 "//ref", BAI2 bank ref). */
  readonly bankReference: string | undefined;
  /** camt TxDtls/Refs/AcctSvcrRef, falling back to the entry's. */
  readonly accountServicerReference: string | undefined;
  /** The account owner's reference (MT940 :61: reference when not NONREF, BAI2 customer ref, camt Refs/AcctOwnrTxId). */
  readonly customerReference: string | undefined;
  /** camt Refs/EndToEndId (NOTPROVIDED is dropped), MT940 /EREF/ or EREF+, CSV mapping. */
  readonly endToEndId: string | undefined;
  /** camt Refs/UETR (lower-cased UUID). */
  readonly uetr: string | undefined;
  /** camt Refs/InstrId, MT940 /KREF/ or KREF+. */
  readonly instructionId: string | undefined;
  readonly paymentInformationId: string | undefined;
  readonly transactionId: string | undefined;
  readonly mandateId: string | undefined;
  readonly bankTransactionCode: BankTransactionCode | undefined;
  /** Present when the line is a return (camt RtrInf, MT940 /RTRN/, BAI2 return type codes, CSV mapping). */
  readonly returnReason: ReturnReason | undefined;
  readonly counterparty: Counterparty | undefined;
  readonly remittanceInfo: string | undefined;
  readonly additionalInfo: string | undefined;
  /** The entry's original text (XML element, :61:+:86: lines, 16+88 records, CSV record); '' when raw text was not kept. */
  readonly raw: string;
  /** Where the entry is in the file: "line 12" or an element path with its line. */
  readonly location: string;
  /**
   * When the entry is in another currency than the account (camt AmtDtls/TxAmt vs the entry's
   * amount): `currency`/`amountMinor` above are the entry's own, this is what moved the account's
   * balance, in the statement's currency. Absent when the entry is in the account's currency.
   */
  readonly accountAmount?: { readonly currency: string; readonly amountMinor: bigint };
  /** Leniencies applied to this line. Absent when none. */
  readonly warnings?: readonly StatementWarning[];
}

export interface Statement extends StatementHeader {
  readonly lines: readonly StatementLine[];
}

export interface StatementTotals {
  /** All lines, whatever their status. */
  readonly lineCount: number;
  /** Booked lines only: these are what balances move by. */
  readonly credits: { readonly count: number; readonly amountMinor: bigint };
  readonly debits: { readonly count: number; readonly amountMinor: bigint };
  readonly pendingCount: number;
  readonly infoCount: number;
}
