import { describe, expect, it } from 'vitest';
import type { AttemptState } from '@payout/domain';
import { decideNewAttempt } from '../attempts/new-attempt.decision.ts';
import {
  failUnsentAtClosedBank,
  holdForFunds,
  NOT_FOUND_REASON,
  refuseNewAttempt,
  refuseUnroutable,
  resendUnsent,
  resumeStatusQueries,
  sendNewAttempt,
  waitForBreaker,
} from './submit.ts';

const NOW = new Date('2026-11-20T02:00:00Z');
const POLL_AT = new Date('2026-11-20T02:00:40Z');
const accepted = { id: 'p1', status: 'accepted', version: 2 } as const;
const processing = { id: 'p1', status: 'processing', version: 3 } as const;
const unsent = { id: 'a1', attemptNo: 1, channelId: 'cn-a', endToEndId: 'E1', state: 'sending' } as const;

function allowed() {
  const d = decideNewAttempt([]);
  if (!d.allowed) throw new Error('the first attempt is always allowed');
  return d;
}

describe('submit transitions', () => {
  it('a new attempt: the attempt row in sending, processing with one notified event, a status query due after the deadline', () => {
    const t = sendNewAttempt(accepted, allowed(), {
      attemptId: 'a1',
      attemptNo: 1,
      channelId: 'cn-a',
      endToEndId: 'E1',
      now: NOW,
      pollAt: POLL_AT,
    });
    expect(t.insert).toMatchObject({ id: 'a1', payoutId: 'p1', attemptNo: 1, channelId: 'cn-a', endToEndId: 'E1', sentAt: NOW });
    expect(t.payout).toEqual({
      payoutId: 'p1',
      expectedStatus: 'accepted',
      expectedVersion: 2,
      status: 'processing',
      statusReason: 'attempt #1 sent to cn-a',
      nextAction: 'poll',
      nextActionAt: POLL_AT,
      attemptCountDelta: 1,
      events: [
        {
          type: 'payout.processing',
          fromStatus: 'accepted',
          toStatus: 'processing',
          data: { attemptNo: 1, channelId: 'cn-a', endToEndId: 'E1' },
          notify: true,
        },
      ],
    });
  });

  it('a new attempt cannot be built for a payout already processing', () => {
    expect(() =>
      sendNewAttempt(processing, allowed(), {
        attemptId: 'a2',
        attemptNo: 2,
        channelId: 'cn-a',
        endToEndId: 'E2',
        now: NOW,
        pollAt: POLL_AT,
      }),
    ).toThrow(expect.objectContaining({ code: 'PAYOUT_E_INVALID_TRANSITION' }));
  });

  it('resends only an attempt that never left sending, as the same attempt with an internal event', () => {
    const t = resendUnsent(processing, unsent, { now: NOW, pollAt: POLL_AT });
    expect(t.attempt).toMatchObject({ attemptId: 'a1', expectedState: 'sending', state: 'sending', sentAt: NOW, pollCountDelta: 0 });
    expect(t.payout).toMatchObject({
      status: 'processing',
      nextAction: 'poll',
      nextActionAt: POLL_AT,
      statusReason: 'attempt #1 sent again to cn-a (it never reached the bank)',
    });
    expect(t.payout.events).toEqual([
      {
        type: 'attempt.resent',
        fromStatus: 'processing',
        toStatus: 'processing',
        data: { attemptNo: 1, channelId: 'cn-a', endToEndId: 'E1' },
        notify: false,
      },
    ]);
    for (const state of ['unknown', 'accepted', 'pending'] as AttemptState[]) {
      const live = { ...unsent, state } as unknown as typeof unsent;
      expect(() => resendUnsent(processing, live, { now: NOW, pollAt: POLL_AT })).toThrow(
        expect.objectContaining({ code: 'PAYOUT_E_INVALID_TRANSITION' }),
      );
      expect(() => failUnsentAtClosedBank(processing, live, { earlier: [], now: NOW })).toThrow(
        expect.objectContaining({ code: 'PAYOUT_E_INVALID_TRANSITION' }),
      );
    }
  });

  it('an unsent attempt whose bank closed fails as never sent (NOOR) and the payout is routed again', () => {
    const t = failUnsentAtClosedBank(processing, unsent, { earlier: [], maxAttempts: 3, now: NOW });
    expect(t.attempt).toMatchObject({ state: 'failed', reasonCode: NOT_FOUND_REASON, answeredAt: NOW });
    expect(t.status).toBe('accepted');
    expect(t.payout).toMatchObject({ nextAction: 'submit', nextActionAt: NOW });
    expect(t.payout.events[0]).toMatchObject({
      type: 'payout.accepted',
      notify: true,
      data: { attemptNo: 1, channelId: 'cn-a', endToEndId: 'E1', reasonCode: 'NOOR' },
    });
    expect(t.payout.statusReason).toMatch(/^attempt #1 was never sent: cn-a closed before it went out; /);
  });

  it('waits keep the status and write no event', () => {
    expect(waitForBreaker(processing, unsent, POLL_AT).payout).toMatchObject({
      status: 'processing',
      nextAction: 'submit',
      nextActionAt: POLL_AT,
      events: [],
    });
    expect(resumeStatusQueries(processing, NOW).payout).toMatchObject({
      status: 'processing',
      statusReason: 'resuming status queries',
      nextAction: 'poll',
      events: [],
    });
  });

  it('held for funds says payout.held once, with the shortfall', () => {
    const h = { reason: 'cn-main covers 10', shortfallMinor: 90n, currency: 'CNY', retryAt: POLL_AT };
    expect(holdForFunds(accepted, h).payout.events).toEqual([
      {
        type: 'payout.held',
        fromStatus: 'accepted',
        toStatus: 'held',
        notify: true,
        data: { reason: 'insufficient_funds', shortfallMinor: '90', fundsExpectedAt: POLL_AT.toISOString() },
      },
    ]);
    expect(holdForFunds({ ...accepted, status: 'held' }, h).payout).toMatchObject({
      status: 'held',
      events: [],
      statusReason: expect.stringMatching(/short by 90 minor units of CNY/),
    });
  });

  it('unroutable: rejected before any attempt, failed after one', () => {
    expect(refuseUnroutable(accepted, 0, 'no channel').status).toBe('rejected');
    expect(refuseUnroutable(accepted, 1, 'no channel').status).toBe('failed');
    expect(refuseUnroutable({ ...accepted, status: 'held' }, 0, 'no channel').status).toBe('failed');
  });

  it('a refused new attempt: failed for data errors, a person for anything else', () => {
    const refuse = (reasonCode: string) => {
      const facts = [{ state: 'failed' as const, reasonCode }];
      const d = decideNewAttempt(facts);
      if (d.allowed) throw new Error(`${reasonCode} should refuse`);
      return refuseNewAttempt(accepted, d, facts);
    };
    expect(refuse('AC01').payout).toMatchObject({
      status: 'failed',
      nextAction: null,
      events: [
        expect.objectContaining({ type: 'payout.failed', data: expect.objectContaining({ code: 'PAYOUT_E_REASON_FORBIDS_RETRY' }) }),
      ],
    });
    expect(refuse('AM05').status).toBe('manual_review');
  });
});
