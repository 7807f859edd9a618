import { describe, expect, it } from 'vitest';
import { decideOnProposal, effectiveProposalStatus, type ProposalView } from './proposal.policy.ts';

const now = new Date('2026-03-02T10:00:00Z');
const proposal: ProposalView = { id: 'pr1', status: 'pending', proposedBy: 'alice', expiresAt: new Date('2026-03-02T12:00:00Z') };

describe('maker-checker', () => {
  it('a second approver may approve', () => {
    expect(decideOnProposal(proposal, { actor: 'bob', role: 'approver' }, 'approve', now)).toEqual({ ok: true });
  });

  it('the proposer cannot approve their own proposal, whatever their role', () => {
    expect(decideOnProposal(proposal, { actor: 'alice', role: 'approver' }, 'approve', now)).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_OPS_SELF_APPROVAL',
    });
  });

  it('operators and viewers cannot approve or reject', () => {
    expect(decideOnProposal(proposal, { actor: 'alice', role: 'operator' }, 'approve', now)).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_OPS_SELF_APPROVAL',
    });
    expect(decideOnProposal(proposal, { actor: 'dave', role: 'operator' }, 'approve', now)).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_FORBIDDEN',
    });
    expect(decideOnProposal(proposal, { actor: 'carol', role: 'viewer' }, 'approve', now)).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_FORBIDDEN',
    });
    expect(decideOnProposal(proposal, { actor: 'carol', role: 'operator' }, 'reject', now)).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_FORBIDDEN',
    });
  });

  it('only the proposer withdraws', () => {
    expect(decideOnProposal(proposal, { actor: 'alice', role: 'operator' }, 'withdraw', now)).toEqual({ ok: true });
    expect(decideOnProposal(proposal, { actor: 'bob', role: 'approver' }, 'withdraw', now)).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_FORBIDDEN',
    });
  });

  it('an expired proposal cannot be approved, but can still be rejected or withdrawn', () => {
    const late = new Date('2026-03-02T12:00:00Z');
    expect(decideOnProposal(proposal, { actor: 'bob', role: 'approver' }, 'approve', late)).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_OPS_PROPOSAL_EXPIRED',
    });
    expect(decideOnProposal(proposal, { actor: 'bob', role: 'approver' }, 'reject', late)).toEqual({ ok: true });
    expect(effectiveProposalStatus(proposal, late)).toBe('expired');
    expect(effectiveProposalStatus(proposal, now)).toBe('pending');
  });

  it('a decided proposal cannot be decided again', () => {
    expect(decideOnProposal({ ...proposal, status: 'approved' }, { actor: 'bob', role: 'approver' }, 'approve', now)).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_OPS_PROPOSAL_CLOSED',
    });
  });
});
