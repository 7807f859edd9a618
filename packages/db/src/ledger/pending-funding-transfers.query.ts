import { sql } from 'kysely';
import { fundingTransfersOf, type FundingTransfer } from './funding-transfer.view.ts';
import type { Db } from '../database.ts';
import { selectPostings } from './posting-rows.ts';

/**
 * Funding transfers recorded as sent to `fundingAccountId` and not yet seen on its statement
 * (nor cancelled): what a statement credit of that account may be the arrival of. With
 * `transferIds` (the references a page of credit lines carries) only those are read, through
 * the transfer index; without, every funding transfer of the account is folded.
 *
 * @example await pendingFundingTransfers(db, { fundingAccountId: 'cn-hvps', transferIds: ['T-123'] }) // [{ transferId: 'T-123', state: 'in_transit', … }]
 */
export async function pendingFundingTransfers(
  db: Db,
  opts: { readonly fundingAccountId: string; readonly currency?: string | undefined; readonly transferIds?: readonly string[] | undefined },
): Promise<FundingTransfer[]> {
  if (opts.transferIds !== undefined && opts.transferIds.length === 0) return [];
  const where =
    opts.transferIds === undefined
      ? sql`p.transfer_id in (select q.transfer_id from ledger_postings q join ledger_entries e on e.posting_seq = q.seq
                               where q.transfer_id is not null and e.funding_account_id = ${opts.fundingAccountId})`
      : sql`p.transfer_id = any(${[...new Set(opts.transferIds)]}::text[])`;
  return fundingTransfersOf(await selectPostings(db, where)).filter(
    (t) =>
      t.state === 'in_transit' &&
      t.recordedSent &&
      t.fundingAccountId === opts.fundingAccountId &&
      (opts.currency === undefined || t.amount.currency === opts.currency),
  );
}
