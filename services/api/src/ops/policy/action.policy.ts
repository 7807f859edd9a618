import { type PayoutStatus } from '@payout/domain';
import { decideNewAttempt, transitionPayout } from '@payout/lifecycle';
import { refuse, type OpsDecision } from './ops-decision.ts';
import type { OpsPayoutView } from './ops-payout-view.ts';

/**
 * Retry: the domain's no-double-payout rule decides, never the button. Allowed only when
 * `decideNewAttempt` allows a new instruction AND the payout may move back to `accepted`
 * (the submit worker then writes the new attempt; the database's partial unique index is the
 * last line of defence against a second live attempt).
 */
export function decideRetry(p: OpsPayoutView, opts?: { maxAttempts?: number }): OpsDecision<{ to: 'accepted' }> {
  const rule = decideNewAttempt(
    p.attempts.map((a) => ({ state: a.state, reasonCode: a.reasonCode })),
    opts?.maxAttempts === undefined ? undefined : { maxAttempts: opts.maxAttempts },
  );
  if (!rule.allowed) return refuse(rule.code, rule.message);
  const move = transitionPayout(p.status, 'accepted');
  if (!move.ok) return refuse(move.code, `a ${p.status} payout cannot be retried: ${move.message}`);
  return { ok: true, to: 'accepted' };
}

/**
 * Cancel: only before any attempt was sent. An attempt row is written (state `sending`) and
 * committed before the bank is called, so any attempt row at all means the bank may have
 * seen an instruction — even a failed one is history a cancel must not paper over.
 */
export function decideCancel(p: OpsPayoutView): OpsDecision<{ to: 'cancelled' }> {
  if (p.attempts.length > 0) {
    return refuse(
      'PAYOUT_E_OPS_ALREADY_SENT',
      `the payout has ${p.attempts.length} attempt(s) at a bank; cancel is only possible before any attempt was sent — use force-resolve with evidence instead`,
    );
  }
  const move = transitionPayout(p.status, 'cancelled');
  if (!move.ok) return refuse(move.code, `a ${p.status} payout cannot be cancelled: ${move.message}`);
  return { ok: true, to: 'cancelled' };
}

/** Statuses in which a payout has an attempt worth querying. */
const REPOLLABLE: ReadonlySet<PayoutStatus> = new Set<PayoutStatus>(['processing', 'awaiting_verification', 'manual_review']);

/**
 * Re-poll now: only when there is a live attempt to ask the bank about. It changes nothing by
 * itself; the poll path (breaker, rate limit) applies whatever the bank answers.
 */
export function decideRepoll(p: OpsPayoutView): OpsDecision<{ attemptId: string }> {
  const live = p.attempts.filter((a) => a.state !== 'failed' && a.state !== 'succeeded');
  const attempt = live[live.length - 1];
  if (attempt === undefined) {
    return refuse(
      'PAYOUT_E_OPS_NOTHING_TO_POLL',
      `the payout has no attempt awaiting a bank answer (status ${p.status}, ${p.attempts.length} attempt(s))`,
    );
  }
  if (!REPOLLABLE.has(p.status)) {
    return refuse('PAYOUT_E_OPS_NOTHING_TO_POLL', `a ${p.status} payout is not waiting for the bank`);
  }
  if (attempt.state === 'sending' && p.nextAction === 'submit') {
    // The submit path owns a `sending` attempt until it has an answer (it queries first after a crash).
    return refuse(
      'PAYOUT_E_CONFLICT',
      'the attempt is being submitted right now; the submit path queries the bank itself before anything else',
    );
  }
  return { ok: true, attemptId: attempt.id };
}
