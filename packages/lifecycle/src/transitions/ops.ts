import type { AttemptState } from '@payout/domain';
import type { PayoutLedgerEvent } from '@payout/ledger';
import { attemptLedgerEvent } from '../ledger/ledger-events.ts';
import { attemptEvent, attemptUpdate, noteEvent, payoutUpdate, statusEvent } from '../records/build.ts';
import type { LifecycleEvent, PayoutRef } from '../records/lifecycle-records.ts';
import type { Transition } from './transition.ts';

// The ops actions' transitions: re-poll now, retry, cancel (one payout or in bulk) and an
// approved force-resolve. The ops policies decide whether an action is allowed; these say what
// an allowed one writes. Every event names who acted, in which role, why, and the request.

/** Who asks for an ops action and why; `bulk` is the bulk preview it runs under, if any. */
export interface OpsRequest {
  readonly actor: string;
  readonly role: string;
  readonly reason: string;
  readonly requestId: string;
  readonly bulk?: string | undefined;
}

/** The payout an ops action is planned on (its status reason is kept by a re-poll that leaves the status alone). */
export interface OpsPayout extends PayoutRef {
  readonly statusReason: string | null;
}

/** An attempt as ops read it. */
export interface OpsAttempt {
  readonly id: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly endToEndId: string;
  readonly state: AttemptState;
}

type OpsAction = 'repoll' | 'retry' | 'cancel';

function opsData(action: OpsAction, r: OpsRequest, facts: Readonly<Record<string, unknown>> = {}): Readonly<Record<string, unknown>> {
  return {
    action: `ops.${action}`,
    by: r.actor,
    role: r.role,
    reason: r.reason,
    requestId: r.requestId,
    ...facts,
    ...(r.bulk === undefined ? {} : { bulk: r.bulk }),
  };
}

function opsReason(action: OpsAction, r: OpsRequest): string {
  return `${action} by ${r.actor}: ${r.reason}`;
}

/**
 * Re-poll now: the poll step asks the bank about `attempt` at `now`. A processing payout keeps
 * its status and reason and records `ops.repoll_requested`; one awaiting verification or in
 * manual review moves back to processing (the attempt is live again; the poll path decides
 * what the answer means).
 */
export function opsRepoll(payout: OpsPayout, attempt: OpsAttempt | undefined, r: OpsRequest, now: Date): Transition {
  const data = opsData('repoll', r, { attemptNo: attempt?.attemptNo, channelId: attempt?.channelId, endToEndId: attempt?.endToEndId });
  if (payout.status === 'processing') {
    const events = [noteEvent('ops.repoll_requested', data)];
    return {
      payout: payoutUpdate(payout, { status: 'processing', reason: payout.statusReason, next: 'poll', at: now, events }),
      status: 'processing',
    };
  }
  const events = [statusEvent(payout.status, 'processing', data)];
  return {
    payout: payoutUpdate(payout, { status: 'processing', reason: opsReason('repoll', r), next: 'poll', at: now, events }),
    status: 'processing',
  };
}

/** Retry (the new-attempt rule allowed it): back to accepted, due for submission now; `attempts` is how many the payout had. */
export function opsRetry(payout: OpsPayout, attempts: number, r: OpsRequest, now: Date): Transition {
  const events = [statusEvent(payout.status, 'accepted', opsData('retry', r, { attempts }))];
  return {
    payout: payoutUpdate(payout, { status: 'accepted', reason: opsReason('retry', r), next: 'submit', at: now, events }),
    status: 'accepted',
  };
}

/** Cancel before any attempt was sent: final. */
export function opsCancel(payout: OpsPayout, r: OpsRequest): Transition {
  const events = [statusEvent(payout.status, 'cancelled', opsData('cancel', r))];
  return {
    payout: payoutUpdate(payout, { status: 'cancelled', reason: opsReason('cancel', r), next: null, at: null, events }),
    status: 'cancelled',
  };
}

/** An approved force-resolve proposal: who proposed and approved it, why, and the evidence. */
export interface ForceResolveApproval {
  readonly target: 'succeeded' | 'failed';
  readonly proposalId: string;
  readonly proposedBy: string;
  readonly approvedBy: string;
  readonly reason: string;
  readonly evidence: unknown;
  readonly overrideReason: string | null;
  readonly requestId: string;
}

/** A force-resolve's rows, and the ledger fact that settles (succeeded) or releases (failed) the attempt's money, if any attempt carries it. */
export interface ForceResolved extends Transition {
  readonly ledger: PayoutLedgerEvent | undefined;
}

/**
 * An approved force-resolve: the live attempt (`resolveAttempt`, when there is one) becomes
 * succeeded or failed as if the bank had said so (status code `OPS_FORCE_RESOLVED`), the payout
 * moves to the target. The ledger fact is booked on the attempt resolved now, or — forcing
 * succeeded — on an attempt that had already succeeded.
 *
 * @example
 *   forceResolve({ payout, attempts }, approval, attempt.id, now)
 *   // manual_review → succeeded; attempt unknown → succeeded; ledger attempt_succeeded
 */
export function forceResolve(
  p: { readonly payout: PayoutRef & { readonly amountMinor: bigint; readonly currency: string }; readonly attempts: readonly OpsAttempt[] },
  f: ForceResolveApproval,
  resolveAttempt: string | undefined,
  now: Date,
): ForceResolved {
  const from = p.payout.status;
  const ops = {
    action: 'ops.force_resolve',
    proposalId: f.proposalId,
    proposedBy: f.proposedBy,
    approvedBy: f.approvedBy,
    reason: f.reason,
    evidence: f.evidence,
    ...(f.overrideReason !== null ? { overrideReason: f.overrideReason } : {}),
    requestId: f.requestId,
  };
  const attempt = resolveAttempt === undefined ? undefined : p.attempts.find((a) => a.id === resolveAttempt);
  const events: LifecycleEvent[] = [];
  if (attempt !== undefined) {
    events.push(
      attemptEvent(from, `attempt.${f.target}`, {
        attemptNo: attempt.attemptNo,
        channelId: attempt.channelId,
        endToEndId: attempt.endToEndId,
        from: attempt.state,
        ...ops,
      }),
    );
  }
  events.push(statusEvent(from, f.target, ops));
  const reason = `force-resolved to ${f.target} by ${f.proposedBy}, approved by ${f.approvedBy}: ${f.reason}`;
  const ledgerAttempt = attempt ?? (f.target === 'succeeded' ? p.attempts.find((a) => a.state === 'succeeded') : undefined);
  return {
    attempt:
      attempt === undefined
        ? undefined
        : attemptUpdate(attempt, { state: f.target, statusCode: 'OPS_FORCE_RESOLVED', answeredAt: now, pollCountDelta: 0 }),
    payout: payoutUpdate(p.payout, { status: f.target, reason, next: null, at: null, events }),
    status: f.target,
    ledger:
      ledgerAttempt === undefined
        ? undefined
        : attemptLedgerEvent(
            f.target === 'succeeded' ? 'attempt_succeeded' : 'attempt_failed',
            { payout: p.payout, attempt: ledgerAttempt },
            now,
          ),
  };
}
