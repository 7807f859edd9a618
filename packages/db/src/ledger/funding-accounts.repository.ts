import { sql, type Selectable } from 'kysely';
import { PayoutError } from '@payout/domain';
import type { CalendarId, RailId } from '@payout/calendar';
import { resolveFundingAccount, type FundingAccountConfig } from '@payout/ledger';
import type { Db } from '../database.ts';
import type { LiquidityFundingAccountsTable } from '../schema/ledger.tables.ts';
import { atomically } from './atomically.ts';

type ConfigRow = Omit<Selectable<LiquidityFundingAccountsTable>, 'changed_by' | 'changed_at'>;

export interface SaveFundingAccountsResult {
  /** Accounts that got a new configuration version. */
  readonly saved: readonly string[];
  /** Accounts whose active configuration was already exactly this. */
  readonly unchanged: readonly string[];
}

/**
 * Stores funding-account configurations as new versions (the table is append-only: older
 * versions explain older plans). Every config is checked with resolveFundingAccount first
 * (calendar, rail, cut-offs, currency); one invalid config writes nothing
 * (PAYOUT_E_CONFIG_INVALID). A config equal to the account's active one adds no version.
 *
 * @example await saveFundingAccounts(db, [{ id: 'cn-main', currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury' }], { actor: 'cli:ops' })
 */
export async function saveFundingAccounts(
  db: Db,
  configs: readonly FundingAccountConfig[],
  opts: { readonly actor: string },
): Promise<SaveFundingAccountsResult> {
  const ids = new Set<string>();
  for (const c of configs) {
    resolveFundingAccount(c);
    if (ids.has(c.id))
      throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `funding account ${c.id} is listed twice`, { fundingAccountId: c.id });
    ids.add(c.id);
  }
  return atomically(db, async (tx) => {
    // Serialise configuration changes: two saves must not both take the same next version.
    await sql`lock table liquidity_funding_accounts in share row exclusive mode`.execute(tx);
    const current = new Map((await latestRows(tx)).map((r) => [r.account_id, r]));
    const saved: string[] = [];
    const unchanged: string[] = [];
    for (const c of configs) {
      const cur = current.get(c.id);
      if (cur !== undefined && cur.active && sameConfig(configFromRow(cur), c)) {
        unchanged.push(c.id);
        continue;
      }
      await insertVersion(tx, c, (cur?.version ?? 0) + 1, true, opts.actor);
      saved.push(c.id);
    }
    return { saved, unchanged };
  });
}

/** Adds an inactive version: the account leaves the plan; its history stays. Returns false when it was not active. */
export async function deactivateFundingAccount(db: Db, accountId: string, opts: { readonly actor: string }): Promise<boolean> {
  return atomically(db, async (tx) => {
    await sql`lock table liquidity_funding_accounts in share row exclusive mode`.execute(tx);
    const cur = (await latestRows(tx)).find((r) => r.account_id === accountId);
    if (cur === undefined || !cur.active) return false;
    await insertVersion(tx, configFromRow(cur), cur.version + 1, false, opts.actor);
    return true;
  });
}

/** The active funding accounts (latest version of each), by id. */
export async function listFundingAccounts(db: Db): Promise<FundingAccountConfig[]> {
  return (await latestRows(db)).filter((r) => r.active).map(configFromRow);
}

async function latestRows(db: Db): Promise<ConfigRow[]> {
  const rows = await db
    .selectFrom('liquidity_funding_accounts')
    .distinctOn('account_id')
    .select([
      'account_id',
      'version',
      'active',
      'currency',
      'rail',
      'rail_cutoff_name',
      'calendar',
      'time_zone',
      'internal_cutoff',
      'funding_opens_at',
      'funding_source',
      'buffer_minor',
      'transfer_rounding_minor',
    ])
    .orderBy('account_id')
    .orderBy('version', 'desc')
    .execute();
  return rows.sort((a, b) => (a.account_id < b.account_id ? -1 : a.account_id > b.account_id ? 1 : 0));
}

async function insertVersion(db: Db, c: FundingAccountConfig, version: number, active: boolean, actor: string): Promise<void> {
  await db
    .insertInto('liquidity_funding_accounts')
    .values({
      account_id: c.id,
      version,
      active,
      currency: c.currency,
      rail: c.rail,
      rail_cutoff_name: c.railCutoffName ?? null,
      calendar: c.calendar ?? null,
      time_zone: c.timeZone ?? null,
      internal_cutoff: c.internalCutoff,
      funding_opens_at: c.fundingOpensAt ?? null,
      funding_source: c.fundingSource,
      buffer_minor: c.bufferMinor ?? null,
      transfer_rounding_minor: c.transferRoundingMinor ?? null,
      changed_by: actor,
    })
    .execute();
}

function configFromRow(r: ConfigRow): FundingAccountConfig {
  return {
    id: r.account_id,
    currency: r.currency,
    rail: r.rail as RailId,
    internalCutoff: r.internal_cutoff,
    fundingSource: r.funding_source,
    ...(r.rail_cutoff_name === null ? {} : { railCutoffName: r.rail_cutoff_name }),
    ...(r.calendar === null ? {} : { calendar: r.calendar as CalendarId }),
    ...(r.time_zone === null ? {} : { timeZone: r.time_zone }),
    ...(r.funding_opens_at === null ? {} : { fundingOpensAt: r.funding_opens_at }),
    ...(r.buffer_minor === null ? {} : { bufferMinor: BigInt(r.buffer_minor) }),
    ...(r.transfer_rounding_minor === null ? {} : { transferRoundingMinor: BigInt(r.transfer_rounding_minor) }),
  };
}

const FIELDS = [
  'id',
  'currency',
  'rail',
  'railCutoffName',
  'calendar',
  'timeZone',
  'internalCutoff',
  'fundingOpensAt',
  'fundingSource',
  'bufferMinor',
  'transferRoundingMinor',
] as const;

function sameConfig(a: FundingAccountConfig, b: FundingAccountConfig): boolean {
  return FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null));
}
