import type { OpsPayoutRecord } from '@payout/db';
import { opsCancel, opsRepoll, opsRetry, type OpsRequest, type PayoutUpdate } from '@payout/lifecycle';
import { decideCancel, decideRepoll, decideRetry } from '../policy/action.policy.ts';
import type { OpsDecision } from '../policy/ops-decision.ts';
import type { OpsAction } from '../policy/ops-role.ts';
import type { OpsActor } from '../ops-context.ts';
import { toPayoutView } from './payout-view.ts';

/** The single-payout actions that also run in bulk. */
export const PAYOUT_ACTIONS = ['repoll', 'retry', 'cancel'] as const;
export type PayoutAction = (typeof PAYOUT_ACTIONS)[number] & OpsAction;

/** What an allowed action writes, and which worker to wake after commit. */
export interface ActionPlan {
  readonly update: PayoutUpdate;
  readonly wake: 'submit' | 'poll' | undefined;
}

export interface PlanInput {
  readonly who: OpsActor;
  readonly reason: string;
  readonly requestId: string;
  readonly now: Date;
  readonly maxAttempts?: number | undefined;
  /** The bulk preview the action runs under; its events name it. */
  readonly bulk?: string | undefined;
}

/**
 * Turns a policy decision into the guarded row write (the lifecycle's ops transitions): every
 * update carries the status and version the decision was made on, so a concurrent change makes
 * it a conflict, never a blind overwrite. Status changes emit `payout.<status>` with notify
 * (upstream hears them through the outbox, like every other transition); a re-poll that leaves
 * the status alone writes a timeline event only. `bulk` names the bulk preview it runs under.
 */
export function planPayoutAction(action: PayoutAction, p: OpsPayoutRecord, input: PlanInput): OpsDecision<{ plan: ActionPlan }> {
  const view = toPayoutView(p);
  const payout = { id: p.payout.id, status: p.payout.status, version: p.payout.version, statusReason: p.payout.statusReason };
  const request: OpsRequest = {
    actor: input.who.actor,
    role: input.who.role,
    reason: input.reason,
    requestId: input.requestId,
    bulk: input.bulk,
  };
  switch (action) {
    case 'repoll': {
      const d = decideRepoll(view);
      if (!d.ok) return d;
      const attempt = p.attempts.find((a) => a.id === d.attemptId);
      return { ok: true, plan: { update: opsRepoll(payout, attempt, request, input.now).payout, wake: 'poll' } };
    }
    case 'retry': {
      const d = decideRetry(view, input.maxAttempts === undefined ? undefined : { maxAttempts: input.maxAttempts });
      if (!d.ok) return d;
      return { ok: true, plan: { update: opsRetry(payout, p.attempts.length, request, input.now).payout, wake: 'submit' } };
    }
    case 'cancel': {
      const d = decideCancel(view);
      if (!d.ok) return d;
      return { ok: true, plan: { update: opsCancel(payout, request).payout, wake: undefined } };
    }
  }
}
