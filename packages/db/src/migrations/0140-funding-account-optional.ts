import { sql, type Kysely, type Migration } from 'kysely';

/**
 * `payouts.funding_account` becomes optional (issue 23; ADR 0017): null means routing chooses
 * among every channel; a value names an active funding account of the payout's currency
 * (checked at intake against `liquidity_funding_accounts`) and routing sends the payout only
 * through channels funded from it. Existing rows keep their value. Dropping NOT NULL is a
 * catalogue change: no table rewrite, no long lock.
 */
export const fundingAccountOptional: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`alter table payouts alter column funding_account drop not null`.execute(db);
  },
};
