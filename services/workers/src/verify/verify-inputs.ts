import { localDateIn } from '@payout/calendar';
import type { PayoutForVerification, StoredLineRecord, VerifyAttemptRecord } from '@payout/db';
import type { UnresolvedAttempt, VerifyLine } from './verify.model.ts';

/** The attempt that may still be live at the bank: the latest one not definitively failed. */
export function liveAttempt(p: PayoutForVerification): VerifyAttemptRecord | undefined {
  for (let i = p.attempts.length - 1; i >= 0; i--) {
    const a = p.attempts[i];
    if (a !== undefined && a.state !== 'failed') return a;
  }
  return undefined;
}

/** A payout and its live attempt as matching sees them; the debtor is our account at the attempt's bank. */
export function unresolvedOf(p: PayoutForVerification, a: VerifyAttemptRecord, debtorAccount: string, timeZone: string): UnresolvedAttempt {
  return {
    attemptId: a.id,
    payoutId: p.payout.id,
    payoutStatus: p.payout.status,
    attemptState: a.state,
    bankId: a.channelId,
    endToEndId: a.endToEndId,
    uetr: undefined,
    bankReference: a.bankReference ?? undefined,
    amount: { amountMinor: p.payout.amountMinor, currency: p.payout.currency },
    debtorAccount,
    beneficiaryAccount: p.payout.beneficiary.accountNumber,
    beneficiaryName: p.payout.beneficiary.name,
    sentOn: localDateIn(a.sentAt ?? a.createdAt, timeZone),
  };
}

/** A stored line as matching sees it; a line naming an attempt that is not among the unresolved carries that attempt's facts. */
export function verifyLineOf(l: StoredLineRecord, unresolvedAttemptIds: ReadonlySet<string>): VerifyLine {
  const known =
    l.attemptId !== null &&
    !unresolvedAttemptIds.has(l.attemptId) &&
    l.attemptState !== null &&
    l.payoutStatus !== null &&
    l.payoutId !== null
      ? {
          attemptId: l.attemptId,
          payoutId: l.payoutId,
          attemptState: l.attemptState,
          payoutStatus: l.payoutStatus,
          amount: { amountMinor: l.payoutAmountMinor ?? 0n, currency: l.payoutCurrency ?? l.currency },
        }
      : undefined;
  // A line linked to an unresolved attempt by an earlier fallback match names it only through the link.
  const linkedE2e = l.matchKind === 'fallback' && l.attemptId !== null && unresolvedAttemptIds.has(l.attemptId) ? undefined : l.endToEndId;
  return {
    lineId: l.id,
    statementRowId: l.statementRowId,
    accountId: l.accountId,
    currency: l.currency,
    amountMinor: l.amountMinor,
    direction: l.direction,
    reversal: l.reversal,
    status: l.status,
    bookingDate: l.bookingDate ?? undefined,
    valueDate: l.valueDate ?? undefined,
    endToEndId: linkedE2e ?? undefined,
    uetr: l.uetr ?? undefined,
    bankReference: l.bankReference ?? undefined,
    counterpartyAccount: l.counterpartyAccount ?? undefined,
    counterpartyName: l.counterpartyName ?? undefined,
    returnCode: l.returnCode ?? undefined,
    isReturn: l.isReturn,
    knownAttempt: known,
  };
}
