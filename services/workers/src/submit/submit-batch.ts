import { randomUUID } from 'node:crypto';
import { assertValidInstruction, type SubmitOutcome } from '@payout/bank';
import { lockPayouts, type LifecycleAttempt, type PayoutWithAttempts } from '@payout/db';
import { isPayoutError } from '@payout/domain';
import { applyAnswer, BatchBuilder, refuseInvalidInstruction, type Transition } from '@payout/lifecycle';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import { writeBatchWithLedger } from '../ledger/write-batch-with-ledger.ts';
import { planSubmitOutcome } from '../outcomes/outcome-planner.ts';
import { planContextFor } from '../outcomes/plan-context.factory.ts';
import type { LifecycleDeps } from '../runtime/lifecycle-deps.ts';
import { chunks, mapLimit } from '../runtime/map-limit.ts';
import { WaveFlusher } from '../runtime/wave-flusher.ts';
import { retryWhileDbUnavailable } from '../runtime/db-retry.ts';
import { prepareWithRetry, SUBMIT_ACTOR, type Send } from './prepare-submits.ts';

/** Real ms answers wait to share a transaction with the answers arriving just after them. */
const APPLY_WAVE_MS = 100;

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
export async function runSubmitBatch(
  deps: LifecycleDeps,
  opts: { readonly payoutIds?: readonly string[] } = {},
): Promise<SubmitBatchResult> {
  const started = performance.now();
  const prepared = await prepareWithRetry(deps, opts.payoutIds);
  if (prepared.claimed === 0) return { claimed: 0, sent: 0 };
  const log = deps.logger.child({ role: 'submit', batch: randomUUID().slice(0, 8) });
  if (prepared.sends.length > 0) {
    // Answers are recorded in waves as they come: one slow call does not hold up the rest.
    // The attempts were committed before the calls, so an answer is never resent: a wave whose
    // transaction the database cut off is applied again, from the start, once it is back.
    const waves = new WaveFlusher<SendResult>(
      (items) =>
        retryWhileDbUnavailable(() => applyOutcomes(deps, items), { what: 'submit answers', logger: log, stopSignal: deps.stopSignal }),
      APPLY_WAVE_MS,
    );
    const results = await callBanks(deps, prepared.sends, (r) => waves.add(r));
    await waves.drain();
    log.debug(
      {
        claimed: prepared.claimed,
        sent: prepared.sends.length,
        outcomes: tally(results.map((r) => ('outcome' in r ? r.outcome.kind : 'invalid'))),
        ms: Math.round(performance.now() - started),
      },
      'submit batch done',
    );
  } else {
    log.debug({ claimed: prepared.claimed, sent: 0, ms: Math.round(performance.now() - started) }, 'submit batch done (nothing to send)');
  }
  deps.metrics.batch('submit', prepared.claimed, performance.now() - started);
  return { claimed: prepared.claimed, sent: prepared.sends.length };
}

async function callBanks(
  deps: LifecycleDeps,
  sends: readonly Send[],
  onResults: (r: readonly SendResult[]) => void,
): Promise<SendResult[]> {
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
          const outcomes = await submitBatch(
            chunk.map((s) => s.instruction),
            deps.stopSignal,
          );
          const done = chunk.map((send, i): SendResult => ({
            send,
            outcome: outcomes[i] ?? {
              kind: 'unknown',
              endToEndId: send.instruction.endToEndId,
              cause: 'internal',
              detail: 'no outcome for this instruction',
            },
          }));
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

/**
 * Step 3 for one wave of answers: lock the payouts again and apply each answer, guarded by the
 * states its plan was made from. Someone else (a status query, ops) may have moved a payout on
 * meanwhile: their evidence stands, and the poller will ask the bank anyway.
 */
async function applyOutcomes(deps: LifecycleDeps, results: readonly SendResult[]): Promise<void> {
  let applied: readonly Transition[] = [];
  let success: { channelId: string; ok: boolean }[] = [];
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const locked = new Map(
      (
        await lockPayouts(
          tx,
          results.map((r) => r.send.payoutId),
        )
      ).map((p) => [p.payout.id, p]),
    );
    const batch = new BatchBuilder(SUBMIT_ACTOR);
    success = [];
    for (const r of results) {
      const row = locked.get(r.send.payoutId);
      const attempt = row?.attempts.find((a) => a.id === r.send.attemptId);
      if (row === undefined || attempt === undefined || row.payout.status !== 'processing' || attempt.state !== 'sending') continue;
      if (
        batch.add(
          'invalid' in r
            ? refuseInvalidInstruction(row.payout, attempt, r.invalid, now)
            : answerTransition(deps, r.send.channel, row, attempt, r.outcome, now),
        ) === undefined
      )
        continue;
      const ok = 'outcome' in r ? channelSuccessOf(r.outcome) : undefined;
      if (ok !== undefined) success.push({ channelId: r.send.channel.config.id, ok });
    }
    await writeBatchWithLedger(tx, batch.batch(), locked.values(), now);
    applied = batch.transitions;
  });
  for (const s of success) deps.rates.record(s.channelId, s.ok);
  for (const t of applied) if (t.status !== t.payout.expectedStatus) deps.metrics.transitioned(t.status);
}

/** For the channel's success rate: executed, refused or unreadable; undefined says nothing. */
function channelSuccessOf(outcome: SubmitOutcome): boolean | undefined {
  return outcome.kind === 'succeeded' ? true : outcome.kind === 'rejected' || outcome.kind === 'unknown' ? false : undefined;
}

function answerTransition(
  deps: LifecycleDeps,
  channel: ChannelRuntime,
  row: PayoutWithAttempts,
  attempt: LifecycleAttempt,
  outcome: SubmitOutcome,
  now: Date,
): Transition | undefined {
  const plan = planSubmitOutcome(planContextFor(deps, channel, attempt, row.attempts, now), outcome);
  if (plan.payout.kind === 'manual_review' || plan.payout.kind === 'failed') {
    deps.logger.warn(
      { payoutId: row.payout.id, attempt: attempt.attemptNo, channel: channel.config.id, outcome: outcome.kind, next: plan.payout.kind },
      'submit answer ended the payout’s automatic processing',
    );
  }
  return applyAnswer(row.payout, attempt, plan, now);
}

function tally(kinds: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of kinds) out[k] = (out[k] ?? 0) + 1;
  return out;
}
