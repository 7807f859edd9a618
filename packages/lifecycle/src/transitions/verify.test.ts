import { describe, expect, it } from 'vitest';
import type { PayoutRef } from '../records/lifecycle-records.ts';
import {
  returnedOnStatement,
  verificationDeferred,
  verificationNeedsReview,
  verificationWithoutLiveAttempt,
  verifiedExecuted,
  verifiedNotExecuted,
  type VerifiedAttempt,
} from './verify.ts';

const now = new Date('2026-09-30T02:00:00Z');
const awaiting: PayoutRef = { id: 'p1', status: 'awaiting_verification', version: 4 };
const attempt: VerifiedAttempt = { id: 'a1', attemptNo: 1, channelId: 'cn-a', endToEndId: 'E2E1', state: 'unknown' };
const facts = { attemptNo: 1, channelId: 'cn-a', endToEndId: 'E2E1' };
const line = {
  lineId: 'L1',
  statementRowId: 'S1',
  amountMinor: 500n,
  currency: 'CNY',
  bookingDate: '2026-09-29',
  bankReference: 'REF1',
  endToEndId: 'E2E1',
};

describe('verifiedExecuted', () => {
  it('settles the attempt and the payout on a statement debit, evidence in the event', () => {
    const t = verifiedExecuted(awaiting, attempt, { evidence: line, via: 'end_to_end_id', returned: undefined }, now)!;
    expect(t.status).toBe('succeeded');
    expect(t.attempt).toMatchObject({
      attemptId: 'a1',
      expectedState: 'unknown',
      state: 'succeeded',
      statusCode: 'STMT',
      answeredAt: now,
      pollCountDelta: 0,
    });
    expect(t.payout).toMatchObject({
      payoutId: 'p1',
      expectedStatus: 'awaiting_verification',
      expectedVersion: 4,
      status: 'succeeded',
      nextAction: null,
      nextActionAt: null,
      attemptCountDelta: 0,
    });
    expect(t.payout.statusReason).toBe('statement debit REF1 booked 2026-09-29 (matched by end to end id)');
    expect(t.payout.events).toEqual([
      {
        type: 'payout.succeeded',
        fromStatus: 'awaiting_verification',
        toStatus: 'succeeded',
        data: {
          ...facts,
          attemptState: 'succeeded',
          verifiedBy: 'statement',
          evidence: { line, via: 'end_to_end_id', statementLineId: 'L1' },
        },
        notify: true,
      },
    ]);
  });

  it('goes on to returned when a return credit is in the same statements, and leaves a succeeded attempt alone', () => {
    const t = verifiedExecuted(
      { ...awaiting, status: 'manual_review' },
      { ...attempt, state: 'succeeded' },
      { evidence: line, via: 'return', returned: { line, code: undefined } },
      now,
    )!;
    expect(t.status).toBe('returned');
    expect(t.attempt).toBeUndefined();
    expect(t.payout.statusReason).toBe('returned (no reason given) after statement debit REF1 booked 2026-09-29 (matched by return)');
    expect(t.payout.events.map((e) => [e.type, e.fromStatus, e.toStatus, e.notify])).toEqual([
      ['payout.succeeded', 'manual_review', 'succeeded', true],
      ['payout.returned', 'succeeded', 'returned', true],
    ]);
    expect(t.payout.events[1]!.data).toEqual({ ...facts, returnReason: null, returnLine: line });
  });

  it('is undefined for an attempt that can no longer succeed (stale)', () => {
    expect(
      verifiedExecuted(awaiting, { ...attempt, state: 'failed' }, { evidence: line, via: 'fallback', returned: undefined }, now),
    ).toBeUndefined();
  });
});

describe('verifiedNotExecuted', () => {
  it('without a bank reason: the attempt and the payout fail for good, saying whether the rule would allow a new attempt', () => {
    const t = verifiedNotExecuted(
      awaiting,
      attempt,
      [{ id: 'a1', state: 'unknown', reasonCode: null }],
      { reasonCode: undefined, detail: 'no debit' },
      now,
    )!;
    expect(t.status).toBe('failed');
    expect(t.attempt).toMatchObject({ state: 'failed', statusCode: 'STMT', reasonCode: undefined, answeredAt: now });
    expect(t.payout).toMatchObject({
      status: 'failed',
      statusReason: 'verified not executed: no debit',
      nextAction: null,
      nextActionAt: null,
    });
    expect(t.payout.events).toEqual([
      {
        type: 'attempt.failed',
        fromStatus: 'awaiting_verification',
        toStatus: 'awaiting_verification',
        data: { ...facts, reasonCode: null, detail: 'no debit' },
        notify: false,
      },
      {
        type: 'payout.failed',
        fromStatus: 'awaiting_verification',
        toStatus: 'failed',
        data: { ...facts, reason: 'verified not executed: no debit', verifiedBy: 'statement', newAttemptAllowed: true },
        notify: true,
      },
    ]);
  });

  it('with a reason that permits a new attempt: back to accepted, due for submission now', () => {
    const t = verifiedNotExecuted(awaiting, attempt, [{ id: 'a1', state: 'unknown' }], { reasonCode: 'AB05', detail: 'no debit' }, now)!;
    expect(t.status).toBe('accepted');
    expect(t.payout).toMatchObject({
      status: 'accepted',
      statusReason: 'verified not executed (AB05): no debit; retry allowed',
      nextAction: 'submit',
      nextActionAt: now,
    });
    expect(t.payout.events[1]).toMatchObject({
      type: 'payout.accepted',
      data: { retryAt: now.toISOString(), verifiedBy: 'statement' },
      notify: true,
    });
  });

  it('with a data error: failed without a retry time', () => {
    const t = verifiedNotExecuted(awaiting, attempt, [{ id: 'a1', state: 'unknown' }], { reasonCode: 'AC01', detail: 'no debit' }, now)!;
    expect(t.status).toBe('failed');
    expect(t.payout.nextAction).toBeNull();
    expect(t.payout.events[1]!.data).not.toHaveProperty('retryAt');
  });

  it('is undefined for an attempt that can no longer fail (stale)', () => {
    expect(
      verifiedNotExecuted(awaiting, { ...attempt, state: 'succeeded' }, [], { reasonCode: undefined, detail: 'x' }, now),
    ).toBeUndefined();
  });
});

describe('manual review, deferral, returns', () => {
  it('sends an undecidable attempt to a person with the candidates', () => {
    const t = verificationNeedsReview(awaiting, attempt, {
      reason: '2 debits could be it',
      candidates: [line],
      competingAttemptIds: ['a9'],
    });
    expect(t.payout).toMatchObject({ status: 'manual_review', statusReason: 'verification: 2 debits could be it', nextAction: null });
    expect(t.payout.events).toEqual([
      {
        type: 'payout.manual_review',
        fromStatus: 'awaiting_verification',
        toStatus: 'manual_review',
        data: { ...facts, reason: 'verification: 2 debits could be it', candidates: [line], competingAttemptIds: ['a9'] },
        notify: true,
      },
    ]);
  });

  it('defers in place, internally, and names a calendar gap the due date fell into', () => {
    const at = new Date('2026-10-01T10:00:00Z');
    const plain = verificationDeferred(awaiting, attempt, { reason: 'statement not out', at, waitingFor: '2026-09-30' });
    expect(plain.payout).toMatchObject({
      status: 'awaiting_verification',
      statusReason: `verification waiting: statement not out; next check ${at.toISOString()}`,
      nextAction: 'verify',
      nextActionAt: at,
    });
    expect(plain.payout.events).toEqual([
      {
        type: 'verification.deferred',
        fromStatus: 'awaiting_verification',
        toStatus: 'awaiting_verification',
        data: { ...facts, reason: 'statement not out', nextCheckAt: at.toISOString() },
        notify: false,
      },
    ]);
    const gap = verificationDeferred(awaiting, attempt, {
      reason: 'statement not out',
      at,
      waitingFor: '2027-01-04',
      gap: { calendar: 'CN', year: 2027 },
    });
    expect(gap.payout.statusReason).toBe(
      `PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; the statement of 2027-01-04 has no known due date yet; verification waiting: statement not out; next check ${at.toISOString()}`,
    );
    expect(gap.payout.events[0]!.data).toMatchObject({ code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027 });
  });

  it('sends a payout awaiting verification without a live attempt to a person', () => {
    const t = verificationWithoutLiveAttempt(awaiting);
    const reason = 'verification: awaiting verification without a live attempt at this bank';
    expect(t.payout).toMatchObject({ status: 'manual_review', statusReason: reason });
    expect(t.payout.events).toEqual([
      { type: 'payout.manual_review', fromStatus: 'awaiting_verification', toStatus: 'manual_review', data: { reason }, notify: true },
    ]);
  });

  it('returns a succeeded payout on a return credit; refuses to return one that has not succeeded', () => {
    const t = returnedOnStatement({ id: 'p1', status: 'succeeded', version: 9 }, { attemptId: 'a1', code: 'AC04', line });
    expect(t.payout).toMatchObject({
      expectedStatus: 'succeeded',
      status: 'returned',
      statusReason: 'returned by the bank (AC04) on 2026-09-29, statement line L1',
    });
    expect(t.payout.events).toEqual([
      {
        type: 'payout.returned',
        fromStatus: 'succeeded',
        toStatus: 'returned',
        data: {
          attemptId: 'a1',
          returnReason: 'AC04',
          returnLine: { lineId: 'L1', amountMinor: 500n, bookingDate: '2026-09-29', bankReference: 'REF1' },
        },
        notify: true,
      },
    ]);
    expect(() => returnedOnStatement(awaiting, { attemptId: 'a1', code: 'AC04', line })).toThrow(
      expect.objectContaining({ code: 'PAYOUT_E_INVALID_TRANSITION' }),
    );
  });
});
