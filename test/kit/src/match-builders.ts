import type { UnresolvedAttempt, VerifyLine } from '@payout/statements';

/** Builders for statement-matching and verification tests: sensible defaults, override what the test is about. */
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
