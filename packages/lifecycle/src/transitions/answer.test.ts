import { describe, expect, it } from 'vitest';
import { applyAnswer } from './answer.ts';

const payout = { id: 'p1', status: 'processing', version: 4 } as const;
const attempt = { id: 'a1', attemptNo: 2, channelId: 'cn-a', endToEndId: 'E1', state: 'pending' } as const;
const AT = new Date('2026-11-20T02:00:00Z');

describe('applyAnswer', () => {
  it('a poll with no news bumps the poll count, keeps the status, writes no event', () => {
    const w = applyAnswer(payout, attempt, { attempt: { countPoll: true }, payout: { kind: 'poll', at: AT } }, AT);
    expect(w?.attempt).toMatchObject({ attemptId: 'a1', expectedState: 'pending', state: 'pending', pollCountDelta: 1 });
    expect(w?.payout).toMatchObject({
      expectedStatus: 'processing',
      expectedVersion: 4,
      status: 'processing',
      nextAction: 'poll',
      nextActionAt: AT,
      events: [],
    });
  });

  it('success writes one notified status event carrying the attempt', () => {
    const w = applyAnswer(
      payout,
      attempt,
      { attempt: { to: 'succeeded', bankStatus: 'ACSC', bankReference: 'R9', countPoll: true }, payout: { kind: 'succeeded' } },
      AT,
    );
    expect(w?.status).toBe('succeeded');
    expect(w?.payout.nextAction).toBeNull();
    expect(w?.payout.statusReason).toContain('reference R9');
    expect(w?.payout.events).toEqual([
      {
        type: 'payout.succeeded',
        fromStatus: 'processing',
        toStatus: 'succeeded',
        notify: true,
        data: expect.objectContaining({ attemptNo: 2, bankReference: 'R9', attemptState: 'succeeded' }),
      },
    ]);
  });

  it('a return passes through succeeded: two events, two legal moves', () => {
    const w = applyAnswer(
      payout,
      attempt,
      { attempt: { to: 'succeeded', countPoll: true }, payout: { kind: 'returned', reasonCode: 'AC04', reason: 'returned' } },
      AT,
    );
    expect(w?.payout.events.map((e) => `${e.fromStatus}→${e.toStatus}`)).toEqual(['processing→succeeded', 'succeeded→returned']);
  });

  it('escalation schedules the statement check', () => {
    const w = applyAnswer(
      payout,
      attempt,
      { attempt: { countPoll: true }, payout: { kind: 'awaiting_verification', at: AT, reason: 'poll budget spent' } },
      AT,
    );
    expect(w?.payout).toMatchObject({ status: 'awaiting_verification', nextAction: 'verify', nextActionAt: AT });
  });

  it('a wait for a calendar year stays processing, polls again at the next look, and leads its reason with the code', () => {
    const gap = {
      code: 'PAYOUT_E_CALENDAR_NO_DATA' as const,
      calendar: 'CN',
      year: 2027,
      fromYear: 2019,
      toYear: 2026,
      message: 'calendar CN has no data for 2027',
    };
    const next = new Date('2026-12-31T09:35:00Z');
    const plan = {
      attempt: { countPoll: true },
      payout: {
        kind: 'calendar_wait',
        at: next,
        gap,
        reason: 'poll budget spent with the outcome still open, and the date of its statement check is unknown',
      },
    } as const;
    const w = applyAnswer(payout, attempt, plan, AT);
    expect(w?.status).toBe('processing');
    expect(w?.attempt).toMatchObject({ state: 'pending', pollCountDelta: 1 });
    expect(w?.payout).toEqual({
      payoutId: 'p1',
      expectedStatus: 'processing',
      expectedVersion: 4,
      attemptCountDelta: 0,
      status: 'processing',
      statusReason:
        'PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; attempt #2 at cn-a is pending: poll budget spent with the outcome still open, and the date of its statement check is unknown; next status query 2026-12-31T09:35:00.000Z',
      nextAction: 'poll',
      nextActionAt: next,
      events: [],
    });
  });

  it('refuses stale evidence the attempt state machine does not allow', () => {
    expect(
      applyAnswer(
        payout,
        { ...attempt, state: 'pending' },
        { attempt: { to: 'accepted', countPoll: true }, payout: { kind: 'poll', at: AT } },
        AT,
      ),
    ).toBeUndefined();
  });
});
