import { sql } from 'kysely';
import { PayoutError, currencyExponent, type Money } from '@payout/domain';
import { listFundingAccounts } from './funding-accounts.repository.ts';
import { fundingTransfersOf, type FundingTransfer } from './funding-transfer.view.ts';
import { appendAuditEntries } from '../audit/audit.repository.ts';
import type { Db } from '../database.ts';
import { atomically } from './atomically.ts';
import { appendLifecyclePostings } from './lifecycle-postings.ts';
import { selectPostings } from './posting-rows.ts';

/**
 * The reference a funding transfer carries to the bank (and that the receiving account's
 * statement shows as its end-to-end id or customer reference): ISO 20022 Max35Text, kept to
 * characters every bank passes through unchanged.
 */
export const FUNDING_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,34}$/;
const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface FundingSentInput {
  /** The transfer's reference: it is the transfer id in the ledger, unique for good. */
  readonly reference: string;
  /** The receiving funding account (an active one of liquidity_funding_accounts). */
  readonly fundingAccountId: string;
  /** Positive, in the account's currency. */
  readonly amount: Money;
  /** Where the money comes from; default: the account's configured funding source. */
  readonly sourceAccountId?: string | undefined;
  readonly at: Date;
  /** Who records it (`cli:$USER`, `api:<actor>`): the audit row's actor. */
  readonly actor: string;
  readonly requestId?: string | undefined;
}

/**
 *  recorded          booked now: the amount is in transit on the account (never available until seen)
 *  already_recorded  the same transfer (reference, account, amount, source) was recorded before; nothing written
 */
export type FundingSentOutcome = { readonly kind: 'recorded' | 'already_recorded'; readonly transfer: FundingTransfer };

/**
 * Treasury records a funding transfer it sent: books `funding_sent` (funding in transit /
 * clearing) on the receiving account and appends an audit row, in one transaction. The
 * verification books the arrival (`funding_seen`) when the account's statement shows a credit
 * with this reference, amount and currency. Replaying the same record is a no-op; a reference
 * already used for another transfer, or one that was cancelled or arrived, is refused.
 *
 * @throws PayoutError PAYOUT_E_VALIDATION (reference, source), PAYOUT_E_INVALID_AMOUNT, PAYOUT_E_UNKNOWN_CURRENCY,
 *   PAYOUT_E_NOT_FOUND (no such active funding account), PAYOUT_E_CURRENCY_MISMATCH, PAYOUT_E_CONFLICT (reference in use)
 * @example await recordFundingSent(db, { reference: 'T-123', fundingAccountId: 'cn-hvps', amount: money(500_000n, 'CNY'), at: clock.now(), actor: 'cli:treasurer' })
 */
export async function recordFundingSent(db: Db, input: FundingSentInput): Promise<FundingSentOutcome> {
  const { reference, fundingAccountId, amount } = input;
  if (typeof reference !== 'string' || !FUNDING_REFERENCE.test(reference)) {
    throw new PayoutError(
      'PAYOUT_E_VALIDATION',
      'the funding reference must be 1–35 characters: letters, digits and . _ : / - (it travels as the end-to-end id)',
      { field: 'reference' },
    );
  }
  currencyExponent(amount.currency);
  if (typeof amount.amountMinor !== 'bigint' || amount.amountMinor <= 0n) {
    throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', 'a funding transfer amount must be positive', { field: 'amount' });
  }
  if (input.sourceAccountId !== undefined && !ACCOUNT_ID.test(input.sourceAccountId)) {
    throw new PayoutError('PAYOUT_E_VALIDATION', 'the source account must be 1–64 characters: letters, digits and . _ -', {
      field: 'source',
    });
  }
  return atomically(db, async (tx) => {
    const config = (await listFundingAccounts(tx)).find((a) => a.id === fundingAccountId);
    if (config === undefined) {
      throw new PayoutError(
        'PAYOUT_E_NOT_FOUND',
        `no active funding account ${String(fundingAccountId).slice(0, 64)} — register it with ./dev payout liquidity accounts --import FILE`,
        { fundingAccountId },
      );
    }
    if (config.currency !== amount.currency) {
      throw new PayoutError(
        'PAYOUT_E_CURRENCY_MISMATCH',
        `funding account ${fundingAccountId} holds ${config.currency}, not ${amount.currency}`,
        { fundingAccountId, currency: amount.currency },
      );
    }
    const sourceAccountId = input.sourceAccountId ?? config.fundingSource;
    const [existing] = fundingTransfersOf(await selectPostings(tx, sql`p.transfer_id = ${reference}`));
    if (existing !== undefined) {
      const same =
        existing.recordedSent &&
        existing.fundingAccountId === fundingAccountId &&
        existing.sourceAccountId === sourceAccountId &&
        existing.amount.currency === amount.currency &&
        existing.amount.amountMinor === amount.amountMinor;
      if (!same || existing.state === 'cancelled') {
        throw new PayoutError(
          'PAYOUT_E_CONFLICT',
          `the funding reference ${reference} is already used by another transfer (${existing.state}); use a new reference`,
          { reference, state: existing.state },
        );
      }
      return { kind: 'already_recorded', transfer: existing };
    }
    const r = await appendLifecyclePostings(tx, [
      { type: 'funding_sent', transferId: reference, fundingAccountId, sourceAccountId, amount, at: input.at },
    ]);
    const [transfer] = fundingTransfersOf(await selectPostings(tx, sql`p.transfer_id = ${reference}`));
    if (transfer === undefined) throw new PayoutError('PAYOUT_E_INTERNAL', `funding ${reference}: the posting was not stored`);
    if (r.appended.length === 0) return { kind: 'already_recorded', transfer };
    await appendAuditEntries(tx, [
      {
        actor: input.actor,
        role: null,
        action: 'liquidity.funding_sent',
        target: `funding_transfer:${reference}`,
        reason: null,
        after: { fundingAccountId, sourceAccountId, amountMinor: amount.amountMinor.toString(), currency: amount.currency },
        requestId: input.requestId ?? null,
        outcome: 'recorded',
      },
    ]);
    return { kind: 'recorded', transfer };
  });
}
