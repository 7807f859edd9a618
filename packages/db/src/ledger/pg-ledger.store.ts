import { sql } from 'kysely';
import type { AppendResult, LedgerStore, Posting, StatementBalanceFact } from '@payout/ledger';
import { appendPostings } from './append-postings.ts';
import type { Db } from '../database.ts';
import { selectPostings } from './posting-rows.ts';
import { recordStatementBalance, selectBalances } from './statement-balances.ts';

/**
 * The LedgerStore in Postgres (tables of migration 0100_ledger). Give it the pool for work of
 * its own, or the caller's transaction so postings commit with the lifecycle rows they belong
 * to. Postings are append-only and balanced per currency, enforced by the database too.
 *
 * @example
 *   await db.transaction().execute(async (tx) => {
 *     … writeLifecycleBatch(tx, …)
 *     await recordPayoutEvent(new PgLedgerStore(tx), event);
 *   });
 */
export class PgLedgerStore implements LedgerStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  append(postings: readonly Posting[]): Promise<AppendResult> {
    return appendPostings(this.#db, postings);
  }

  postingsForAccount(fundingAccountId: string, currency: string): Promise<readonly Posting[]> {
    return selectPostings(
      this.#db,
      sql`p.seq in (select e.posting_seq from ledger_entries e where e.funding_account_id = ${fundingAccountId} and e.currency = ${currency})`,
    );
  }

  postingsForPayout(payoutId: string): Promise<readonly Posting[]> {
    return selectPostings(this.#db, sql`p.payout_id = ${payoutId}`);
  }

  postingsForFundingTransfer(transferId: string): Promise<readonly Posting[]> {
    return selectPostings(this.#db, sql`p.transfer_id = ${transferId}`);
  }

  recordStatementBalance(fact: StatementBalanceFact): Promise<'recorded' | 'duplicate'> {
    return recordStatementBalance(this.#db, fact);
  }

  statementBalances(fundingAccountId: string, currency: string): Promise<readonly StatementBalanceFact[]> {
    return selectBalances(this.#db, fundingAccountId, currency);
  }
}
