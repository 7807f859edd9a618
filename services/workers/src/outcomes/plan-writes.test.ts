import { describe, expect, it } from 'vitest';
import { planWrites } from './plan-writes.ts';

const payout = { id: 'p1', status: 'processing', version: 4 } as const;
const attempt = { id: 'a1', attemptNo: 2, channelId: 'cn-a', endToEndId: 'E1', state: 'pending' } as const;
const AT = new Date('2026-11-20T02:00:00Z');

describe('planWrites', () => {
  it('a poll with no news bumps the poll count, keeps the status, writes no event', () => {
    const w = planWrites(payout, attempt, { attempt: { countPoll: true }, payout: { kind: 'poll', at: AT } }, AT);
    expect(w?.attempt).toMatchObject({ attemptId: 'a1', expectedState: 'pending', state: 'pending', pollCountDelta: 1 });
    expect(w?.payout).toMatchObject({ expectedStatus: 'processing', expectedVersion: 4, status: 'processing', nextAction: 'poll', nextActionAt: AT, events: [] });
  });

  it('success writes one notified status event carrying the attempt', () => {
    const w = planWrites(payout, attempt, { attempt: { to: 'succeeded', bankStatus: 'ACSC', bankReference: 'R9', countPoll: true }, payout: { kind: 'succeeded' } }, AT);
    expect(w?.status).toBe('succeeded');
    expect(w?.payout.nextAction).toBeNull();
    expect(w?.payout.statusReason).toContain('reference R9');
    expect(w?.payout.events).toEqual([
      { type: 'payout.succeeded', fromStatus: 'processing', toStatus: 'succeeded', notify: true, data: expect.objectContaining({ attemptNo: 2, bankReference: 'R9', attemptState: 'succeeded' }) },
    ]);
  });

  it('a return passes through succeeded: two events, two legal moves', () => {
    const w = planWrites(payout, attempt, { attempt: { to: 'succeeded', countPoll: true }, payout: { kind: 'returned', reasonCode: 'AC04', reason: 'returned' } }, AT);
    expect(w?.payout.events.map((e) => `${e.fromStatus}→${e.toStatus}`)).toEqual(['processing→succeeded', 'succeeded→returned']);
  });

  it('escalation schedules the statement check', () => {
    const w = planWrites(payout, attempt, { attempt: { countPoll: true }, payout: { kind: 'awaiting_verification', at: AT, reason: 'poll budget spent' } }, AT);
    expect(w?.payout).toMatchObject({ status: 'awaiting_verification', nextAction: 'verify', nextActionAt: AT });
  });

  it('refuses stale evidence the attempt state machine does not allow', () => {
    expect(planWrites(payout, { ...attempt, state: 'pending' }, { attempt: { to: 'accepted', countPoll: true }, payout: { kind: 'poll', at: AT } }, AT)).toBeUndefined();
  });
});
