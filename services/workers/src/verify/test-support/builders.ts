import type { StoredStatement, UnresolvedAttempt, VerifyLine } from '../verify.model.ts';

/** Builders for verification tests: sensible defaults, override what the test is about. */
export function attempt(over: Partial<UnresolvedAttempt> & { readonly attemptId: string }): UnresolvedAttempt {
  return {
    payoutId: `P-${over.attemptId}`,
    payoutStatus: 'awaiting_verification',
    attemptState: 'unknown',
    bankId: 'bank-a',
    endToEndId: `E2E-${over.attemptId}`,
    uetr: undefined,
    bankReference: undefined,
    amount: { amountMinor: 10_000n, currency: 'EUR' },
    debtorAccount: 'DE89370400440532013000',
    beneficiaryAccount: `NL91ABNA04171643${over.attemptId.padStart(2, '0').slice(-2)}`,
    beneficiaryName: `Beneficiary ${over.attemptId}`,
    sentOn: '2026-03-02',
    ...over,
  };
}

export function line(over: Partial<VerifyLine> & { readonly lineId: string }): VerifyLine {
  return {
    statementRowId: 'S1',
    accountId: 'DE89370400440532013000',
    currency: 'EUR',
    amountMinor: 10_000n,
    direction: 'debit',
    reversal: false,
    status: 'booked',
    bookingDate: '2026-03-02',
    valueDate: '2026-03-02',
    endToEndId: undefined,
    uetr: undefined,
    bankReference: `REF-${over.lineId}`,
    counterpartyAccount: undefined,
    counterpartyName: undefined,
    returnCode: undefined,
    isReturn: false,
    knownAttempt: undefined,
    ...over,
  };
}

/** A chain of daily statements with sequence numbers and balances that add up. */
export function dailyChain(
  firstDate: string,
  days: number,
  opts: { firstSeq?: number; account?: string; currency?: string } = {},
): StoredStatement[] {
  const out: StoredStatement[] = [];
  let balance = 1_000_000n;
  const [y, m, d] = firstDate.split('-').map(Number) as [number, number, number];
  for (let i = 0; i < days; i++) {
    const date = new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10);
    const closing = balance - 1_000n * BigInt(i);
    out.push({
      statementRowId: `ST${i}`,
      accountId: opts.account ?? 'DE89370400440532013000',
      currency: opts.currency ?? 'EUR',
      statementId: `STMT-${date}`,
      statementDate: date,
      electronicSequence: String((opts.firstSeq ?? 1) + i),
      legalSequence: undefined,
      page: undefined,
      lastPage: undefined,
      openingMinor: balance,
      closingMinor: closing,
      balanceCheck: 'ok',
    });
    balance = closing;
  }
  return out;
}
