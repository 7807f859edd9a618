import type { Posting } from '../postings/posting.ts';
import type { StatementBalanceFact } from '../positions/statement-balance.ts';

export interface AppendResult {
  /** Ids written by this call, in the order given. */
  readonly appended: readonly string[];
  /** Ids that were already stored with identical content (a replay): nothing was written for them. */
  readonly duplicates: readonly string[];
}

/**
 * Where postings and statement balances live. Postings are append-only: never updated or
 * deleted (the Postgres store enforces it in the database).
 *
 * Contract (`describeLedgerStoreContract` in `@payout/ledger/testing` runs it against every
 * implementation):
 *  - `append` is atomic: every posting of the call is written, or none is.
 *  - A posting whose id is stored with identical content is a duplicate (skipped); the same id
 *    with different content throws PAYOUT_E_CONFLICT and nothing of the call is written.
 *  - An unbalanced posting throws PAYOUT_E_LEDGER_UNBALANCED and nothing is written.
 *  - Reads return postings in append order.
 *
 * @example
 *   const d = postingsForPayoutEvent(event, await store.postingsForPayout(event.payoutId));
 *   if (d.kind === 'post') await store.append(d.postings);
 *   const position = computePosition(await store.postingsForAccount('cn-main', 'CNY'), 'cn-main', 'CNY');
 */
export interface LedgerStore {
  append(postings: readonly Posting[]): Promise<AppendResult>;
  /** Every posting with at least one entry on (funding account, currency). */
  postingsForAccount(fundingAccountId: string, currency: string): Promise<readonly Posting[]>;
  /** Every posting caused by the payout (all attempts). */
  postingsForPayout(payoutId: string): Promise<readonly Posting[]>;
  /** Every posting caused by the funding transfer. */
  postingsForFundingTransfer(transferId: string): Promise<readonly Posting[]>;
  /** Idempotent on (funding account, currency, statement id); different content throws PAYOUT_E_CONFLICT. */
  recordStatementBalance(fact: StatementBalanceFact): Promise<'recorded' | 'duplicate'>;
  /** Statement balances of the account, ordered by date then statement id. */
  statementBalances(fundingAccountId: string, currency: string): Promise<readonly StatementBalanceFact[]>;
}
