import fc from 'fast-check';
import { ATTEMPT_STATES, PAYOUT_STATUSES } from '@payout/domain';
import { transitionPayout } from '@payout/lifecycle';
import { describe, expect, it } from 'vitest';
import type { ForceResolveEvidence } from './force-resolve-evidence.ts';
import { decideForceResolve, type ForceResolveRequest } from './force-resolve.policy.ts';
import type { OpsAttemptView, OpsPayoutView } from './ops-payout-view.ts';

const payout = (status: OpsPayoutView['status'], attempts: Omit<OpsAttemptView, 'id'>[] = []): OpsPayoutView => ({
  id: 'p1',
  status,
  version: 1,
  attempts: attempts.map((a, i) => ({ id: `a${i + 1}`, ...a })),
});
const ref: ForceResolveEvidence = { kind: 'bank_reference', reference: 'BANKREF-1' };
const line: ForceResolveEvidence = { kind: 'statement_line', lineId: 'l-1', reference: 'E2E-1' };
const req = (r: Partial<ForceResolveRequest> & Pick<ForceResolveRequest, 'target'>): ForceResolveRequest => ({
  reason: 'seen on the statement',
  evidence: [ref],
  ...r,
});

describe('decideForceResolve', () => {
  it('forces an unknown attempt to succeeded with evidence and settles that attempt', () => {
    const d = decideForceResolve(
      payout('manual_review', [{ state: 'failed', reasonCode: 'AB05' }, { state: 'unknown' }]),
      req({ target: 'succeeded' }),
    );
    expect(d).toEqual({ ok: true, attempt: { attemptId: 'a2', to: 'succeeded' } });
  });

  it('needs a reason and evidence', () => {
    expect(decideForceResolve(payout('manual_review', [{ state: 'unknown' }]), req({ target: 'succeeded', reason: '  ' }))).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_VALIDATION',
    });
    expect(decideForceResolve(payout('manual_review', [{ state: 'unknown' }]), req({ target: 'succeeded', evidence: [] }))).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_OPS_EVIDENCE_REQUIRED',
    });
  });

  it('refuses succeeded when nothing can have executed', () => {
    expect(
      decideForceResolve(payout('manual_review', [{ state: 'failed', reasonCode: 'AC01' }]), req({ target: 'succeeded' })),
    ).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_OPS_EVIDENCE_REQUIRED',
    });
  });

  it('forcing failed while the bank may have executed needs statement evidence or an override reason', () => {
    const p = payout('awaiting_verification', [{ state: 'unknown' }]);
    expect(decideForceResolve(p, req({ target: 'failed' }))).toMatchObject({ ok: false, code: 'PAYOUT_E_OPS_EVIDENCE_REQUIRED' });
    expect(decideForceResolve(p, req({ target: 'failed', overrideReason: 'too short' }))).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_OPS_EVIDENCE_REQUIRED',
    });
    expect(decideForceResolve(p, req({ target: 'failed', overrideReason: 'bank confirmed by phone, ticket 4711, not executed' }))).toEqual({
      ok: true,
      attempt: { attemptId: 'a1', to: 'failed' },
    });
    expect(decideForceResolve(p, req({ target: 'failed', evidence: [line] }))).toEqual({
      ok: true,
      attempt: { attemptId: 'a1', to: 'failed' },
    });
  });

  it('forcing failed when every attempt definitively failed needs no statement', () => {
    expect(decideForceResolve(payout('manual_review', [{ state: 'failed', reasonCode: 'AM05' }]), req({ target: 'failed' }))).toEqual({
      ok: true,
      attempt: undefined,
    });
  });

  it('never forces a payout with a succeeded attempt to failed', () => {
    expect(
      decideForceResolve(payout('manual_review', [{ state: 'succeeded' }]), req({ target: 'failed', evidence: [line] })),
    ).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_ALREADY_SUCCEEDED',
    });
  });

  it('property: an allowed resolution is always a permitted transition and never fails an executed attempt', () => {
    const attempt = fc.record({
      state: fc.constantFrom(...ATTEMPT_STATES),
      reasonCode: fc.option(fc.constantFrom('AB05', 'AC01', 'AM05'), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...PAYOUT_STATUSES),
        fc.array(attempt, { maxLength: 4 }),
        fc.constantFrom('succeeded' as const, 'failed' as const),
        fc.boolean(),
        fc.boolean(),
        (status, attempts, target, statement, override) => {
          const p = payout(status, attempts);
          const d = decideForceResolve(
            p,
            req({ target, evidence: [statement ? line : ref], ...(override ? { overrideReason: 'x'.repeat(30) } : {}) }),
          );
          if (!d.ok) return;
          expect(transitionPayout(status, target).ok).toBe(true);
          if (target === 'failed') expect(attempts.some((a) => a.state === 'succeeded')).toBe(false);
          if (target === 'failed' && attempts.some((a) => a.state !== 'failed')) expect(statement || override).toBe(true);
          if (target === 'succeeded') expect(attempts.some((a) => a.state !== 'failed')).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
