import { describe, expect, it } from 'vitest';
import {
  forceResolve,
  opsCancel,
  opsRepoll,
  opsRetry,
  type ForceResolveApproval,
  type OpsAttempt,
  type OpsPayout,
  type OpsRequest,
} from './ops.ts';

const now = new Date('2026-09-30T02:00:00Z');
const request: OpsRequest = { actor: 'ops:alice', role: 'operator', reason: 'bank says retry', requestId: 'req-1' };
const ops = (action: string) => ({
  action: `ops.${action}`,
  by: 'ops:alice',
  role: 'operator',
  reason: 'bank says retry',
  requestId: 'req-1',
});
const payout = (status: OpsPayout['status']): OpsPayout => ({ id: 'p1', status, version: 3, statusReason: 'earlier reason' });
const attempt: OpsAttempt = { id: 'a1', attemptNo: 2, channelId: 'cn-a', endToEndId: 'E2E2', state: 'unknown' };

describe('ops transitions', () => {
  it('re-poll of a processing payout: same status and reason, poll now, a timeline note only', () => {
    const t = opsRepoll(payout('processing'), attempt, request, now);
    expect(t.payout).toMatchObject({
      expectedStatus: 'processing',
      expectedVersion: 3,
      status: 'processing',
      statusReason: 'earlier reason',
      nextAction: 'poll',
      nextActionAt: now,
    });
    expect(t.payout.events).toEqual([
      {
        type: 'ops.repoll_requested',
        fromStatus: null,
        toStatus: null,
        data: { ...ops('repoll'), attemptNo: 2, channelId: 'cn-a', endToEndId: 'E2E2' },
        notify: false,
      },
    ]);
  });

  it('re-poll of a payout awaiting verification: back to processing, upstream told', () => {
    const t = opsRepoll(payout('awaiting_verification'), attempt, { ...request, bulk: 'bulk-1' }, now);
    expect(t.payout).toMatchObject({
      status: 'processing',
      statusReason: 'repoll by ops:alice: bank says retry',
      nextAction: 'poll',
      nextActionAt: now,
    });
    expect(t.payout.events).toEqual([
      {
        type: 'payout.processing',
        fromStatus: 'awaiting_verification',
        toStatus: 'processing',
        data: { ...ops('repoll'), attemptNo: 2, channelId: 'cn-a', endToEndId: 'E2E2', bulk: 'bulk-1' },
        notify: true,
      },
    ]);
  });

  it('retry: accepted, due for submission now; cancel: final', () => {
    const retry = opsRetry(payout('manual_review'), 2, request, now);
    expect(retry.payout).toMatchObject({
      status: 'accepted',
      statusReason: 'retry by ops:alice: bank says retry',
      nextAction: 'submit',
      nextActionAt: now,
    });
    expect(retry.payout.events).toEqual([
      { type: 'payout.accepted', fromStatus: 'manual_review', toStatus: 'accepted', data: { ...ops('retry'), attempts: 2 }, notify: true },
    ]);
    const cancel = opsCancel(payout('held'), request);
    expect(cancel.payout).toMatchObject({
      status: 'cancelled',
      statusReason: 'cancel by ops:alice: bank says retry',
      nextAction: null,
      nextActionAt: null,
    });
    expect(cancel.payout.events).toEqual([
      { type: 'payout.cancelled', fromStatus: 'held', toStatus: 'cancelled', data: ops('cancel'), notify: true },
    ]);
  });

  it('refuses what the transition table refuses', () => {
    expect(() => opsCancel(payout('processing'), request)).toThrow(expect.objectContaining({ code: 'PAYOUT_E_INVALID_TRANSITION' }));
    expect(() => opsRetry(payout('succeeded'), 1, request, now)).toThrow(expect.objectContaining({ code: 'PAYOUT_E_INVALID_TRANSITION' }));
  });
});

describe('forceResolve', () => {
  const approval: ForceResolveApproval = {
    target: 'succeeded',
    proposalId: 'prop-1',
    proposedBy: 'ops:alice',
    approvedBy: 'ops:bob',
    reason: 'bank confirmed by phone',
    evidence: [{ kind: 'bank_reference', reference: 'REF9' }],
    overrideReason: null,
    requestId: 'req-2',
  };
  const fr = {
    action: 'ops.force_resolve',
    proposalId: 'prop-1',
    proposedBy: 'ops:alice',
    approvedBy: 'ops:bob',
    reason: 'bank confirmed by phone',
    evidence: approval.evidence,
    requestId: 'req-2',
  };
  const p = { payout: { id: 'p1', status: 'manual_review' as const, version: 5, amountMinor: 700n, currency: 'CNY' }, attempts: [attempt] };

  it('settles the live attempt and the payout, and books the attempt as succeeded', () => {
    const t = forceResolve(p, approval, 'a1', now);
    expect(t.attempt).toMatchObject({
      attemptId: 'a1',
      expectedState: 'unknown',
      state: 'succeeded',
      statusCode: 'OPS_FORCE_RESOLVED',
      answeredAt: now,
      pollCountDelta: 0,
    });
    expect(t.payout).toMatchObject({
      status: 'succeeded',
      statusReason: 'force-resolved to succeeded by ops:alice, approved by ops:bob: bank confirmed by phone',
      nextAction: null,
    });
    expect(t.payout.events).toEqual([
      {
        type: 'attempt.succeeded',
        fromStatus: 'manual_review',
        toStatus: 'manual_review',
        data: { attemptNo: 2, channelId: 'cn-a', endToEndId: 'E2E2', from: 'unknown', ...fr },
        notify: false,
      },
      { type: 'payout.succeeded', fromStatus: 'manual_review', toStatus: 'succeeded', data: fr, notify: true },
    ]);
    expect(t.ledger).toEqual({
      type: 'attempt_succeeded',
      payoutId: 'p1',
      attempt: 2,
      fundingAccountId: 'cn-a',
      amount: { amountMinor: 700n, currency: 'CNY' },
      at: now,
    });
  });

  it('forcing failed with an override releases the attempt; with nothing live and nothing succeeded nothing is booked', () => {
    const failed = forceResolve(p, { ...approval, target: 'failed', overrideReason: 'the bank lost the file, confirmed twice' }, 'a1', now);
    expect(failed.payout.events[1]).toMatchObject({
      type: 'payout.failed',
      data: { overrideReason: 'the bank lost the file, confirmed twice' },
    });
    expect(failed.ledger?.type).toBe('attempt_failed');
    const none = forceResolve({ ...p, attempts: [{ ...attempt, state: 'failed' }] }, { ...approval, target: 'failed' }, undefined, now);
    expect(none.attempt).toBeUndefined();
    expect(none.payout.events.map((e) => e.type)).toEqual(['payout.failed']);
    expect(none.ledger).toBeUndefined();
  });

  it('forcing succeeded on an attempt that already succeeded books that attempt again (the ledger keeps it once)', () => {
    const t = forceResolve({ ...p, attempts: [{ ...attempt, state: 'succeeded' }] }, approval, undefined, now);
    expect(t.attempt).toBeUndefined();
    expect(t.ledger).toMatchObject({ type: 'attempt_succeeded', attempt: 2 });
  });
});
