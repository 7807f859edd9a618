import { checkSequence, type SequenceResult, type StatementHeader } from '@payout/statements';

/** A `bank_statements` row as repositories hand it out. */
export interface StoredStatementRecord {
  readonly id: string;
  readonly fileId: string;
  readonly bankId: string;
  readonly accountId: string;
  readonly statementId: string;
  readonly page: number;
  readonly lastPage: boolean | null;
  readonly electronicSeq: string | null;
  readonly legalSeq: string | null;
  readonly format: string;
  readonly currency: string;
  readonly statementDate: string;
  readonly openingMinor: bigint | null;
  readonly closingMinor: bigint | null;
  readonly creditsMinor: bigint;
  readonly debitsMinor: bigint;
  readonly lineCount: number;
  readonly balanceCheck: 'ok' | 'mismatch' | 'not_applicable';
  readonly chainStatus: ChainStatus;
  readonly matchedAt: Date | null;
}

export type ChainStatus = 'continuous' | 'broken' | 'unverifiable' | 'first';

export interface StoredStatementRow {
  id: string;
  file_id: string;
  bank_id: string;
  account_id: string;
  statement_id: string;
  page: number;
  last_page: boolean | null;
  electronic_seq: string | null;
  legal_seq: string | null;
  format: string;
  currency: string;
  statement_date: string;
  opening_minor: bigint | null;
  closing_minor: bigint | null;
  credits_minor: bigint;
  debits_minor: bigint;
  line_count: number;
  balance_check: 'ok' | 'mismatch' | 'not_applicable';
  chain_status: ChainStatus;
  matched_at: Date | null;
}

export function storedStatementFromRow(r: StoredStatementRow): StoredStatementRecord {
  return {
    id: r.id,
    fileId: r.file_id,
    bankId: r.bank_id,
    accountId: r.account_id,
    statementId: r.statement_id,
    page: r.page,
    lastPage: r.last_page,
    electronicSeq: r.electronic_seq,
    legalSeq: r.legal_seq,
    format: r.format,
    currency: r.currency.trim(),
    statementDate: r.statement_date,
    openingMinor: r.opening_minor,
    closingMinor: r.closing_minor,
    creditsMinor: r.credits_minor,
    debitsMinor: r.debits_minor,
    lineCount: r.line_count,
    balanceCheck: r.balance_check,
    chainStatus: r.chain_status,
    matchedAt: r.matched_at,
  };
}

/** Statements of one account in chain order: date, then sequence number, then page. */
export function compareStatements(a: StoredStatementRecord, b: StoredStatementRecord): number {
  if (a.statementDate !== b.statementDate) return a.statementDate < b.statementDate ? -1 : 1;
  const sa = seqOf(a);
  const sb = seqOf(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.page - b.page;
}

function seqOf(s: StoredStatementRecord): bigint {
  const v = s.electronicSeq ?? s.legalSeq;
  return v !== null && /^\d{1,30}$/.test(v) ? BigInt(v) : 0n;
}

/** The header facts `checkSequence` reads, rebuilt from a stored row. */
export function headerOf(s: StoredStatementRecord): StatementHeader {
  return {
    format: 'camt053',
    version: undefined,
    index: 0,
    messageId: undefined,
    statementId: s.statementId,
    account: { id: s.accountId, scheme: 'other', servicerBic: undefined },
    currency: s.currency,
    sequence: {
      electronic: s.electronicSeq ?? undefined,
      legal: s.legalSeq ?? undefined,
      page: s.page === 0 ? undefined : s.page,
      lastPage: s.lastPage ?? undefined,
    },
    creationDateTime: undefined,
    period: { from: s.statementDate, to: s.statementDate },
    openingBalance: s.openingMinor === null ? undefined : { amountMinor: s.openingMinor, date: s.statementDate, type: 'stored' },
    closingBalance: s.closingMinor === null ? undefined : { amountMinor: s.closingMinor, date: s.statementDate, type: 'stored' },
    additionalInfo: undefined,
  };
}

/** Chain status of `next` after `prev` (undefined: `next` is the first statement we hold). */
export function chainOf(
  prev: StoredStatementRecord | undefined,
  next: StoredStatementRecord,
): { status: ChainStatus; result: SequenceResult | undefined } {
  if (prev === undefined) return { status: 'first', result: undefined };
  const result = checkSequence(headerOf(prev), headerOf(next));
  return { status: result.kind, result };
}
