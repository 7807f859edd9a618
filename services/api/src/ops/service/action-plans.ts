import type { OpsPayoutRecord, PayoutUpdate } from '@payout/db';
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
}

/**
 * Turns a policy decision into the guarded row write: every update carries the status and
 * version the decision was made on, so a concurrent change makes it a conflict, never a
 * blind overwrite. Status changes emit `payout.<status>` with notify (upstream hears them
 * through the outbox, like every other transition); a re-poll that leaves the status alone
 * writes a timeline event only.
 */
export function planPayoutAction(action: PayoutAction, p: OpsPayoutRecord, input: PlanInput): OpsDecision<{ plan: ActionPlan }> {
  const view = toPayoutView(p);
  const from = p.payout.status;
  const ops = { action: `ops.${action}`, by: input.who.actor, role: input.who.role, reason: input.reason, requestId: input.requestId };
  const base = { payoutId: p.payout.id, expectedStatus: from, expectedVersion: p.payout.version, attemptCountDelta: 0 };
  const statusReason = `${action} by ${input.who.actor}: ${input.reason}`;
  switch (action) {
    case 'repoll': {
      const d = decideRepoll(view);
      if (!d.ok) return d;
      const attempt = p.attempts.find((a) => a.id === d.attemptId);
      const data = { ...ops, attemptNo: attempt?.attemptNo, channelId: attempt?.channelId, endToEndId: attempt?.endToEndId };
      if (from === 'processing') {
        return {
          ok: true,
          plan: {
            update: { ...base, status: from, statusReason: p.payout.statusReason, nextAction: 'poll', nextActionAt: input.now, events: [{ type: 'ops.repoll_requested', fromStatus: null, toStatus: null, data, notify: false }] },
            wake: 'poll',
          },
        };
      }
      // awaiting_verification / manual_review → processing: the attempt is live again; the poll path decides what the answer means.
      return {
        ok: true,
        plan: {
          update: { ...base, status: 'processing', statusReason, nextAction: 'poll', nextActionAt: input.now, events: [{ type: 'payout.processing', fromStatus: from, toStatus: 'processing', data, notify: true }] },
          wake: 'poll',
        },
      };
    }
    case 'retry': {
      const d = decideRetry(view, input.maxAttempts === undefined ? undefined : { maxAttempts: input.maxAttempts });
      if (!d.ok) return d;
      return {
        ok: true,
        plan: {
          update: { ...base, status: 'accepted', statusReason, nextAction: 'submit', nextActionAt: input.now, events: [{ type: 'payout.accepted', fromStatus: from, toStatus: 'accepted', data: { ...ops, attempts: p.attempts.length }, notify: true }] },
          wake: 'submit',
        },
      };
    }
    case 'cancel': {
      const d = decideCancel(view);
      if (!d.ok) return d;
      return {
        ok: true,
        plan: {
          update: { ...base, status: 'cancelled', statusReason, nextAction: null, nextActionAt: null, events: [{ type: 'payout.cancelled', fromStatus: from, toStatus: 'cancelled', data: ops, notify: true }] },
          wake: undefined,
        },
      };
    }
  }
}
