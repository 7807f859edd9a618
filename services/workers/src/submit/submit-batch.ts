import { randomUUID } from 'node:crypto';
import { assertValidInstruction, type PaymentInstruction, type SubmitOutcome } from '@payout/bank';
import { localDateIn } from '@payout/calendar';
import {
  bookChannelUsage,
  CHANNEL_DAY_RACE,
  claimDueSubmits,
  lockPayouts,
  readChannelUsage,
  usageKey,
  type AttemptInsert,
  type LifecycleAttempt,
  type AttemptUpdate,
  type ChannelDay,
  type Db,
  type PayoutUpdate,
  type PayoutWithAttempts,
} from '@payout/db';
import { classifyReason, decideNewAttempt, isPayoutError, planAfterAttemptFailure, type PayoutStatus } from '@payout/domain';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import { clockMsFor } from '../clock/clock.port.ts';
import { writeBatchWithLedger } from '../ledger/write-batch-with-ledger.ts';
import { loadChannelFunds } from '../liquidity/channel-funds.ts';
import { NOT_FOUND_REASON, planSubmitOutcome } from '../outcomes/outcome-planner.ts';
import { planContextFor } from '../outcomes/plan-context.factory.ts';
import { planWrites, type PlanWrites } from '../outcomes/plan-writes.ts';
import { hoursAtRouting } from '../routing/channel-hours.ts';
import type { ChannelLiveState } from '../routing/route-rules.ts';
import type { LifecycleDeps } from '../runtime/lifecycle-deps.ts';
import { chunks, mapLimit } from '../runtime/map-limit.ts';
import { WaveFlusher } from '../runtime/wave-flusher.ts';
import { retryWhileDbUnavailable } from '../runtime/db-retry.ts';
import { heldForCalendar, unsentWaitsForCalendar, waitingReason } from './calendar-wait.ts';
import { newEndToEndId } from './end-to-end-id.ts';
import { buildInstruction } from './payment-instruction.ts';

const ACTOR = 'worker:submit';
/** Real ms answers wait to share a transaction with the answers arriving just after them. */
const APPLY_WAVE_MS = 100;
/** Clock ms between looks at a payout held for funds or waiting for a calendar year. */
const DEFAULT_HELD_RECHECK_MS = 5 * 60_000;

/** An attempt committed in `sending`, to be sent now. */
interface Send {
  readonly payoutId: string;
  readonly attemptId: string;
  readonly channel: ChannelRuntime;
  readonly instruction: PaymentInstruction;
}

type SendResult = { readonly send: Send; readonly outcome: SubmitOutcome } | { readonly send: Send; readonly invalid: string };

export interface SubmitBatchResult {
  readonly claimed: number;
  readonly sent: number;
}

/**
 * One submit batch:
 * 1. ONE transaction: claim due payouts (`FOR UPDATE SKIP LOCKED`), decide with the domain's
 *    no-double-payout rule, route, write the attempts (`sending`, fresh end-to-end ids), the
 *    payout changes with their events and outbox rows, and the channels' day usage; each
 *    payout's next action becomes a status query due shortly after the bank's deadline —
 *    COMMIT. A crash from here on leaves rows that are queried first, never resent blindly.
 * 2. Call the banks: one pain.001 per channel chunk where the bank takes batches, else
 *    single calls with bounded concurrency. Every call goes through the resilience wrapper.
 * 3. ONE transaction: lock the payouts again and apply every answer (guarded by the states
 *    the plans were made from).
 */
export async function runSubmitBatch(deps: LifecycleDeps, opts: { readonly payoutIds?: readonly string[] } = {}): Promise<SubmitBatchResult> {
  const started = performance.now();
  const prepared = await prepareWithRetry(deps, opts.payoutIds);
  if (prepared.claimed === 0) return { claimed: 0, sent: 0 };
  const log = deps.logger.child({ role: 'submit', batch: randomUUID().slice(0, 8) });
  if (prepared.sends.length > 0) {
    // Answers are recorded in waves as they come: one slow call does not hold up the rest.
    // The attempts were committed before the calls, so an answer is never resent: a wave whose
    // transaction the database cut off is applied again, from the start, once it is back.
    const waves = new WaveFlusher<SendResult>(
      (items) => retryWhileDbUnavailable(() => applyOutcomes(deps, items), { what: 'submit answers', logger: log, stopSignal: deps.stopSignal }),
      APPLY_WAVE_MS,
    );
    const results = await callBanks(deps, prepared.sends, (r) => waves.add(r));
    await waves.drain();
    log.debug({ claimed: prepared.claimed, sent: prepared.sends.length, outcomes: tally(results.map((r) => ('outcome' in r ? r.outcome.kind : 'invalid'))), ms: Math.round(performance.now() - started) }, 'submit batch done');
  } else {
    log.debug({ claimed: prepared.claimed, sent: 0, ms: Math.round(performance.now() - started) }, 'submit batch done (nothing to send)');
  }
  deps.metrics.batch('submit', prepared.claimed, performance.now() - started);
  return { claimed: prepared.claimed, sent: prepared.sends.length };
}

/** Another batch took a channel's last room for the day while this one routed: route again on fresh usage. */
async function prepareWithRetry(deps: LifecycleDeps, payoutIds: readonly string[] | undefined): Promise<{ claimed: number; sends: Send[] }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction().execute((tx) => prepare(tx, deps, payoutIds));
    } catch (error) {
      const race = isPayoutError(error) && error.code === 'PAYOUT_E_CONFLICT' && (error.details as { reason?: unknown } | undefined)?.reason === CHANNEL_DAY_RACE;
      if (!race || attempt >= 3) throw error;
    }
  }
}

async function prepare(tx: Db, deps: LifecycleDeps, payoutIds: readonly string[] | undefined): Promise<{ claimed: number; sends: Send[] }> {
  const now = deps.clock.now();
  const due = await claimDueSubmits(tx, { now, limit: deps.settings.submitBatchSize, ...(payoutIds !== undefined ? { payoutIds } : {}) });
  if (due.length === 0) return { claimed: 0, sends: [] };
  const pollAt = new Date(now.getTime() + clockMsFor(deps.clock, deps.settings.submitTimeoutMs + deps.settings.safetyMarginMs));

  // The day usage of every channel that carries a currency in this batch, locked for the batch.
  const currencies = new Set(due.map((d) => d.payout.currency));
  const days = new Map<string, ChannelDay>();
  for (const c of deps.channels.values()) {
    if (currencies.has(c.config.profile.currency)) days.set(c.config.id, { channelId: c.config.id, businessDate: localDateIn(now, c.config.profile.timeZone) });
  }
  // A snapshot: the booking at the end is conditional, so the per-day limit holds without
  // holding these rows for the whole transaction.
  const usage = await readChannelUsage(tx, [...days.values()]);
  // Liquidity gate: what each gated funding account still covers, read under its lock (kept
  // until this transaction has appended the reservations of what it routes).
  const recheckMs = deps.settings.heldRecheckMs ?? DEFAULT_HELD_RECHECK_MS;
  const funds = await loadChannelFunds(
    tx,
    [...deps.channels.values()].filter((c) => currencies.has(c.config.profile.currency)),
    now,
    recheckMs,
  );
  const liveCache = new Map<string, ChannelLiveState>();
  const liveOf = (id: string): ChannelLiveState => {
    const cached = liveCache.get(id);
    if (cached !== undefined) return cached;
    const f = funds.get(id);
    const state: ChannelLiveState = {
      ...channelLiveState(deps, id, now, usage.get(usageKey(days.get(id) ?? { channelId: id, businessDate: '' })) ?? 0n, recheckMs),
      ...(f === undefined ? {} : { availableMinor: f.availableMinor, fundsExpectedAt: f.fundsExpectedAt }),
    };
    liveCache.set(id, state);
    return state;
  };
  deps.router.startBatch();

  const inserts: AttemptInsert[] = [];
  const attemptUpdates: AttemptUpdate[] = [];
  const payoutUpdates: PayoutUpdate[] = [];
  const usageAdds = new Map<string, ChannelDay & { amountMinor: bigint }>();
  const sends: Send[] = [];
  const base = (d: PayoutWithAttempts) => ({ payoutId: d.payout.id, expectedStatus: d.payout.status, expectedVersion: d.payout.version, attemptCountDelta: 0 });

  for (const d of due) {
    const { payout, attempts } = d;
    if (payout.status === 'processing') {
      // An instruction that provably never reached the bank waits here to be sent again as
      // the SAME attempt. Anything else is polled — a live attempt is never resent blindly.
      const live = attempts.find((a) => a.state !== 'failed');
      const channel = live === undefined ? undefined : deps.channels.get(live.channelId);
      if (live?.state !== 'sending' || channel === undefined) {
        payoutUpdates.push({ ...base(d), status: 'processing', statusReason: 'resuming status queries', nextAction: 'poll', nextActionAt: now, events: [] });
        continue;
      }
      const state = liveOf(channel.config.id);
      if (state.noData !== undefined) {
        // Its bank's hours are unknown (a calendar year without data), which is not a closed
        // bank: the instruction waits to be sent as it is, until the year has been imported.
        payoutUpdates.push(unsentWaitsForCalendar(payout, live, state.noData, state.reopensAt ?? new Date(now.getTime() + recheckMs)));
        continue;
      }
      if (!state.open) {
        // Its bank closed before the instruction went out. It provably never reached the
        // bank, so it is failed as such (NOOR) and the payout is routed again — to a channel
        // that is open — instead of waiting for this bank's next business day.
        const facts = [...attempts.filter((a) => a.id !== live.id).map((a) => ({ state: a.state, reasonCode: a.reasonCode ?? undefined })), { state: 'failed' as const, reasonCode: NOT_FOUND_REASON }];
        const plan = planAfterAttemptFailure(facts, { maxAttempts: deps.settings.maxAttempts });
        const reason = `attempt #${live.attemptNo} was never sent: ${channel.config.id} closed before it went out; ${plan.reason}`;
        const again = plan.status === 'accepted' || plan.status === 'held';
        attemptUpdates.push({ attemptId: live.id, expectedState: 'sending', state: 'failed', reasonCode: NOT_FOUND_REASON, answeredAt: now, pollCountDelta: 0 });
        payoutUpdates.push({
          ...base(d),
          status: plan.status,
          statusReason: reason,
          nextAction: again ? 'submit' : null,
          nextActionAt: again ? now : null,
          events: [statusEvent('processing', plan.status, { attemptNo: live.attemptNo, channelId: live.channelId, endToEndId: live.endToEndId, reasonCode: NOT_FOUND_REASON, reason })],
        });
        continue;
      }
      if (state.breakerBlockedMs > 0) {
        // A breaker opens for seconds: the instruction waits for its own bank.
        payoutUpdates.push({ ...base(d), status: 'processing', statusReason: `attempt #${live.attemptNo} waits for ${channel.config.id} (breaker open)`, nextAction: 'submit', nextActionAt: new Date(now.getTime() + state.breakerBlockedMs), events: [] });
        continue;
      }
      attemptUpdates.push({ attemptId: live.id, expectedState: 'sending', state: 'sending', sentAt: now, pollCountDelta: 0 });
      payoutUpdates.push({
        ...base(d),
        status: 'processing',
        statusReason: `attempt #${live.attemptNo} sent again to ${channel.config.id} (it never reached the bank)`,
        nextAction: 'poll',
        nextActionAt: pollAt,
        events: [{ type: 'attempt.resent', fromStatus: 'processing', toStatus: 'processing', data: { attemptNo: live.attemptNo, channelId: live.channelId, endToEndId: live.endToEndId }, notify: false }],
      });
      sends.push({ payoutId: payout.id, attemptId: live.id, channel, instruction: buildInstruction(payout, live.endToEndId, channel.config, now) });
      continue;
    }

    const facts = attempts.map((a) => ({ state: a.state, reasonCode: a.reasonCode ?? undefined }));
    const decision = decideNewAttempt(facts, { maxAttempts: deps.settings.maxAttempts });
    if (!decision.allowed) {
      const plan = planAfterAttemptFailure(facts, { maxAttempts: deps.settings.maxAttempts });
      const to: PayoutStatus = plan.status === 'failed' ? 'failed' : 'manual_review';
      payoutUpdates.push({ ...base(d), status: to, statusReason: decision.message, nextAction: null, nextActionAt: null, events: [statusEvent(payout.status, to, { code: decision.code, reason: decision.message })] });
      continue;
    }
    const failed = attempts.filter((a) => a.state === 'failed');
    const route = deps.router.route(
      {
        amountMinor: payout.amountMinor,
        currency: payout.currency,
        railPreference: payout.railPreference ?? undefined,
        beneficiaryBankCode: payout.beneficiary.bankCode,
        fundingAccount: payout.fundingAccount ?? undefined,
        excludedChannels: new Set(failed.filter((a) => classifyReason(a.reasonCode ?? undefined).class === 'retry_other_channel').map((a) => a.channelId)),
        triedChannels: new Set(failed.map((a) => a.channelId)),
      },
      liveOf,
      now,
    );
    switch (route.kind) {
      case 'routed': {
        const channel = deps.channels.get(route.channelId);
        if (channel === undefined) throw new Error(`router picked unknown channel ${route.channelId}`);
        const attemptNo = attempts.reduce((m, a) => Math.max(m, a.attemptNo), 0) + 1;
        const endToEndId = newEndToEndId(now.getTime());
        const attemptId = randomUUID();
        inserts.push({ id: attemptId, payoutId: payout.id, attemptNo, channelId: channel.config.id, endToEndId, sentAt: now });
        payoutUpdates.push({
          ...base(d),
          status: 'processing',
          statusReason: `attempt #${attemptNo} sent to ${channel.config.id}`,
          nextAction: 'poll',
          nextActionAt: pollAt,
          attemptCountDelta: 1,
          events: [statusEvent(payout.status, 'processing', { attemptNo, channelId: channel.config.id, endToEndId })],
        });
        deps.router.assign(channel.config.id, payout.amountMinor);
        const day = days.get(channel.config.id);
        if (day !== undefined) {
          const k = usageKey(day);
          usageAdds.set(k, { ...day, amountMinor: (usageAdds.get(k)?.amountMinor ?? 0n) + payout.amountMinor });
        }
        sends.push({ payoutId: payout.id, attemptId, channel, instruction: buildInstruction(payout, endToEndId, channel.config, now) });
        break;
      }
      case 'wait':
        payoutUpdates.push({ ...base(d), status: payout.status, statusReason: waitingReason(route.reason, route.gap), nextAction: 'submit', nextActionAt: route.retryAt, events: [] });
        break;
      case 'calendar_no_data':
        // Never failed, never a person's job for this: it waits for the year, then goes on by itself.
        payoutUpdates.push(heldForCalendar(payout, route));
        break;
      case 'held': {
        // Never failed for lack of funds: it waits, with the reason and when funds are expected.
        const reason = `held for funds: ${route.reason}; short by ${route.shortfallMinor} minor units of ${payout.currency}; next look ${route.retryAt.toISOString()}`;
        const events = payout.status === 'held' ? [] : [statusEvent(payout.status, 'held', { reason: 'insufficient_funds', shortfallMinor: route.shortfallMinor.toString(), fundsExpectedAt: route.retryAt.toISOString() })];
        payoutUpdates.push({ ...base(d), status: 'held', statusReason: reason, nextAction: 'submit', nextActionAt: route.retryAt, events });
        break;
      }
      case 'unroutable': {
        const to: PayoutStatus = attempts.length === 0 && payout.status === 'accepted' ? 'rejected' : 'failed';
        payoutUpdates.push({ ...base(d), status: to, statusReason: route.reason, nextAction: null, nextActionAt: null, events: [statusEvent(payout.status, to, { reason: route.reason })] });
        break;
      }
    }
  }
  // The new attempts reserve their amounts (and attempts failed unsent release theirs) in this transaction.
  await writeBatchWithLedger(tx, { actor: ACTOR, attemptInserts: inserts, attemptUpdates, payoutUpdates }, due, now);
  await bookChannelUsage(
    tx,
    [...usageAdds.values()].map((u) => ({ ...u, limitMinor: deps.channels.get(u.channelId)?.config.profile.limits.perDay.amountMinor ?? 0n })),
  );
  return { claimed: due.length, sends };
}

function statusEvent(from: PayoutStatus, to: PayoutStatus, data: Record<string, unknown>) {
  return { type: `payout.${to}`, fromStatus: from, toStatus: to, data, notify: true } as const;
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

async function callBanks(deps: LifecycleDeps, sends: readonly Send[], onResults: (r: readonly SendResult[]) => void): Promise<SendResult[]> {
  const byChannel = new Map<string, Send[]>();
  for (const s of sends) byChannel.set(s.channel.config.id, [...(byChannel.get(s.channel.config.id) ?? []), s]);
  const perChannel = await Promise.all(
    [...byChannel.values()].map(async (group): Promise<SendResult[]> => {
      const channel = group[0]!.channel;
      const profile = channel.config.profile;
      const valid: Send[] = [];
      const results: SendResult[] = [];
      for (const s of group) {
        try {
          assertValidInstruction(s.instruction, profile.currency);
          valid.push(s);
        } catch (error) {
          if (!isPayoutError(error)) throw error;
          results.push({ send: s, invalid: error.message });
        }
      }
      onResults(results);
      const submitBatch = channel.bank.submitBatch;
      if (submitBatch !== undefined && profile.supportsBatchSubmit && valid.length > 1) {
        const outs = await mapLimit(chunks(valid, profile.maxBatchSize), 4, async (chunk) => {
          const outcomes = await submitBatch(chunk.map((s) => s.instruction), deps.stopSignal);
          const done = chunk.map((send, i): SendResult => ({ send, outcome: outcomes[i] ?? { kind: 'unknown', endToEndId: send.instruction.endToEndId, cause: 'internal', detail: 'no outcome for this instruction' } }));
          onResults(done);
          return done;
        });
        results.push(...outs.flat());
      } else {
        results.push(
          ...(await mapLimit(valid, deps.settings.callConcurrency, async (send): Promise<SendResult> => {
            const done: SendResult = { send, outcome: await channel.bank.submit(send.instruction, deps.stopSignal) };
            onResults([done]);
            return done;
          })),
        );
      }
      for (const r of results) deps.metrics.submitted(channel.config.id, 'outcome' in r ? r.outcome.kind : 'invalid');
      return results;
    }),
  );
  return perChannel.flat();
}

async function applyOutcomes(deps: LifecycleDeps, results: readonly SendResult[]): Promise<void> {
  const writes: PlanWrites[] = [];
  const success: { channelId: string; ok: boolean }[] = [];
  await deps.db.transaction().execute(async (tx) => {
    writes.length = 0;
    success.length = 0;
    const now = deps.clock.now();
    const locked = new Map((await lockPayouts(tx, results.map((r) => r.send.payoutId))).map((p) => [p.payout.id, p]));
    const attemptUpdates: AttemptUpdate[] = [];
    const payoutUpdates: PayoutUpdate[] = [];
    for (const r of results) {
      const row = locked.get(r.send.payoutId);
      const attempt = row?.attempts.find((a) => a.id === r.send.attemptId);
      // Someone else (a status query, ops) already moved it on: their evidence stands, and
      // the poller will ask the bank anyway.
      if (row === undefined || attempt === undefined || row.payout.status !== 'processing' || attempt.state !== 'sending') continue;
      const w = 'invalid' in r ? invalidWrites(row, attempt, r.invalid, now) : outcomeWrites(deps, r.send.channel, row, attempt, r.outcome, now);
      if (w === undefined) continue;
      if (w.attempt !== undefined) attemptUpdates.push(w.attempt);
      payoutUpdates.push(w.payout);
      writes.push(w);
      if ('outcome' in r) {
        const ok = r.outcome.kind === 'succeeded' ? true : r.outcome.kind === 'rejected' || r.outcome.kind === 'unknown' ? false : undefined;
        if (ok !== undefined) success.push({ channelId: r.send.channel.config.id, ok });
      }
    }
    await writeBatchWithLedger(tx, { actor: ACTOR, attemptInserts: [], attemptUpdates, payoutUpdates }, locked.values(), now);
  });
  for (const s of success) deps.rates.record(s.channelId, s.ok);
  for (const w of writes) if (w.status !== w.payout.expectedStatus) deps.metrics.transitioned(w.status);
}

function outcomeWrites(deps: LifecycleDeps, channel: ChannelRuntime, row: PayoutWithAttempts, attempt: LifecycleAttempt, outcome: SubmitOutcome, now: Date): PlanWrites | undefined {
  const plan = planSubmitOutcome(planContextFor(deps, channel, attempt, row.attempts, now), outcome);
  const w = planWrites(row.payout, attempt, plan, now);
  if (plan.payout.kind === 'manual_review' || plan.payout.kind === 'failed') {
    deps.logger.warn({ payoutId: row.payout.id, attempt: attempt.attemptNo, channel: channel.config.id, outcome: outcome.kind, next: plan.payout.kind }, 'submit answer ended the payout’s automatic processing');
  }
  return w;
}

/** The instruction could not be put on the wire: nothing was sent; a person fixes the data. */
function invalidWrites(row: PayoutWithAttempts, attempt: LifecycleAttempt, message: string, now: Date): PlanWrites | undefined {
  return planWrites(row.payout, attempt, { attempt: { to: 'failed', reasonText: message, countPoll: false }, payout: { kind: 'manual_review', reason: `the instruction could not be sent: ${message}` } }, now);
}

function tally(kinds: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of kinds) out[k] = (out[k] ?? 0) + 1;
  return out;
}
