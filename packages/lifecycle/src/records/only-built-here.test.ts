import { describe, expect, it } from 'vitest';
import type { NewAttemptAllowed } from '../transitions/submit.ts';
import type { LifecycleEvent, PayoutUpdate } from './lifecycle-records.ts';
import { decideNewAttempt } from '../attempts/new-attempt.decision.ts';

// Compile-time proofs, checked by `./dev test typecheck`: each `@ts-expect-error` below fails
// the typecheck if the line after it ever becomes legal. Code outside this package cannot write
// a lifecycle record or the new-attempt rule's "yes" by hand; it has to call a transition.
describe('records only the lifecycle package can build', () => {
  it('refuses a hand-written event, payout update and new-attempt "yes" (typecheck), accepts the rule’s own answer', () => {
    // @ts-expect-error an event written as an object literal lacks the package's mark
    const event: LifecycleEvent = { type: 'payout.succeeded', fromStatus: 'processing', toStatus: 'succeeded', data: {}, notify: true };
    // @ts-expect-error …and so does a payout update (the mark cannot be named outside the records module)
    const update: PayoutUpdate = {
      payoutId: 'p1',
      expectedStatus: 'processing',
      expectedVersion: 1,
      status: 'succeeded',
      statusReason: null,
      nextAction: null,
      nextActionAt: null,
      attemptCountDelta: 0,
      events: [],
    };
    // @ts-expect-error a "yes" that did not come from decideNewAttempt
    const forged: NewAttemptAllowed = { allowed: true, preferOtherChannel: false };
    const decision = decideNewAttempt([]);
    const real: NewAttemptAllowed | undefined = decision.allowed ? decision : undefined;
    expect([event.type, update.status, forged.allowed, real?.allowed]).toEqual(['payout.succeeded', 'succeeded', true, true]);
  });
});
