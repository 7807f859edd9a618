import type { Money } from '@payout/domain';
import type { Posting } from '@payout/ledger';

/** Where a funding transfer stands in the ledger: sent and in transit, seen on the receiving account's statement, or cancelled. */
export type FundingTransferState = 'in_transit' | 'seen' | 'cancelled';

/** A funding transfer as its postings tell it. `transferId` is the reference the transfer carries to the bank. */
export interface FundingTransfer {
  readonly transferId: string;
  readonly fundingAccountId: string;
  readonly sourceAccountId: string;
  readonly amount: Money;
  readonly state: FundingTransferState;
  /** Whether treasury recorded it as sent (a credit can in principle be booked as seen without). */
  readonly recordedSent: boolean;
  /** ISO instant of the first posting (when it was recorded as sent). */
  readonly recordedAt: string;
  /** The statement's booking date, once seen. */
  readonly seenOn?: string | undefined;
}

/**
 * Folds the postings of funding transfers (any order of transfers, append order within one)
 * into one view per transfer. The amount and accounts come from the first posting: the ledger
 * refuses later steps on another account or currency.
 *
 * @example fundingTransfersOf(await selectPostings(db, sql`p.transfer_id = ${'T-123'}`))[0]?.state // 'in_transit'
 */
export function fundingTransfersOf(postings: readonly Posting[]): FundingTransfer[] {
  const out = new Map<string, FundingTransfer>();
  for (const p of postings) {
    if (p.cause.kind !== 'funding') continue;
    const first = p.entries[0];
    if (first === undefined) continue;
    const amountMinor = first.amountMinor < 0n ? -first.amountMinor : first.amountMinor;
    const cur = out.get(p.cause.transferId) ?? {
      transferId: p.cause.transferId,
      fundingAccountId: first.account.fundingAccountId,
      sourceAccountId: p.cause.sourceAccountId,
      amount: { amountMinor, currency: first.currency },
      state: 'in_transit' as FundingTransferState,
      recordedSent: false,
      recordedAt: p.effectiveAt,
    };
    switch (p.cause.step) {
      case 'sent':
        out.set(p.cause.transferId, { ...cur, recordedSent: true });
        break;
      case 'received_seen':
        out.set(p.cause.transferId, { ...cur, state: 'seen', seenOn: p.bookingDate });
        break;
      case 'cancelled':
        out.set(p.cause.transferId, { ...cur, state: 'cancelled' });
        break;
    }
  }
  return [...out.values()];
}
