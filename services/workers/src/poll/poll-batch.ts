import type { QueryOutcome } from '@payout/bank';
import { claimDuePolls, lockPayouts, type PayoutWithAttempts } from '@payout/db';
import { applyAnswer, BatchBuilder, orphanPollReason, resolveOrphanPoll, type AnswerPlan, type Transition } from '@payout/lifecycle';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import { clockMsFor } from '../clock/clock.port.ts';
import { calendarGapFields, type CalendarGap } from '../escalation/calendar-gap.ts';
import { writeBatchWithLedger } from '../ledger/write-batch-with-ledger.ts';
import { calendarWait, escalate, planQueryOutcome } from '../outcomes/outcome-planner.ts';
import { planContextFor } from '../outcomes/plan-context.factory.ts';
import type { LifecycleDeps } from '../runtime/lifecycle-deps.ts';
import { chunks, mapLimit } from '../runtime/map-limit.ts';

const ACTOR = 'worker:poll';

interface Probe {
  readonly payoutId: string;
  readonly attemptId: string;
  readonly channel: ChannelRuntime;
  readonly endToEndId: string;
  readonly bankReference: string | undefined;
}

type ProbeResult =
  | { readonly probe: Probe; readonly outcome: QueryOutcome }
  | { readonly probe: Probe; readonly closed: true }
  /** Not queried: the bank's hours depend on a calendar year without data (not a closed bank). */
  | { readonly probe: Probe; readonly noData: CalendarGap };

/** Real ms a claimed poll stays leased beyond the longest its query can take. */
const LEASE_MARGIN_MS = 5_000;

/**
 * One poll batch: lease due polls (one statement, no locks held across bank calls), query the
 * banks — batch queries where the bank has them, each call through the shared rate limit and
 * breaker — and apply every answer in ONE transaction. A query never changes anything at
 * the bank, so a poll repeated after a crash is harmless. A bank whose business day has
 * closed is not queried: the attempt waits for the statement. A bank whose hours are unknown
 * (a calendar year without data) is not queried either: its payouts stay processing, attempts
 * as they are, and are looked at again after the re-check interval.
 */
export async function runPollBatch(deps: LifecycleDeps, opts: { readonly payoutIds?: readonly string[] } = {}): Promise<number> {
  const started = performance.now();
  const now = deps.clock.now();
  const leaseUntil = new Date(
    now.getTime() + clockMsFor(deps.clock, deps.settings.queryTimeoutMs + deps.settings.rateLimitWaitMs + LEASE_MARGIN_MS),
  );
  const claimed = await claimDuePolls(deps.db, {
    now,
    limit: deps.settings.pollBatchSize,
    leaseUntil,
    ...(opts.payoutIds !== undefined ? { payoutIds: opts.payoutIds } : {}),
  });
  if (claimed.length === 0) return 0;
  const probes: Probe[] = [];
  const orphans: PayoutWithAttempts[] = [];
  for (const c of claimed) {
    const live = c.attempts.find((a) => a.state !== 'failed' && a.state !== 'succeeded');
    const channel = live === undefined ? undefined : deps.channels.get(live.channelId);
    if (c.payout.status !== 'processing' || live === undefined || channel === undefined) {
      orphans.push(c);
      continue;
    }
    probes.push({
      payoutId: c.payout.id,
      attemptId: live.id,
      channel,
      endToEndId: live.endToEndId,
      bankReference: live.bankReference ?? undefined,
    });
  }
  const results = await queryBanks(deps, probes, now);
  await applyResults(
    deps,
    results,
    orphans.map((o) => o.payout.id),
  );
  const kinds: Record<string, number> = {};
  for (const r of results) {
    const k = 'outcome' in r ? r.outcome.kind : 'closed' in r ? 'closed' : 'calendar_no_data';
    kinds[k] = (kinds[k] ?? 0) + 1;
  }
  deps.logger
    .child({ role: 'poll' })
    .debug(
      { claimed: claimed.length, orphans: orphans.length, outcomes: kinds, ms: Math.round(performance.now() - started) },
      'poll batch done',
    );
  deps.metrics.batch('poll', claimed.length, performance.now() - started);
  return claimed.length;
}

async function queryBanks(deps: LifecycleDeps, probes: readonly Probe[], now: Date): Promise<ProbeResult[]> {
  const byChannel = new Map<string, Probe[]>();
  for (const p of probes) byChannel.set(p.channel.config.id, [...(byChannel.get(p.channel.config.id) ?? []), p]);
  const all = await Promise.all(
    [...byChannel.values()].map(async (group): Promise<ProbeResult[]> => {
      const channel = group[0]!.channel;
      const profile = channel.config.profile;
      // Step-scheduled banks are queried only in their hours — a query must also be answered
      // before the close, so it starts only while the bank stays open for the query's whole
      // deadline (and a rate-limit wait); settlement-window banks after each window.
      const lastCall = new Date(
        Math.max(now.getTime(), deps.clock.now().getTime()) +
          clockMsFor(deps.clock, deps.settings.queryTimeoutMs + deps.settings.rateLimitWaitMs),
      );
      if (profile.pollSchedule.settlementWindows.length === 0) {
        const hours = [channel.hours(now), channel.hours(lastCall)];
        const unknown = hours.find((h) => 'noData' in h);
        if (unknown !== undefined && 'noData' in unknown) {
          deps.logger
            .child({ role: 'poll' })
            .warn(
              { channel: profile.bankId, ...calendarGapFields(unknown.noData), payouts: group.length },
              'status queries wait: the bank’s hours need a calendar year without data',
            );
          return group.map((probe) => ({ probe, noData: unknown.noData }));
        }
        if (hours.some((h) => !h.open)) return group.map((probe) => ({ probe, closed: true as const }));
      }
      const queryBatch = channel.bank.queryBatch;
      let results: ProbeResult[];
      if (queryBatch !== undefined && profile.supportsBatchQuery && group.length > 1) {
        const outs = await mapLimit(chunks(group, profile.maxQueryBatchSize), 4, async (chunk) => {
          const outcomes = await queryBatch(
            chunk.map((p) => ({ endToEndId: p.endToEndId, bankReference: p.bankReference })),
            deps.stopSignal,
          );
          return chunk.map((probe, i): ProbeResult => ({
            probe,
            outcome: outcomes[i] ?? {
              kind: 'unknown',
              endToEndId: probe.endToEndId,
              cause: 'internal',
              detail: 'no outcome for this reference',
            },
          }));
        });
        results = outs.flat();
      } else {
        results = await mapLimit(group, deps.settings.callConcurrency, async (probe): Promise<ProbeResult> => ({
          probe,
          outcome: await channel.bank.query({ endToEndId: probe.endToEndId, bankReference: probe.bankReference }, deps.stopSignal),
        }));
      }
      for (const r of results) deps.metrics.polled(channel.config.id, 'outcome' in r ? r.outcome.kind : 'closed');
      return results;
    }),
  );
  return all.flat();
}

/**
 * Apply every answer (and every orphan) in ONE transaction. A payout moved on meanwhile (a late
 * submit answer, ops) is skipped: the fresh state stands.
 */
async function applyResults(deps: LifecycleDeps, results: readonly ProbeResult[], orphanIds: readonly string[]): Promise<void> {
  let applied: readonly Transition[] = [];
  let success: { channelId: string; ok: boolean }[] = [];
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const locked = new Map((await lockPayouts(tx, [...results.map((r) => r.probe.payoutId), ...orphanIds])).map((p) => [p.payout.id, p]));
    const batch = new BatchBuilder(ACTOR);
    success = [];
    for (const r of results) {
      const row = locked.get(r.probe.payoutId);
      const plan = row === undefined ? undefined : planResult(deps, row, r, now);
      if (row === undefined || plan === undefined) continue;
      batch.add(applyAnswer(row.payout, plan.attempt, plan.plan, now));
      if ('outcome' in r && plan.plan.channelSuccess !== undefined)
        success.push({ channelId: r.probe.channel.config.id, ok: plan.plan.channelSuccess });
    }
    for (const id of orphanIds) {
      const row = locked.get(id);
      if (row !== undefined && row.payout.nextAction === 'poll') batch.add(orphanTransition(deps, row));
    }
    await writeBatchWithLedger(tx, batch.batch(), locked.values(), now);
    applied = batch.transitions;
  });
  for (const s of success) deps.rates.record(s.channelId, s.ok);
  for (const t of applied) if (t.status !== t.payout.expectedStatus) deps.metrics.transitioned(t.status);
}

/** What one probe's result means for its attempt; undefined when the payout or the attempt moved on meanwhile. */
function planResult(deps: LifecycleDeps, row: PayoutWithAttempts, r: ProbeResult, now: Date) {
  const attempt = row.attempts.find((a) => a.id === r.probe.attemptId);
  if (attempt === undefined || row.payout.status !== 'processing' || row.payout.nextAction !== 'poll') return undefined;
  if (attempt.state === 'failed' || attempt.state === 'succeeded') return undefined;
  const ctx = planContextFor(deps, r.probe.channel, attempt, row.attempts, now);
  const plan: AnswerPlan =
    'closed' in r
      ? {
          attempt: { to: attempt.state === 'sending' ? 'unknown' : undefined, countPoll: false },
          payout: escalate(ctx, 'business_day_closed'),
        }
      : 'noData' in r
        ? { attempt: { countPoll: false }, payout: calendarWait(ctx, r.noData, 'not queried, its bank’s hours are unknown') }
        : planQueryOutcome(ctx, r.outcome);
  return { attempt, plan };
}

/**
 * A poll fell due for a payout the poller cannot query (no open attempt, an unconfigured
 * channel, an unexpected status): never guess — a person looks.
 */
function orphanTransition(deps: LifecycleDeps, row: PayoutWithAttempts): Transition | undefined {
  deps.logger.warn(
    { payoutId: row.payout.id, status: row.payout.status, reason: orphanPollReason(row.attempts) },
    'poll found a payout it cannot query',
  );
  return resolveOrphanPoll(row.payout, row.attempts);
}
