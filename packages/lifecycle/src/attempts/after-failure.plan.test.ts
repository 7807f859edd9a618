import { describe, expect, it } from 'vitest';
import { planAfterAttemptFailure } from './after-failure.plan.ts';
import type { AttemptFact } from './new-attempt.decision.ts';

const failed = (reasonCode?: string): AttemptFact => ({ state: 'failed', reasonCode });

describe('planAfterAttemptFailure', () => {
  it.each([
    [[failed('AB05')], 'accepted'],
    [[failed('TM01')], 'accepted'],
    [[failed('AM02')], 'accepted'],
    [[failed('AM04')], 'held'],
    [[failed('AB05'), failed('R01')], 'held'],
    [[failed('AC01')], 'failed'],
    [[failed('AB05'), failed('R03')], 'failed'],
    [[failed('AB05'), failed('AB05'), failed('AB05')], 'failed'],
    [[failed('AM05')], 'manual_review'],
    [[failed('DUPL')], 'manual_review'],
    [[failed('MS03')], 'manual_review'],
    [[failed('NEWCODE')], 'manual_review'],
    [[failed(undefined)], 'manual_review'],
    [[failed('AC01'), failed('AM05')], 'manual_review'],
    [[{ state: 'unknown' }], 'manual_review'],
    [[{ state: 'succeeded' }], 'manual_review'],
  ] as const)('%j → %s', (attempts, status) => {
    expect(planAfterAttemptFailure(attempts).status).toBe(status);
  });

  it('reports the decision it is based on', () => {
    const plan = planAfterAttemptFailure([failed('AM02')]);
    expect(plan.decision).toEqual({ allowed: true, preferOtherChannel: true });
    expect(plan.reason).toMatch(/another channel/);
  });
});
