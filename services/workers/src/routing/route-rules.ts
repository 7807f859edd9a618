import type { CalendarGap } from '../escalation/calendar-gap.ts';

/** What the router knows about a channel that does not change while it runs. */
export interface RoutableChannel {
  readonly id: string;
  readonly currency: string;
  readonly rail: string;
  /** Relative share of traffic among eligible channels (> 0). */
  readonly weight: number;
  readonly minAmountMinor: bigint;
  readonly perPayoutMaxMinor: bigint;
  readonly perDayMaxMinor: bigint;
  /** Beneficiary bank codes this channel reaches (prefix match); undefined = any bank. */
  readonly beneficiaryBanks?: readonly string[] | undefined;
  /** Our account the money leaves from (ledger funding account); channels may share one. */
  readonly fundingAccountId?: string | undefined;
}

/** The payout facts routing looks at. */
export interface RoutablePayout {
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly railPreference?: string | undefined;
  readonly beneficiaryBankCode?: string | undefined;
  /** The funding account the payout must be paid from (checked at intake); undefined = any channel. */
  readonly fundingAccount?: string | undefined;
  /** Channels that refused it for a reason that another channel may not share (AM02 …). */
  readonly excludedChannels: ReadonlySet<string>;
  /** Channels of earlier definitively failed attempts: others are preferred. */
  readonly triedChannels: ReadonlySet<string>;
}

/** Live state of a channel at routing time. */
export interface ChannelLiveState {
  /** Takes submissions now (calendar and hours); else when it opens again (with `noData`: when to ask again). */
  readonly open: boolean;
  readonly reopensAt?: Date | undefined;
  /**
   * Its hours are unknown: they depend on a day in a year its calendar has no data for.
   * Not open, and not provably closed either.
   */
  readonly noData?: CalendarGap | undefined;
  /** Submit breaker open (here or in another process); else 0. */
  readonly breakerBlockedMs: number;
  /** Already committed today against the per-day limit (bank-local day). */
  readonly usedTodayMinor: bigint;
  /** When the per-day limit resets (the bank's next local day). */
  readonly dayEndsAt?: Date | undefined;
  /** Recent success rate, 0..1. */
  readonly successRate: number;
  /**
   * What the channel's funding account can still cover (the ledger's available: confirmed
   * balance minus reserved, unknown exposure and settled-not-yet-on-a-statement); undefined
   * when the account is not under the liquidity gate.
   */
  readonly availableMinor?: bigint | undefined;
  /** When funds can next arrive on that account (its next funding window). */
  readonly fundsExpectedAt?: Date | undefined;
}

export type StaticRefusal =
  'currency' | 'funding_account' | 'amount_below_minimum' | 'amount_over_limit' | 'rail' | 'beneficiary_bank' | 'excluded_after_failure';
export type LiveRefusal = 'closed' | 'calendar_no_data' | 'breaker_open' | 'daily_limit' | 'insufficient_funds';

/** Why a channel can never take this payout (checked first), or undefined. */
export function staticRefusal(ch: RoutableChannel, p: RoutablePayout): StaticRefusal | undefined {
  if (ch.currency !== p.currency) return 'currency';
  if (p.fundingAccount !== undefined && ch.fundingAccountId !== p.fundingAccount) return 'funding_account';
  if (p.amountMinor < ch.minAmountMinor) return 'amount_below_minimum';
  if (p.amountMinor > ch.perPayoutMaxMinor || p.amountMinor > ch.perDayMaxMinor) return 'amount_over_limit';
  if (p.railPreference !== undefined && p.railPreference !== ch.rail) return 'rail';
  if (ch.beneficiaryBanks !== undefined) {
    const code = p.beneficiaryBankCode;
    if (code === undefined || !ch.beneficiaryBanks.some((prefix) => code.startsWith(prefix))) return 'beneficiary_bank';
  }
  if (p.excludedChannels.has(ch.id)) return 'excluded_after_failure';
  return undefined;
}

/** Why a channel cannot take this payout right now, or undefined. */
export function liveRefusal(ch: RoutableChannel, live: ChannelLiveState, p: RoutablePayout): LiveRefusal | undefined {
  if (!live.open) return live.noData !== undefined ? 'calendar_no_data' : 'closed';
  if (live.breakerBlockedMs > 0) return 'breaker_open';
  if (live.usedTodayMinor + p.amountMinor > ch.perDayMaxMinor) return 'daily_limit';
  if (live.availableMinor !== undefined && p.amountMinor > live.availableMinor) return 'insufficient_funds';
  return undefined;
}

/** When a channel refused for a live reason may take work again (ms since epoch). */
export function liveRetryAt(live: ChannelLiveState, refusal: LiveRefusal, nowMs: number): number {
  switch (refusal) {
    case 'closed':
      return live.reopensAt?.getTime() ?? nowMs + 60_000;
    case 'calendar_no_data':
      return live.reopensAt?.getTime() ?? nowMs + 5 * 60_000;
    case 'breaker_open':
      return nowMs + live.breakerBlockedMs;
    case 'daily_limit':
      return live.dayEndsAt?.getTime() ?? nowMs + 3_600_000;
    case 'insufficient_funds':
      // Funds may also arrive sooner (a statement credit): the caller re-checks held payouts at least this often.
      return live.fundsExpectedAt?.getTime() ?? nowMs + 15 * 60_000;
  }
}
