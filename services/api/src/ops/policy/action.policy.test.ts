import { describe, expect, it } from 'vitest';
import { decideCancel, decideRepoll, decideRetry } from './action.policy.ts';
import type { OpsAttemptView, OpsPayoutView } from './ops-payout-view.ts';

const payout = (status: OpsPayoutView['status'], attempts: Omit<OpsAttemptView, 'id'>[] = []): OpsPayoutView => ({
  id: 'p1',
  status,
  version: 3,
  attempts: attempts.map((a, i) => ({ id: `a${i + 1}`, ...a })),
});

describe('decideRetry — the no-double-payout rule decides', () => {
  it('refuses when the last attempt is unknown, with the domain code', () => {
    const d = decideRetry(payout('manual_review', [{ state: 'failed', reasonCode: 'AB05' }, { state: 'unknown' }]));
    expect(d).toMatchObject({ ok: false, code: 'PAYOUT_E_ATTEMPT_LIVE' });
  });

  it('refuses a data-error failure and a missing reason', () => {
    expect(decideRetry(payout('manual_review', [{ state: 'failed', reasonCode: 'AC01' }]))).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_REASON_FORBIDS_RETRY',
    });
    expect(decideRetry(payout('manual_review', [{ state: 'failed' }]))).toMatchObject({ ok: false, code: 'PAYOUT_E_REASON_FORBIDS_RETRY' });
  });

  it('refuses after success and at the attempt limit', () => {
    expect(decideRetry(payout('manual_review', [{ state: 'succeeded' }]))).toMatchObject({ ok: false, code: 'PAYOUT_E_ALREADY_SUCCEEDED' });
    const three = [
      { state: 'failed', reasonCode: 'AB05' },
      { state: 'failed', reasonCode: 'AB05' },
      { state: 'failed', reasonCode: 'AB05' },
    ] as const;
    expect(decideRetry(payout('manual_review', [...three]))).toMatchObject({ ok: false, code: 'PAYOUT_E_RETRY_LIMIT' });
  });

  it('allows a definitively failed attempt whose reason permits it, moving the payout to accepted', () => {
    expect(decideRetry(payout('manual_review', [{ state: 'failed', reasonCode: 'AB05' }]))).toEqual({ ok: true, to: 'accepted' });
  });

  it('refuses a final payout even when the rule would allow an attempt', () => {
    expect(decideRetry(payout('failed', [{ state: 'failed', reasonCode: 'AB05' }]))).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_INVALID_TRANSITION',
    });
  });
});

describe('decideCancel — only before any attempt was sent', () => {
  it('cancels an accepted or held payout with no attempt', () => {
    expect(decideCancel(payout('accepted'))).toEqual({ ok: true, to: 'cancelled' });
    expect(decideCancel(payout('held'))).toEqual({ ok: true, to: 'cancelled' });
  });

  it('refuses once any attempt exists, even a failed one', () => {
    expect(decideCancel(payout('accepted', [{ state: 'failed', reasonCode: 'AB05' }]))).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_OPS_ALREADY_SENT',
    });
    expect(decideCancel(payout('processing', [{ state: 'sending' }]))).toMatchObject({ ok: false, code: 'PAYOUT_E_OPS_ALREADY_SENT' });
  });

  it('refuses a final payout', () => {
    expect(decideCancel(payout('cancelled'))).toMatchObject({ ok: false, code: 'PAYOUT_E_INVALID_TRANSITION' });
  });
});

describe('decideRepoll', () => {
  it('names the live attempt', () => {
    expect(decideRepoll(payout('processing', [{ state: 'failed', reasonCode: 'AB05' }, { state: 'unknown' }]))).toEqual({
      ok: true,
      attemptId: 'a2',
    });
    expect(decideRepoll(payout('awaiting_verification', [{ state: 'pending' }]))).toEqual({ ok: true, attemptId: 'a1' });
  });

  it('leaves an attempt being submitted to the submit path', () => {
    expect(decideRepoll({ ...payout('processing', [{ state: 'sending' }]), nextAction: 'submit' })).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_CONFLICT',
    });
    expect(decideRepoll({ ...payout('processing', [{ state: 'sending' }]), nextAction: 'poll' })).toEqual({ ok: true, attemptId: 'a1' });
  });

  it('refuses when nothing awaits a bank answer', () => {
    expect(decideRepoll(payout('accepted'))).toMatchObject({ ok: false, code: 'PAYOUT_E_OPS_NOTHING_TO_POLL' });
    expect(decideRepoll(payout('succeeded', [{ state: 'succeeded' }]))).toMatchObject({ ok: false, code: 'PAYOUT_E_OPS_NOTHING_TO_POLL' });
    expect(decideRepoll(payout('failed', [{ state: 'failed', reasonCode: 'AC01' }]))).toMatchObject({
      ok: false,
      code: 'PAYOUT_E_OPS_NOTHING_TO_POLL',
    });
  });
});
