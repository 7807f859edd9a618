import type { Db } from '@payout/db';
import { nextFundingOpportunity, resolveFundingAccount, type FundingAccountConfig } from '@payout/ledger';
import { listFundingAccounts, loadPositions, lockFundingAccounts } from '@payout/db/ledger';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import { askCalendar } from '../escalation/calendar-gap.ts';

/** What a channel's funding account can cover right now, for the router. */
export interface ChannelFunds {
  readonly fundingAccountId: string;
  /** The ledger's available balance (may be negative when more is in flight than confirmed). */
  readonly availableMinor: bigint;
  /** When the payouts it cannot cover are looked at again: its next funding window, never sooner than the re-check interval. */
  readonly fundsExpectedAt: Date;
}

/**
 * The liquidity gate's inputs for one submit batch. A funding account is under the gate once
 * treasury has registered it (`./dev payout liquidity accounts`, table liquidity_funding_accounts)
 * with the channel's currency; accounts nobody registered are not gated (the ledger has no
 * confirmed balance for them to decide on).
 *
 * Takes the transaction-scoped advisory locks of the gated accounts BEFORE reading their
 * positions; the submit transaction keeps them until it has appended the reservations of the
 * payouts it routed, so two workers can never spend the same available balance.
 *
 * @returns channel id → funds, for gated channels only.
 */
export async function loadChannelFunds(
  tx: Db,
  channels: Iterable<ChannelRuntime>,
  now: Date,
  recheckMs: number,
): Promise<Map<string, ChannelFunds>> {
  const wanted = [...channels];
  if (wanted.length === 0) return new Map();
  const registered = new Map<string, FundingAccountConfig>((await listFundingAccounts(tx)).map((a) => [a.id, a]));
  const gated = wanted.filter((c) => registered.get(c.config.fundingAccountId)?.currency === c.config.profile.currency);
  if (gated.length === 0) return new Map();
  const accountIds = [...new Set(gated.map((c) => c.config.fundingAccountId))];
  await lockFundingAccounts(tx, accountIds);
  const positions = await loadPositions(tx, { fundingAccountIds: accountIds });
  const earliest = now.getTime() + recheckMs;
  const expectedOf = new Map<string, Date>();
  const out = new Map<string, ChannelFunds>();
  for (const c of gated) {
    const id = c.config.fundingAccountId;
    const currency = c.config.profile.currency;
    let expected = expectedOf.get(id);
    if (expected === undefined) {
      const config = registered.get(id);
      // A funding window in a year the calendar has no data for is unknown: look again at the
      // re-check interval rather than fail the whole submit batch.
      const next =
        config === undefined ? undefined : askCalendar(() => nextFundingOpportunity(resolveFundingAccount(config), now).getTime());
      const window = next?.ok === true ? next.value : earliest;
      expected = new Date(Math.max(window, earliest));
      expectedOf.set(id, expected);
    }
    const position = positions.find((p) => p.fundingAccountId === id && p.currency === currency);
    out.set(c.config.id, { fundingAccountId: id, availableMinor: position?.availableMinor ?? 0n, fundsExpectedAt: expected });
  }
  return out;
}
