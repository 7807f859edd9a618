import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPayoutError } from '@payout/domain';
import { ATTEMPT_STATES, isAttemptState, isFinalAttemptState, isLiveAttemptState, type AttemptState } from '@payout/domain';
import { ATTEMPT_TRANSITIONS, assertAttemptTransition, transitionAttempt } from './attempt-transitions.ts';

describe('attempt transition table', () => {
  it('covers every state with valid targets and no self-moves', () => {
    expect(Object.keys(ATTEMPT_TRANSITIONS).sort()).toEqual([...ATTEMPT_STATES].sort());
    for (const [from, targets] of Object.entries(ATTEMPT_TRANSITIONS)) {
      for (const to of targets) {
        expect(isAttemptState(to)).toBe(true);
        expect(to).not.toBe(from);
      }
    }
  });

  it('moves sending → accepted/pending → succeeded | failed | unknown', () => {
    for (const to of ['accepted', 'pending', 'succeeded', 'failed', 'unknown'] as const) {
      expect(transitionAttempt('sending', to).ok).toBe(true);
    }
    for (const from of ['accepted', 'pending'] as const) {
      for (const to of ['succeeded', 'failed', 'unknown'] as const) expect(transitionAttempt(from, to).ok).toBe(true);
    }
    expect(transitionAttempt('accepted', 'pending').ok).toBe(true);
    expect(transitionAttempt('pending', 'accepted').ok).toBe(false);
  });

  it('lets unknown still become succeeded, failed or pending on later evidence', () => {
    for (const to of ['succeeded', 'failed', 'pending', 'accepted'] as const) expect(transitionAttempt('unknown', to).ok).toBe(true);
    expect(transitionAttempt('unknown', 'sending').ok).toBe(false);
  });

  it('keeps failed and succeeded terminal', () => {
    for (const to of ATTEMPT_STATES) {
      expect(transitionAttempt('failed', to).ok).toBe(false);
      expect(transitionAttempt('succeeded', to).ok).toBe(false);
    }
    expect(ATTEMPT_STATES.filter(isFinalAttemptState)).toEqual(['succeeded', 'failed']);
  });

  it('counts everything but failed as live', () => {
    expect(ATTEMPT_STATES.filter(isLiveAttemptState)).toEqual(['sending', 'accepted', 'pending', 'unknown', 'succeeded']);
  });

  it('nothing returns to sending (a new instruction is a new attempt)', () => {
    for (const s of ATTEMPT_STATES) expect(ATTEMPT_TRANSITIONS[s]).not.toContain('sending');
  });

  it('refuses bad data and asserts', () => {
    expect(transitionAttempt('lost' as AttemptState, 'failed').ok).toBe(false);
    expect(assertAttemptTransition('unknown', 'failed')).toBe('failed');
    try {
      assertAttemptTransition('failed', 'succeeded');
      expect.unreachable();
    } catch (e) {
      expect(isPayoutError(e) && e.code).toBe('PAYOUT_E_INVALID_TRANSITION');
    }
  });

  it('property: once failed or succeeded, an attempt never changes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ATTEMPT_STATES), { maxLength: 40 }), (targets) => {
        let current: AttemptState = 'sending';
        for (const to of targets) {
          const before = current;
          const r = transitionAttempt(current, to);
          if (r.ok) current = r.to;
          if (isFinalAttemptState(before)) expect(current).toBe(before);
          expect(current === 'sending' ? before === 'sending' : true).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
