import { localDateIn } from '@payout/calendar';
import { readChannelUsage, usageKey, type ChannelDay, type Db, type PayoutWithAttempts } from '@payout/db';
import { clockMsFor } from '../clock/clock.port.ts';
import { loadChannelFunds } from '../liquidity/channel-funds.ts';
import { hoursAtRouting } from '../routing/channel-hours.ts';
import type { ChannelLiveState } from '../routing/route-rules.ts';
import type { LifecycleDeps } from '../runtime/lifecycle-deps.ts';

/** Clock ms between looks at a payout held for funds or waiting for a calendar year. */
const DEFAULT_HELD_RECHECK_MS = 5 * 60_000;

/** What one submit batch routes on: each channel's business day and live state at `now`. */
export interface RoutingView {
  /** The business day of every channel that carries a currency in the batch (its usage row). */
  readonly days: ReadonlyMap<string, ChannelDay>;
  /** A channel as the router sees it: hours, breaker, day usage, success rate, funds (cached per batch). */
  readonly liveOf: (channelId: string) => ChannelLiveState;
  /** Clock ms until a held or waiting payout is looked at again. */
  readonly recheckMs: number;
}

/**
 * Read, inside the submit transaction, what routing this batch needs: the day usage of every
 * channel that carries one of its currencies (a snapshot — the booking at the end is
 * conditional, so the per-day limit holds without holding these rows for the whole
 * transaction) and, for the liquidity gate, what each gated funding account still covers,
 * read under its lock (kept until this transaction has appended the reservations of what it
 * routes).
 */
export async function loadRoutingView(tx: Db, deps: LifecycleDeps, due: readonly PayoutWithAttempts[], now: Date): Promise<RoutingView> {
  const currencies = new Set(due.map((d) => d.payout.currency));
  const carrying = [...deps.channels.values()].filter((c) => currencies.has(c.config.profile.currency));
  const days = new Map<string, ChannelDay>(
    carrying.map((c) => [c.config.id, { channelId: c.config.id, businessDate: localDateIn(now, c.config.profile.timeZone) }]),
  );
  const usage = await readChannelUsage(tx, [...days.values()]);
  const recheckMs = deps.settings.heldRecheckMs ?? DEFAULT_HELD_RECHECK_MS;
  const funds = await loadChannelFunds(tx, carrying, now, recheckMs);
  const cache = new Map<string, ChannelLiveState>();
  const liveOf = (id: string): ChannelLiveState => {
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const f = funds.get(id);
    const used = usage.get(usageKey(days.get(id) ?? { channelId: id, businessDate: '' })) ?? 0n;
    const state: ChannelLiveState = {
      ...channelLiveState(deps, id, now, used, recheckMs),
      ...(f === undefined ? {} : { availableMinor: f.availableMinor, fundsExpectedAt: f.fundsExpectedAt }),
    };
    cache.set(id, state);
    return state;
  };
  return { days, liveOf, recheckMs };
}

/** What a channel looks like to the router at `now`. */
function channelLiveState(deps: LifecycleDeps, channelId: string, now: Date, usedTodayMinor: bigint, recheckMs: number): ChannelLiveState {
  const c = deps.channels.get(channelId);
  if (c === undefined) return { open: false, breakerBlockedMs: 0, usedTodayMinor, successRate: 0 };
  const margin = clockMsFor(deps.clock, deps.settings.submitTimeoutMs + deps.settings.safetyMarginMs);
  const breaker = c.bank.breakerState('submit');
  return {
    ...hoursAtRouting(c.hours, now, margin, recheckMs),
    // An open breaker is re-checked a second (real) later; half-open lets the probe through.
    breakerBlockedMs: breaker === 'open' ? clockMsFor(deps.clock, 1_000) : 0,
    usedTodayMinor,
    dayEndsAt: undefined,
    successRate: deps.rates.rate(channelId),
  };
}
