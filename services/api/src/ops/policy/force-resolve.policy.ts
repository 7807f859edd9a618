import { transitionPayout } from '@payout/lifecycle';
import { isStatementEvidence, type ForceResolveEvidence } from './force-resolve-evidence.ts';
import { refuse, type OpsDecision } from './ops-decision.ts';
import { mayHaveExecuted, type OpsPayoutView } from './ops-payout-view.ts';

export const FORCE_RESOLVE_TARGETS = ['succeeded', 'failed'] as const;
export type ForceResolveTarget = (typeof FORCE_RESOLVE_TARGETS)[number];

export interface ForceResolveRequest {
  readonly target: ForceResolveTarget;
  readonly reason: string;
  readonly evidence: readonly ForceResolveEvidence[];
  /** Required to force `failed` while the bank may have executed and no statement evidence is attached. */
  readonly overrideReason?: string | undefined;
}

/** The attempt the resolution settles, and the state it moves to. */
export type AttemptResolution = { readonly attemptId: string; readonly to: 'succeeded' | 'failed' } | undefined;

/** An override has to say something: a word like "ok" is not an explanation an auditor can follow. */
export const MIN_OVERRIDE_REASON_LENGTH = 20;

/**
 * Whether a force-resolve may be proposed — and, evaluated again against the payout as it is
 * at approval time, whether it may be applied.
 *
 * - succeeded: some attempt may have executed (money only leaves through an attempt); its live
 *   attempt (if any) becomes succeeded.
 * - failed: when an attempt may have executed (sending/accepted/pending/unknown/succeeded),
 *   statement evidence or an explicit override reason is required; the live attempt becomes failed.
 * Both need a reason and at least one piece of evidence, and the payout transition table must
 * allow the move.
 */
export function decideForceResolve(p: OpsPayoutView, req: ForceResolveRequest): OpsDecision<{ attempt: AttemptResolution }> {
  if (req.reason.trim().length === 0) return refuse('PAYOUT_E_VALIDATION', 'a force-resolve needs a reason');
  if (req.evidence.length === 0) {
    return refuse(
      'PAYOUT_E_OPS_EVIDENCE_REQUIRED',
      'a force-resolve needs evidence: a statement line, a statement, a bank reference or an uploaded confirmation',
    );
  }
  const move = transitionPayout(p.status, req.target);
  if (!move.ok) return refuse(move.code, `a ${p.status} payout cannot be forced to ${req.target}: ${move.message}`);

  const maybe = mayHaveExecuted(p.attempts);
  const succeeded = maybe.find((a) => a.state === 'succeeded');
  const live = maybe.filter((a) => a.state !== 'succeeded');
  if (live.length > 1) {
    // The database allows one live attempt; two means something is badly wrong — never guess.
    return refuse('PAYOUT_E_CONFLICT', `the payout has ${live.length} live attempts; resolve them individually`);
  }
  const liveAttempt = live[0];

  if (req.target === 'succeeded') {
    if (maybe.length === 0) {
      return refuse(
        'PAYOUT_E_OPS_EVIDENCE_REQUIRED',
        'no attempt of this payout can have executed (none sent, or all definitively failed); it cannot be forced to succeeded',
      );
    }
    return { ok: true, attempt: liveAttempt === undefined ? undefined : { attemptId: liveAttempt.id, to: 'succeeded' } };
  }

  if (succeeded !== undefined) {
    return refuse(
      'PAYOUT_E_ALREADY_SUCCEEDED',
      'an attempt of this payout succeeded at the bank; it cannot be forced to failed (a return is recorded from the statement)',
    );
  }
  if (maybe.length > 0 && !req.evidence.some(isStatementEvidence)) {
    const override = req.overrideReason?.trim() ?? '';
    if (override.length < MIN_OVERRIDE_REASON_LENGTH) {
      return refuse(
        'PAYOUT_E_OPS_EVIDENCE_REQUIRED',
        `the bank may have executed this payout (attempt ${maybe.map((a) => a.state).join(', ')}); forcing it to failed needs statement evidence or an override reason of at least ${MIN_OVERRIDE_REASON_LENGTH} characters`,
      );
    }
  }
  return { ok: true, attempt: liveAttempt === undefined ? undefined : { attemptId: liveAttempt.id, to: 'failed' } };
}
