import { appendAuditEntries, isPayoutId, loadOpsPayout, writeLifecycleBatch } from '@payout/db';
import { isPayoutError, type PayoutStatus } from '@payout/domain';
import type { OpsDeps } from '../ops-deps.ts';
import { failOutcome, okOutcome, opsActorName, type OpsOutcome, type OpsRequestContext } from '../ops-context.ts';
import { roleMayPerform, rolesFor } from '../policy/ops-role.ts';
import { planPayoutAction, type ActionPlan, type PayoutAction } from './action-plans.ts';
import { auditEntry, auditRefusal, payoutSnapshot } from './ops-audit.ts';

export interface PayoutActionInput {
  /** Why: required for every manual action, kept in the audit row and the event. */
  readonly reason: string;
  /** The version the operator looked at; a different current version is a conflict. */
  readonly expectedVersion?: number | undefined;
}

export interface PayoutActionResult {
  readonly payoutId: string;
  readonly action: PayoutAction;
  readonly status: PayoutStatus;
  readonly version: number;
  readonly nextAction: string | null;
}

type TxResult =
  | { readonly kind: 'applied'; readonly result: PayoutActionResult; readonly plan: ActionPlan }
  | { readonly kind: 'refused'; readonly code: Parameters<typeof failOutcome>[0]; readonly message: string; readonly before: unknown };

/** A refusal that says who moved the payout and what it is now, when it moved under the operator. */
async function conflictMessage(deps: OpsDeps, payoutId: string): Promise<string> {
  const now = await loadOpsPayout(deps.db, payoutId);
  return now === undefined
    ? 'the payout changed while you acted; reload it and decide again'
    : `the payout changed while you acted: it is now ${now.payout.status} (version ${now.payout.version}); reload it and decide again`;
}

/**
 * Re-poll now, retry or cancel ONE payout, accountably: role check, reason required, the
 * policy decides on the payout as read in the acting transaction, the write is guarded by
 * status and version (a racing operator or worker makes it a 409 conflict), and an audit row
 * is written whatever happens — applied in the same transaction, refused on its own.
 */
export async function actOnPayout(
  deps: OpsDeps,
  ctx: OpsRequestContext,
  action: PayoutAction,
  payoutId: string,
  input: PayoutActionInput,
): Promise<OpsOutcome<PayoutActionResult>> {
  const auditAction = `ops.${action}` as const;
  const target = `payout:${payoutId}`;
  const reason = input.reason.trim();
  const refuse = async (
    code: Parameters<typeof failOutcome>[0],
    message: string,
    before?: unknown,
  ): Promise<OpsOutcome<PayoutActionResult>> => {
    await auditRefusal(deps.db, ctx, auditAction, target, { code, message }, { reason: reason === '' ? null : reason, before });
    return failOutcome(code, message);
  };
  if (!roleMayPerform(ctx.who.role, action)) {
    return refuse('PAYOUT_E_FORBIDDEN', `${ctx.who.actor} has role ${ctx.who.role}; ${action} needs ${rolesFor(action).join(' or ')}`);
  }
  if (reason === '') return refuse('PAYOUT_E_VALIDATION', `${action} needs a reason`);
  if (!isPayoutId(payoutId)) return refuse('PAYOUT_E_NOT_FOUND', `no payout ${payoutId}`);

  const now = deps.clock();
  let outcome: TxResult;
  try {
    outcome = await deps.db.transaction().execute(async (tx): Promise<TxResult> => {
      const p = await loadOpsPayout(tx, payoutId);
      if (p === undefined) return { kind: 'refused', code: 'PAYOUT_E_NOT_FOUND', message: `no payout ${payoutId}`, before: null };
      const before = payoutSnapshot(p);
      if (input.expectedVersion !== undefined && input.expectedVersion !== p.payout.version) {
        return {
          kind: 'refused',
          code: 'PAYOUT_E_CONFLICT',
          message: `you looked at version ${input.expectedVersion}; the payout is now ${p.payout.status} (version ${p.payout.version}); reload it and decide again`,
          before,
        };
      }
      const d = planPayoutAction(action, p, {
        who: ctx.who,
        reason,
        requestId: ctx.requestId,
        now,
        maxAttempts: deps.settings.maxAttempts,
      });
      if (!d.ok) return { kind: 'refused', code: d.code, message: d.message, before };
      await writeLifecycleBatch(tx, {
        actor: opsActorName(ctx.who),
        attemptInserts: [],
        attemptUpdates: [],
        payoutUpdates: [d.plan.update],
      });
      const u = d.plan.update;
      const result: PayoutActionResult = { payoutId, action, status: u.status, version: p.payout.version + 1, nextAction: u.nextAction };
      await appendAuditEntries(tx, [
        auditEntry(ctx, auditAction, target, 'applied', {
          reason,
          before,
          after: { status: u.status, version: result.version, nextAction: u.nextAction },
        }),
      ]);
      return { kind: 'applied', result, plan: d.plan };
    });
  } catch (err) {
    if (isPayoutError(err) && err.code === 'PAYOUT_E_CONFLICT') return refuse('PAYOUT_E_CONFLICT', await conflictMessage(deps, payoutId));
    if (isPayoutError(err) && err.httpStatus < 500) return refuse(err.code, err.message);
    throw err;
  }
  if (outcome.kind === 'refused') return refuse(outcome.code, outcome.message, outcome.before);
  await wake(deps, outcome.plan.wake, [{ payoutId, version: outcome.result.version }]);
  return okOutcome(outcome.result);
}

/** After commit: hint the worker that owns the step. A failed hint only delays the work. */
export async function wake(
  deps: OpsDeps,
  step: 'submit' | 'poll' | undefined,
  targets: readonly { readonly payoutId: string; readonly version: number }[],
): Promise<void> {
  if (step === undefined || targets.length === 0 || deps.hints === undefined) return;
  try {
    await deps.hints.dispatch(step, targets);
  } catch (err) {
    deps.warn?.(
      { step, payouts: targets.length, err: err instanceof Error ? err.message : String(err) },
      'ops could not hint the workers; the sweeper will pick the work up',
    );
  }
}
