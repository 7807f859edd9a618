import { randomUUID } from 'node:crypto';
import type { PaymentInstruction } from '@payout/bank';
import { classifyReason, isPayoutError } from '@payout/domain';
import {
  bookChannelUsage,
  CHANNEL_DAY_RACE,
  claimDueSubmits,
  usageKey,
  type ChannelDay,
  type Db,
  type LifecycleAttempt,
  type PayoutWithAttempts,
} from '@payout/db';
import {
  BatchBuilder,
  decideNewAttempt,
  failUnsentAtClosedBank,
  heldForCalendar,
  holdForFunds,
  refuseNewAttempt,
  refuseUnroutable,
  resendUnsent,
  resumeStatusQueries,
  sendNewAttempt,
  unsentWaitsForCalendar,
  waitForBreaker,
  waitForChannel,
  type AttemptFact,
  type NewAttemptAllowed,
  type UnsentAttempt,
} from '@payout/lifecycle';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import { clockMsFor } from '../clock/clock.port.ts';
import { writeBatchWithLedger } from '../ledger/write-batch-with-ledger.ts';
import type { LifecycleDeps } from '../runtime/lifecycle-deps.ts';
import { newEndToEndId } from './end-to-end-id.ts';
import { buildInstruction } from './payment-instruction.ts';
import { loadRoutingView, type RoutingView } from './routing-view.ts';

export const SUBMIT_ACTOR = 'worker:submit';

/** An attempt committed in `sending`, to be sent now. */
export interface Send {
  readonly payoutId: string;
  readonly attemptId: string;
  readonly channel: ChannelRuntime;
  readonly instruction: PaymentInstruction;
}

export interface Prepared {
  readonly claimed: number;
  readonly sends: readonly Send[];
}

/** One prepare transaction's state: what it routes on, and what it writes and sends. */
interface Work {
  readonly deps: LifecycleDeps;
  readonly view: RoutingView;
  readonly now: Date;
  /** When a sent attempt's status query falls due if no answer is recorded before (after the bank's deadline). */
  readonly pollAt: Date;
  readonly batch: BatchBuilder;
  readonly usageAdds: Map<string, ChannelDay & { amountMinor: bigint }>;
  readonly sends: Send[];
}

/** Another batch took a channel's last room for the day while this one routed: route again on fresh usage. */
export async function prepareWithRetry(deps: LifecycleDeps, payoutIds: readonly string[] | undefined): Promise<Prepared> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction().execute((tx) => prepare(tx, deps, payoutIds));
    } catch (error) {
      const race =
        isPayoutError(error) &&
        error.code === 'PAYOUT_E_CONFLICT' &&
        (error.details as { reason?: unknown } | undefined)?.reason === CHANNEL_DAY_RACE;
      if (!race || attempt >= 3) throw error;
    }
  }
}

/**
 * ONE transaction: claim due payouts (`FOR UPDATE SKIP LOCKED`), decide each with the
 * no-double-payout rule, route, and write the attempts (`sending`, fresh end-to-end ids), the
 * payout changes with their events and outbox rows, the ledger reservations and the channels'
 * day usage. A crash from here on leaves rows that are queried first, never resent blindly.
 */
async function prepare(tx: Db, deps: LifecycleDeps, payoutIds: readonly string[] | undefined): Promise<Prepared> {
  const now = deps.clock.now();
  const due = await claimDueSubmits(tx, { now, limit: deps.settings.submitBatchSize, ...(payoutIds !== undefined ? { payoutIds } : {}) });
  if (due.length === 0) return { claimed: 0, sends: [] };
  const view = await loadRoutingView(tx, deps, due, now);
  deps.router.startBatch();
  const pollAt = new Date(now.getTime() + clockMsFor(deps.clock, deps.settings.submitTimeoutMs + deps.settings.safetyMarginMs));
  const work: Work = { deps, view, now, pollAt, batch: new BatchBuilder(SUBMIT_ACTOR), usageAdds: new Map(), sends: [] };
  for (const d of due) {
    if (d.payout.status === 'processing') planUnsent(work, d);
    else planNewAttempt(work, d);
  }
  // The new attempts reserve their amounts (and attempts failed unsent release theirs) in this transaction.
  await writeBatchWithLedger(tx, work.batch.batch(), due, now);
  const limitOf = (channelId: string) => deps.channels.get(channelId)?.config.profile.limits.perDay.amountMinor ?? 0n;
  await bookChannelUsage(
    tx,
    [...work.usageAdds.values()].map((u) => ({ ...u, limitMinor: limitOf(u.channelId) })),
  );
  return { claimed: due.length, sends: work.sends };
}

/**
 * A processing payout due for submit: an instruction that provably never reached the bank
 * waits here to be sent again as the SAME attempt. Anything else is polled — a live attempt
 * is never resent blindly.
 */
function planUnsent(w: Work, { payout, attempts }: PayoutWithAttempts): void {
  const live = attempts.find((a) => a.state !== 'failed');
  const unsent = live === undefined ? undefined : unsentOf(live);
  const channel = unsent === undefined ? undefined : w.deps.channels.get(unsent.channelId);
  if (unsent === undefined || channel === undefined) {
    w.batch.add(resumeStatusQueries(payout, w.now));
    return;
  }
  const state = w.view.liveOf(channel.config.id);
  if (state.noData !== undefined) {
    // Its bank's hours are unknown (a calendar year without data), which is not a closed
    // bank: the instruction waits to be sent as it is, until the year has been imported.
    w.batch.add(unsentWaitsForCalendar(payout, unsent, state.noData, state.reopensAt ?? new Date(w.now.getTime() + w.view.recheckMs)));
  } else if (!state.open) {
    // Its bank closed before the instruction went out: failed as never sent (NOOR) and routed
    // again — to a channel that is open — instead of waiting for this bank's next business day.
    const earlier = attempts.filter((a) => a.id !== unsent.id).map(factOf);
    w.batch.add(failUnsentAtClosedBank(payout, unsent, { earlier, maxAttempts: w.deps.settings.maxAttempts, now: w.now }));
  } else if (state.breakerBlockedMs > 0) {
    // A breaker opens for seconds: the instruction waits for its own bank.
    w.batch.add(waitForBreaker(payout, unsent, new Date(w.now.getTime() + state.breakerBlockedMs)));
  } else {
    w.batch.add(resendUnsent(payout, unsent, { now: w.now, pollAt: w.pollAt }));
    w.sends.push({
      payoutId: payout.id,
      attemptId: unsent.id,
      channel,
      instruction: buildInstruction(payout, unsent.endToEndId, channel.config, w.now),
    });
  }
}

/** An accepted or held payout due for submit: a new attempt if the rule allows it and a channel takes it. */
function planNewAttempt(w: Work, d: PayoutWithAttempts): void {
  const { payout, attempts } = d;
  const facts = attempts.map(factOf);
  const decision = decideNewAttempt(facts, { maxAttempts: w.deps.settings.maxAttempts });
  if (!decision.allowed) {
    w.batch.add(refuseNewAttempt(payout, decision, facts, { maxAttempts: w.deps.settings.maxAttempts }));
    return;
  }
  const failed = attempts.filter((a) => a.state === 'failed');
  const routable = {
    amountMinor: payout.amountMinor,
    currency: payout.currency,
    railPreference: payout.railPreference ?? undefined,
    beneficiaryBankCode: payout.beneficiary.bankCode,
    fundingAccount: payout.fundingAccount ?? undefined,
    excludedChannels: new Set(
      failed.filter((a) => classifyReason(a.reasonCode ?? undefined).class === 'retry_other_channel').map((a) => a.channelId),
    ),
    triedChannels: new Set(failed.map((a) => a.channelId)),
  };
  const route = w.deps.router.route(routable, w.view.liveOf, w.now);
  switch (route.kind) {
    case 'routed':
      sendToChannel(w, d, decision, route.channelId);
      return;
    case 'wait':
      w.batch.add(waitForChannel(payout, route));
      return;
    case 'calendar_no_data':
      // Never failed, never a person's job for this: it waits for the year, then goes on by itself.
      w.batch.add(heldForCalendar(payout, route));
      return;
    case 'held':
      // Never failed for lack of funds: it waits, with the reason and when funds are expected.
      w.batch.add(holdForFunds(payout, { ...route, currency: payout.currency }));
      return;
    case 'unroutable':
      w.batch.add(refuseUnroutable(payout, attempts.length, route.reason));
      return;
  }
}

/** The router picked a channel: a new attempt with a fresh end-to-end id, its day usage, and the call to make. */
function sendToChannel(w: Work, { payout, attempts }: PayoutWithAttempts, allowed: NewAttemptAllowed, channelId: string): void {
  const channel = w.deps.channels.get(channelId);
  if (channel === undefined) throw new Error(`router picked unknown channel ${channelId}`);
  const attemptNo = attempts.reduce((m, a) => Math.max(m, a.attemptNo), 0) + 1;
  const endToEndId = newEndToEndId(w.now.getTime());
  const attemptId = randomUUID();
  w.batch.add(sendNewAttempt(payout, allowed, { attemptId, attemptNo, channelId, endToEndId, now: w.now, pollAt: w.pollAt }));
  w.deps.router.assign(channelId, payout.amountMinor);
  const day = w.view.days.get(channelId);
  if (day !== undefined) {
    const k = usageKey(day);
    w.usageAdds.set(k, { ...day, amountMinor: (w.usageAdds.get(k)?.amountMinor ?? 0n) + payout.amountMinor });
  }
  w.sends.push({ payoutId: payout.id, attemptId, channel, instruction: buildInstruction(payout, endToEndId, channel.config, w.now) });
}

function factOf(a: LifecycleAttempt): AttemptFact {
  return { state: a.state, reasonCode: a.reasonCode ?? undefined };
}

function unsentOf(a: LifecycleAttempt): UnsentAttempt | undefined {
  return a.state === 'sending'
    ? { id: a.id, attemptNo: a.attemptNo, channelId: a.channelId, endToEndId: a.endToEndId, state: a.state }
    : undefined;
}
