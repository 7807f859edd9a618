import {
  appendAuditEntries,
  decideProposal,
  expireProposals,
  findStatementLine,
  getProposal,
  insertProposal,
  isPayoutId,
  isUniqueViolation,
  listProposals,
  loadOpsPayout,
  sqlState,
  writeLifecycleBatch,
  type Db,
  type OpsPayoutRecord,
  type ProposalRecord,
  type ProposalStatusValue,
} from '@payout/db';
import { batchOf, forceResolve, type ForceResolveApproval } from '@payout/lifecycle';
import { isPayoutError, type ErrorCode } from '@payout/domain';
import type { OpsDeps } from '../ops-deps.ts';
import { failOutcome, okOutcome, opsActorName, type OpsOutcome, type OpsRequestContext } from '../ops-context.ts';
import type { ForceResolveEvidence } from '../policy/force-resolve-evidence.ts';
import { decideForceResolve, type AttemptResolution, type ForceResolveRequest } from '../policy/force-resolve.policy.ts';
import { roleMayPerform, rolesFor } from '../policy/ops-role.ts';
import { decideOnProposal, effectiveProposalStatus, type ProposalVerdict } from '../policy/proposal.policy.ts';
import { auditEntry, auditRefusal, payoutSnapshot, type OpsAuditAction } from './ops-audit.ts';
import { toPayoutView } from './payout-view.ts';

export interface ProposeInput extends ForceResolveRequest {
  /** Shorter than the default lifetime when the evidence is time-sensitive; never longer. */
  readonly expiresInMs?: number | undefined;
}

/** A proposal as the API shows it: its effective status (a pending one past expiry shows expired). */
export interface ProposalView extends Omit<ProposalRecord, 'status'> {
  readonly status: ProposalStatusValue;
}

export interface DecisionResult {
  readonly proposal: ProposalView;
  /** Set when an approval moved the payout. */
  readonly payout?: { readonly id: string; readonly status: string; readonly version: number } | undefined;
  readonly ledgerPostingIds?: readonly string[] | undefined;
}

type Refusal = { readonly kind: 'refused'; readonly code: ErrorCode; readonly message: string; readonly before?: unknown };

function view(p: ProposalRecord, now: Date): ProposalView {
  return { ...p, status: effectiveProposalStatus(p, now) };
}

function requestOf(p: ProposalRecord): ForceResolveRequest {
  return {
    target: p.targetStatus,
    reason: p.reason,
    evidence: p.evidence as readonly ForceResolveEvidence[],
    overrideReason: p.overrideReason ?? undefined,
  };
}

/** Every statement line named as evidence must exist (the timeline links to it). */
async function checkEvidence(db: Db, evidence: readonly ForceResolveEvidence[]): Promise<Refusal | undefined> {
  for (const e of evidence) {
    if (e.kind === 'statement_line' && e.lineId !== undefined && (await findStatementLine(db, e.lineId)) === undefined) {
      return {
        kind: 'refused',
        code: 'PAYOUT_E_OPS_EVIDENCE_REQUIRED',
        message: `statement line ${e.lineId} does not exist; ingest the statement first or cite the bank reference`,
      };
    }
  }
  return undefined;
}

/**
 * Maker: propose forcing a payout to succeeded or failed. Nothing about the payout changes;
 * the proposal waits for a second person. One pending proposal per payout (the database's
 * partial unique index decides between racing proposers).
 */
export async function proposeForceResolve(
  deps: OpsDeps,
  ctx: OpsRequestContext,
  payoutId: string,
  input: ProposeInput,
): Promise<OpsOutcome<ProposalView>> {
  const action: OpsAuditAction = 'ops.force_resolve.propose';
  const target = `payout:${payoutId}`;
  const reason = input.reason.trim();
  const refuse = async (code: ErrorCode, message: string, before?: unknown): Promise<OpsOutcome<ProposalView>> => {
    await auditRefusal(
      deps.db,
      ctx,
      action,
      target,
      { code, message },
      {
        reason: reason === '' ? null : reason,
        before: { ...(before as object | undefined), proposal: { target: input.target, evidence: input.evidence } },
      },
    );
    return failOutcome(code, message);
  };
  if (!roleMayPerform(ctx.who.role, 'propose_force_resolve')) {
    return refuse(
      'PAYOUT_E_FORBIDDEN',
      `${ctx.who.actor} has role ${ctx.who.role}; proposing a force-resolve needs ${rolesFor('propose_force_resolve').join(' or ')}`,
    );
  }
  if (!isPayoutId(payoutId)) return refuse('PAYOUT_E_NOT_FOUND', `no payout ${payoutId}`);
  const now = deps.clock();
  const ttl = Math.min(input.expiresInMs ?? deps.settings.proposalTtlMs, deps.settings.proposalTtlMs);
  if (!(ttl > 0)) return refuse('PAYOUT_E_VALIDATION', 'a proposal must live for a positive time');

  const outcome = await deps.db.transaction().execute(async (tx): Promise<Refusal | { kind: 'proposed'; proposal: ProposalRecord }> => {
    const p = await loadOpsPayout(tx, payoutId);
    if (p === undefined) return { kind: 'refused', code: 'PAYOUT_E_NOT_FOUND', message: `no payout ${payoutId}` };
    const before = payoutSnapshot(p);
    const d = decideForceResolve(toPayoutView(p), { ...input, reason });
    if (!d.ok) return { kind: 'refused', code: d.code, message: d.message, before };
    const bad = await checkEvidence(tx, input.evidence);
    if (bad !== undefined) return { ...bad, before };
    await expireProposals(tx, payoutId, now);
    const proposal = await insertProposal(tx, {
      payoutId,
      targetStatus: input.target,
      reason,
      overrideReason: input.overrideReason?.trim() || null,
      evidence: input.evidence,
      payoutStatusAtProposal: p.payout.status,
      payoutVersionAtProposal: p.payout.version,
      proposedBy: ctx.who.actor,
      proposedRole: ctx.who.role,
      requestId: ctx.requestId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttl),
    });
    if (proposal === undefined) {
      const pending = (await listProposals(tx, { payoutId, status: 'pending', limit: 1 }))[0];
      return {
        kind: 'refused',
        code: 'PAYOUT_E_CONFLICT',
        message: `the payout already has a pending proposal${pending === undefined ? '' : ` ${pending.id} by ${pending.proposedBy} (to ${pending.targetStatus})`}; approve, reject or withdraw it first`,
        before,
      };
    }
    await appendAuditEntries(tx, [
      auditEntry(ctx, action, target, 'proposed', {
        reason,
        before,
        after: { proposalId: proposal.id, target: input.target, expiresAt: proposal.expiresAt.toISOString(), evidence: input.evidence },
      }),
    ]);
    return { kind: 'proposed', proposal };
  });
  if (outcome.kind === 'refused') return refuse(outcome.code, outcome.message, outcome.before);
  return okOutcome(view(outcome.proposal, now));
}

/**
 * Checker: approve (moves the payout, in one transaction with the attempt, the event, the
 * outbox row, the ledger postings and the audit row), reject, or — by the proposer —
 * withdraw. Every refusal is audited.
 */
export async function decideOnForceResolve(
  deps: OpsDeps,
  ctx: OpsRequestContext,
  proposalId: string,
  verdict: ProposalVerdict,
  input: { readonly reason?: string | undefined },
): Promise<OpsOutcome<DecisionResult>> {
  const action: OpsAuditAction =
    verdict === 'approve' ? 'ops.force_resolve.approve' : verdict === 'reject' ? 'ops.force_resolve.reject' : 'ops.force_resolve.withdraw';
  const target = `proposal:${proposalId}`;
  const reason = input.reason?.trim() ?? '';
  const now = deps.clock();
  const refuse = async (code: ErrorCode, message: string, before?: unknown): Promise<OpsOutcome<DecisionResult>> => {
    await auditRefusal(deps.db, ctx, action, target, { code, message }, { reason: reason === '' ? null : reason, before });
    return failOutcome(code, message);
  };
  if (!isPayoutId(proposalId)) return refuse('PAYOUT_E_NOT_FOUND', `no proposal ${proposalId}`);
  const proposal = await getProposal(deps.db, proposalId);
  if (proposal === undefined) return refuse('PAYOUT_E_NOT_FOUND', `no proposal ${proposalId}`);
  const pv = { id: proposal.id, status: proposal.status, proposedBy: proposal.proposedBy, expiresAt: proposal.expiresAt };
  const before = {
    proposal: {
      status: effectiveProposalStatus(proposal, now),
      payoutId: proposal.payoutId,
      target: proposal.targetStatus,
      proposedBy: proposal.proposedBy,
    },
  };
  const rule = decideOnProposal(pv, { actor: ctx.who.actor, role: ctx.who.role }, verdict, now);
  if (!rule.ok) {
    if (rule.code === 'PAYOUT_E_OPS_PROPOSAL_EXPIRED') await expireProposals(deps.db, proposal.payoutId, now);
    return refuse(rule.code, rule.message, before);
  }
  if (verdict !== 'approve' && reason === '') return refuse('PAYOUT_E_VALIDATION', `${verdict} needs a reason`, before);

  if (verdict !== 'approve') {
    const decided = await deps.db.transaction().execute(async (tx) => {
      const d = await decideProposal(tx, {
        id: proposalId,
        status: verdict === 'reject' ? 'rejected' : 'withdrawn',
        decidedBy: ctx.who.actor,
        decidedRole: ctx.who.role,
        decidedAt: now,
        decisionReason: reason,
        requestId: ctx.requestId,
      });
      if (d !== undefined)
        await appendAuditEntries(tx, [
          auditEntry(ctx, action, target, 'applied', { reason, before, after: { proposal: { status: d.status } } }),
        ]);
      return d;
    });
    if (decided === undefined) return refuse('PAYOUT_E_OPS_PROPOSAL_CLOSED', 'someone decided this proposal first; reload it', before);
    return okOutcome({ proposal: view(decided, now) });
  }

  try {
    const r = await deps.db.transaction().execute(async (tx): Promise<Refusal | { kind: 'applied'; result: DecisionResult }> => {
      const p = await loadOpsPayout(tx, proposal.payoutId);
      if (p === undefined)
        return { kind: 'refused', code: 'PAYOUT_E_NOT_FOUND', message: `payout ${proposal.payoutId} no longer exists`, before };
      const payoutBefore = payoutSnapshot(p);
      if (p.payout.status !== proposal.payoutStatusAtProposal) {
        return {
          kind: 'refused',
          code: 'PAYOUT_E_CONFLICT',
          message: `the payout moved from ${proposal.payoutStatusAtProposal} to ${p.payout.status} since the proposal; reject it and propose again on the current state`,
          before: { ...before, payout: payoutBefore },
        };
      }
      // The rule is evaluated again on the payout as it is now (an attempt may have moved).
      const d = decideForceResolve(toPayoutView(p), requestOf(proposal));
      if (!d.ok) return { kind: 'refused', code: d.code, message: d.message, before: { ...before, payout: payoutBefore } };
      const decided = await decideProposal(tx, {
        id: proposalId,
        status: 'approved',
        decidedBy: ctx.who.actor,
        decidedRole: ctx.who.role,
        decidedAt: now,
        decisionReason: reason || null,
        requestId: ctx.requestId,
      });
      if (decided === undefined)
        return {
          kind: 'refused',
          code: 'PAYOUT_E_OPS_PROPOSAL_CLOSED',
          message: 'someone decided this proposal first, or it just expired; reload it',
          before,
        };
      const postingIds = await applyResolution(deps, tx, ctx, p, decided, d.attempt, now);
      const version = p.payout.version + 1;
      await appendAuditEntries(tx, [
        auditEntry(ctx, action, target, 'applied', {
          reason: reason || null,
          before: { ...before, payout: payoutBefore },
          after: { proposal: { status: 'approved' }, payout: { status: proposal.targetStatus, version }, ledgerPostingIds: postingIds },
        }),
        auditEntry(ctx, action, `payout:${p.payout.id}`, 'applied', {
          reason: proposal.reason,
          before: payoutBefore,
          after: { status: proposal.targetStatus, version, proposalId, proposedBy: proposal.proposedBy, approvedBy: ctx.who.actor },
        }),
      ]);
      return {
        kind: 'applied',
        result: {
          proposal: view(decided, now),
          payout: { id: p.payout.id, status: proposal.targetStatus, version },
          ledgerPostingIds: postingIds,
        },
      };
    });
    if (r.kind === 'refused') return refuse(r.code, r.message, r.before);
    return okOutcome(r.result);
  } catch (err) {
    if (isPayoutError(err) && err.code === 'PAYOUT_E_CONFLICT')
      return refuse('PAYOUT_E_CONFLICT', 'the payout or its attempt changed while approving; reload it and decide again', before);
    // The database's own maker-checker CHECK: should be unreachable past the policy above.
    if (sqlState(err) === '23514') return refuse('PAYOUT_E_OPS_SELF_APPROVAL', 'the database refused the approval (maker-checker)', before);
    if (isUniqueViolation(err))
      return refuse('PAYOUT_E_CONFLICT', 'a concurrent change conflicts with this approval; reload and decide again', before);
    // E.g. the ledger refusing a fact that contradicts what it booked: nothing was applied.
    if (isPayoutError(err) && err.httpStatus < 500) return refuse(err.code, `refused while applying: ${err.message}`, before);
    throw err;
  }
}

/** The guarded writes of an approved force-resolve (the lifecycle's forceResolve transition); returns the ledger posting ids. */
async function applyResolution(
  deps: OpsDeps,
  tx: Db,
  ctx: OpsRequestContext,
  p: OpsPayoutRecord,
  proposal: ProposalRecord,
  resolution: AttemptResolution,
  now: Date,
): Promise<readonly string[]> {
  const approval: ForceResolveApproval = {
    target: proposal.targetStatus,
    proposalId: proposal.id,
    proposedBy: proposal.proposedBy,
    approvedBy: ctx.who.actor,
    reason: proposal.reason,
    evidence: proposal.evidence,
    overrideReason: proposal.overrideReason,
    requestId: ctx.requestId,
  };
  const t = forceResolve(p, approval, resolution?.attemptId, now);
  await writeLifecycleBatch(tx, batchOf(opsActorName(ctx.who), [t]));
  // The ledger books money on the account of the channel the attempt went through (one rule for every writer).
  if (deps.ledger === undefined || t.ledger === undefined) return [];
  const posted = await deps.ledger.post(tx, t.ledger);
  return posted.postingIds;
}

/** Proposals, newest first, with their effective status; optionally for one payout or in one status. */
export async function listForceResolveProposals(
  deps: OpsDeps,
  q: { readonly payoutId?: string | undefined; readonly status?: ProposalStatusValue | undefined; readonly limit: number },
): Promise<ProposalView[]> {
  const now = deps.clock();
  if (q.payoutId !== undefined && !isPayoutId(q.payoutId)) return [];
  // A pending proposal past expiry is stored as pending until someone touches it; filter on the effective status.
  const rows = await listProposals(deps.db, {
    payoutId: q.payoutId,
    status: q.status === 'expired' ? undefined : q.status,
    limit: q.status === undefined ? q.limit : q.limit * 4,
  });
  return rows
    .map((p) => view(p, now))
    .filter((p) => q.status === undefined || p.status === q.status)
    .slice(0, q.limit);
}

export async function getForceResolveProposal(deps: OpsDeps, id: string): Promise<ProposalView | undefined> {
  if (!isPayoutId(id)) return undefined;
  const p = await getProposal(deps.db, id);
  return p === undefined ? undefined : view(p, deps.clock());
}
