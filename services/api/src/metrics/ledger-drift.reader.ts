import { resolveFundingAccount, type FundingAccountConfig } from '@payout/ledger';
import type { Db } from '@payout/db';
import { listFundingAccounts, loadDrift } from '@payout/db/ledger';
import type { DriftReading } from './ops-gauges.ts';

/**
 * The latest drift line of every configured funding account (one small query per account, the
 * same rule as GET /v1/liquidity/positions). Accounts without a statement yet are left out.
 */
export async function readLedgerDrift(db: Db): Promise<DriftReading[]> {
  const out: DriftReading[] = [];
  for (const account of await listFundingAccounts(db)) {
    const [latest] = await loadDrift(db, { fundingAccountId: account.id, currency: account.currency, timeZone: zoneOf(account), limit: 1 });
    if (latest !== undefined) out.push({ fundingAccountId: account.id, currency: account.currency, driftMinor: latest.driftMinor });
  }
  return out;
}

/** The zone the account's statements are dated in (its calendar's); UTC when it cannot be resolved. */
function zoneOf(config: FundingAccountConfig): string {
  try {
    return resolveFundingAccount(config).timeZone;
  } catch {
    return 'UTC';
  }
}
