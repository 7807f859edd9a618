import type { CalendarGap } from '../escalation/calendar-gap.ts';
import {
  liveRefusal,
  liveRetryAt,
  staticRefusal,
  type ChannelLiveState,
  type RoutableChannel,
  type RoutablePayout,
  type StaticRefusal,
} from './route-rules.ts';

export type RouteDecision =
  | { readonly kind: 'routed'; readonly channelId: string }
  /**
   * Some channel can take it, but none now (closed, breaker open, daily limit): try again at
   * `retryAt`. `gap` when one of the channels waited for is held back by a missing calendar year.
   */
  | { readonly kind: 'wait'; readonly retryAt: Date; readonly reason: string; readonly gap?: CalendarGap | undefined }
  /**
   * Every channel that could take it needs a day its calendar has no data for (HVPS hours
   * past the end of the CN data): it waits as `held` with PAYOUT_E_CALENDAR_NO_DATA and is
   * looked at again at `retryAt` — never failed, never sent to a person for it. A channel
   * that can act without that data (a 7×24 rail) is simply eligible and taken instead.
   */
  | { readonly kind: 'calendar_no_data'; readonly retryAt: Date; readonly reason: string; readonly gap: CalendarGap }
  /**
   * Every channel that could take it is held back only by its funding account: the payout
   * waits as `held` (never failed for lack of funds) until `retryAt` or until funds arrive.
   */
  | { readonly kind: 'held'; readonly retryAt: Date; readonly reason: string; readonly shortfallMinor: bigint }
  /** No configured channel can ever take it. */
  | { readonly kind: 'unroutable'; readonly reason: string };

// An effective weight never drops to zero: a channel with a bad streak still gets the odd
// payout, which is how its success rate can recover.
const MIN_RATE_FACTOR = 0.1;

/**
 * Rules, then smooth weighted round-robin among the channels eligible now, with each
 * channel's weight scaled by its recent success rate (so a channel that silently fails big
 * payouts, or times out, gets less). Channels a payout already failed on are avoided while
 * another eligible one exists. Stateful: one router per process, used from one batch at a
 * time; `assign` books the amount against the channel's day so a batch cannot overrun it.
 *
 * @example
 *   const router = new ChannelRouter(channels);
 *   const d = router.route(payout, (id) => live.get(id)!, now);
 *   if (d.kind === 'routed') router.assign(d.channelId, payout.amountMinor);
 */
export class ChannelRouter {
  private readonly channels: readonly RoutableChannel[];
  private readonly current = new Map<string, number>();
  private readonly bookedInBatch = new Map<string, bigint>();
  /** Amounts routed in this batch per funding account (channels may share an account). */
  private readonly fundsInBatch = new Map<string, bigint>();

  constructor(channels: readonly RoutableChannel[]) {
    for (const c of channels) {
      if (!(c.weight > 0)) throw new RangeError(`channel ${c.id}: weight must be positive`);
    }
    this.channels = channels;
  }

  /** Forget amounts booked by `assign` (call at the start of each batch, after reloading usage). */
  startBatch(): void {
    this.bookedInBatch.clear();
    this.fundsInBatch.clear();
  }

  assign(channelId: string, amountMinor: bigint): void {
    this.bookedInBatch.set(channelId, (this.bookedInBatch.get(channelId) ?? 0n) + amountMinor);
    const account = this.channels.find((c) => c.id === channelId)?.fundingAccountId;
    if (account !== undefined) this.fundsInBatch.set(account, (this.fundsInBatch.get(account) ?? 0n) + amountMinor);
  }

  route(p: RoutablePayout, live: (channelId: string) => ChannelLiveState, now: Date): RouteDecision {
    const staticOk: RoutableChannel[] = [];
    const refusals = new Map<StaticRefusal, string[]>();
    for (const c of this.channels) {
      const r = staticRefusal(c, p);
      if (r === undefined) staticOk.push(c);
      else refusals.set(r, [...(refusals.get(r) ?? []), c.id]);
    }
    if (staticOk.length === 0) {
      const why = [...refusals.entries()].map(([r, ids]) => `${r}: ${ids.join(',')}`).join('; ');
      const named =
        p.fundingAccount === undefined
          ? ''
          : `; it names funding account ${p.fundingAccount}${this.channels.some((c) => c.fundingAccountId === p.fundingAccount) ? '' : ', which no configured channel pays from'}`;
      return { kind: 'unroutable', reason: `no channel can take this payout (${why || 'no channels configured'})${named}` };
    }
    const eligible: { channel: RoutableChannel; state: ChannelLiveState }[] = [];
    let retryAt = Number.POSITIVE_INFINITY;
    const waits: string[] = [];
    let onlyFunds = true;
    let onlyNoData = true;
    let gap: CalendarGap | undefined;
    let shortfall: bigint | undefined;
    for (const c of staticOk) {
      const base = live(c.id);
      const spent = c.fundingAccountId === undefined ? 0n : (this.fundsInBatch.get(c.fundingAccountId) ?? 0n);
      const state = {
        ...base,
        usedTodayMinor: base.usedTodayMinor + (this.bookedInBatch.get(c.id) ?? 0n),
        availableMinor: base.availableMinor === undefined ? undefined : base.availableMinor - spent,
      };
      const r = liveRefusal(c, state, p);
      if (r === undefined) eligible.push({ channel: c, state });
      else {
        retryAt = Math.min(retryAt, liveRetryAt(state, r, now.getTime()));
        waits.push(`${c.id} ${r}`);
        if (r === 'calendar_no_data') gap ??= state.noData;
        else onlyNoData = false;
        if (r !== 'insufficient_funds') onlyFunds = false;
        else {
          const need = p.amountMinor - (state.availableMinor ?? 0n);
          shortfall = shortfall === undefined || need < shortfall ? need : shortfall;
        }
      }
    }
    if (eligible.length === 0 && onlyFunds && shortfall !== undefined) {
      return {
        kind: 'held',
        retryAt: new Date(Number.isFinite(retryAt) ? retryAt : now.getTime() + 15 * 60_000),
        reason: `no funding account can cover it now (${waits.join('; ')})`,
        shortfallMinor: shortfall,
      };
    }
    if (eligible.length === 0 && onlyNoData && gap !== undefined) {
      return {
        kind: 'calendar_no_data',
        retryAt: new Date(Number.isFinite(retryAt) ? retryAt : now.getTime() + 5 * 60_000),
        reason: `no channel can take it without that calendar data (${waits.join('; ')})`,
        gap,
      };
    }
    if (eligible.length === 0) {
      return {
        kind: 'wait',
        retryAt: new Date(Number.isFinite(retryAt) ? retryAt : now.getTime() + 60_000),
        reason: waits.join('; '),
        ...(gap !== undefined ? { gap } : {}),
      };
    }
    const untried = eligible.filter((e) => !p.triedChannels.has(e.channel.id));
    const pool = untried.length > 0 ? untried : eligible;
    return { kind: 'routed', channelId: this.pick(pool) };
  }

  /** Smooth weighted round-robin (nginx): deterministic, spreads each channel's turns evenly. */
  private pick(pool: readonly { channel: RoutableChannel; state: ChannelLiveState }[]): string {
    let total = 0;
    let best: { id: string; current: number } | undefined;
    for (const { channel, state } of pool) {
      const rate = Math.min(1, Math.max(0, state.successRate));
      const effective = channel.weight * (MIN_RATE_FACTOR + (1 - MIN_RATE_FACTOR) * rate);
      total += effective;
      const cur = (this.current.get(channel.id) ?? 0) + effective;
      this.current.set(channel.id, cur);
      if (best === undefined || cur > best.current) best = { id: channel.id, current: cur };
    }
    if (best === undefined) throw new Error('pick from an empty pool');
    this.current.set(best.id, best.current - total);
    return best.id;
  }
}
