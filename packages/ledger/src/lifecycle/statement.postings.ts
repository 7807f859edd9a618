import { buildPosting } from '../postings/posting.builder.ts';
import { adjustmentPostingId, openingBalancePostingId } from '../postings/posting-id.ts';
import type { Posting } from '../postings/posting.ts';

export interface OpeningBalanceInput {
  readonly fundingAccountId: string;
  readonly currency: string;
  /** The statement whose opening balance brings the account into the ledger. */
  readonly statementId: string;
  /** Signed: a negative balance is an overdraft. */
  readonly balanceMinor: bigint;
  readonly bookingDate: string;
  readonly at: Date;
}

/**
 * Brings an account's statement balance into the ledger once (the account's first statement,
 * or when the ledger starts). Returns undefined for a zero balance: there is nothing to book.
 */
export function openingBalancePosting(input: OpeningBalanceInput): Posting | undefined {
  if (input.balanceMinor === 0n) return undefined;
  return buildPosting({
    id: openingBalancePostingId(input.fundingAccountId, input.currency, input.statementId),
    cause: { kind: 'opening_balance', statementId: input.statementId },
    effectiveAt: input.at,
    bookingDate: input.bookingDate,
    entries: [
      {
        account: { fundingAccountId: input.fundingAccountId, kind: 'cash_available' },
        currency: input.currency,
        amountMinor: input.balanceMinor,
      },
      {
        account: { fundingAccountId: input.fundingAccountId, kind: 'opening_balance' },
        currency: input.currency,
        amountMinor: -input.balanceMinor,
      },
    ],
  });
}

export interface AdjustmentInput {
  readonly fundingAccountId: string;
  readonly currency: string;
  /** Unique per account: the statement line's bank reference, or an ops ticket. */
  readonly reference: string;
  readonly reason: string;
  /** Signed effect on the bank balance: a fee is negative, interest positive. */
  readonly amountMinor: bigint;
  readonly bookingDate: string;
  readonly at: Date;
}

/**
 * Books a statement line that no payout or funding transfer explains (bank fees, interest,
 * a correction) so the drift report can reach zero. Ops decide; this records the decision.
 */
export function adjustmentPosting(input: AdjustmentInput): Posting {
  return buildPosting({
    id: adjustmentPostingId(input.fundingAccountId, input.currency, input.reference),
    cause: { kind: 'adjustment', reference: input.reference, reason: input.reason },
    effectiveAt: input.at,
    bookingDate: input.bookingDate,
    entries: [
      {
        account: { fundingAccountId: input.fundingAccountId, kind: 'cash_available' },
        currency: input.currency,
        amountMinor: input.amountMinor,
      },
      {
        account: { fundingAccountId: input.fundingAccountId, kind: 'statement_adjustments' },
        currency: input.currency,
        amountMinor: -input.amountMinor,
      },
    ],
  });
}
