import { refuse, type OpsDecision } from './ops-decision.ts';
import { roleMayPerform, type OpsRole } from './ops-role.ts';

export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'expired'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** The parts of a proposal the maker-checker rule looks at. */
export interface ProposalView {
  readonly id: string;
  readonly status: ProposalStatus;
  readonly proposedBy: string;
  readonly expiresAt: Date;
}

export interface Decider {
  readonly actor: string;
  readonly role: OpsRole;
}

export type ProposalVerdict = 'approve' | 'reject' | 'withdraw';

/** Default lifetime of a proposal; an approval after it is refused. */
export const DEFAULT_PROPOSAL_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The maker-checker rule. Approve: an approver who is not the proposer, before expiry (the
 * proposer is refused as such, whatever their role).
 * Reject: an approver (any, including the proposer — refusing one's own proposal is harmless).
 * Withdraw: only the proposer. All three only while the proposal is pending. The database
 * repeats the first check (a CHECK constraint: decided_by <> proposed_by on approval) so a bug
 * here cannot let one person move money alone.
 */
export function decideOnProposal(p: ProposalView, who: Decider, verdict: ProposalVerdict, now: Date): OpsDecision {
  switch (verdict) {
    case 'approve':
      // Maker-checker first: it is the rule that matters whatever role the proposer holds.
      if (who.actor === p.proposedBy) {
        return refuse(
          'PAYOUT_E_OPS_SELF_APPROVAL',
          `${who.actor} proposed this force-resolve and cannot approve it; a second person with the approver role must`,
        );
      }
      if (!roleMayPerform(who.role, 'approve_proposal')) {
        return refuse('PAYOUT_E_FORBIDDEN', `role ${who.role} cannot approve proposals; an approver must`);
      }
      break;
    case 'reject':
      if (!roleMayPerform(who.role, 'reject_proposal')) {
        return refuse('PAYOUT_E_FORBIDDEN', `role ${who.role} cannot reject proposals; an approver must (the proposer may withdraw)`);
      }
      break;
    case 'withdraw':
      if (who.actor !== p.proposedBy) {
        return refuse('PAYOUT_E_FORBIDDEN', `only the proposer (${p.proposedBy}) can withdraw this proposal`);
      }
      break;
  }
  if (p.status !== 'pending') return refuse('PAYOUT_E_OPS_PROPOSAL_CLOSED', `the proposal is already ${p.status}`);
  if (verdict === 'approve' && now.getTime() >= p.expiresAt.getTime()) {
    return refuse(
      'PAYOUT_E_OPS_PROPOSAL_EXPIRED',
      `the proposal expired at ${p.expiresAt.toISOString()}; propose again with current evidence`,
    );
  }
  return { ok: true };
}

/** The status a pending proposal shows once its time is up (it is never approvable again). */
export function effectiveProposalStatus(p: Pick<ProposalView, 'status' | 'expiresAt'>, now: Date): ProposalStatus {
  return p.status === 'pending' && now.getTime() >= p.expiresAt.getTime() ? 'expired' : p.status;
}
