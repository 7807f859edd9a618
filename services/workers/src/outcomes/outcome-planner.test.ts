import type { QueryOutcome, SubmitOutcome } from '@payout/bank';
import { zonedDateTimeToInstant } from '@payout/calendar';
import { classifyReason, type AttemptState } from '@payout/domain';
import { decideNewAttempt } from '@payout/lifecycle';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escalate, planQueryOutcome, planSubmitOutcome } from './outcome-planner.ts';
import type { PlanContext } from './plan-context.ts';

const NOW = zonedDateTimeToInstant('2026-11-20', '10:00', 'Asia/Shanghai');
const E2E = 'E2E-1';

function ctx(over: Partial<PlanContext> & { state?: AttemptState; pollsDone?: number } = {}): PlanContext {
  return {
    attempt: { state: over.state ?? 'sending', sentAt: NOW, pollsDone: over.pollsDone ?? 0 },
    earlierAttempts: [],
    bank: {
      pollSchedule: { stepsMs: [10_000, 30_000, 60_000], settlementWindows: [], budgetMs: 900_000 },
      timeZone: 'Asia/Shanghai',
      calendar: 'CN',
      statementTime: '10:00',
      notFoundMeansProcessing: false,
      notFoundSettled: true,
      queryHours: () => ({ open: true }),
    },
    now: NOW,
    clockMsForReal: (ms) => ms,
    random: () => 0.5,
    maxAttempts: 3,
    ...over,
  };
}
const reject = (code: string): SubmitOutcome & QueryOutcome => ({
  kind: 'rejected',
  endToEndId: E2E,
  bankStatus: 'RJCT',
  code,
  reason: classifyReason(code),
});

describe('planSubmitOutcome', () => {
  it('acknowledged → poll after the first step', () => {
    const p = planSubmitOutcome(ctx(), { kind: 'accepted', endToEndId: E2E, bankStatus: 'ACTC', bankReference: 'B1' });
    expect(p.attempt).toMatchObject({ to: 'accepted', bankReference: 'B1' });
    expect(p.payout).toEqual({ kind: 'poll', at: new Date(NOW.getTime() + 10_000) });
  });

  it.each(['timeout', 'connection', 'http_5xx', 'unparseable', 'unrecognised_status', 'internal'] as const)(
    'unknown (%s) is polled, never failed',
    (cause) => {
      const p = planSubmitOutcome(ctx(), { kind: 'unknown', endToEndId: E2E, cause, detail: 'x' });
      expect(p.attempt.to).toBe('unknown');
      expect(p.payout.kind).toBe('poll');
    },
  );

  it('BLCK goes to a person', () => {
    expect(planSubmitOutcome(ctx(), { kind: 'unknown', endToEndId: E2E, cause: 'blocked', detail: 'BLCK' }).payout.kind).toBe(
      'manual_review',
    );
  });

  it('a data error fails the payout with the bank’s reason', () => {
    const p = planSubmitOutcome(ctx(), reject('AC04'));
    expect(p.attempt).toMatchObject({ to: 'failed', reasonCode: 'AC04' });
    expect(p.payout).toMatchObject({ kind: 'failed', reasonCode: 'AC04' });
  });

  it('AM02 retries soon (another channel), AB05 after a backoff, AM04 waits for funding', () => {
    expect(planSubmitOutcome(ctx(), reject('AM02')).payout).toEqual(
      expect.objectContaining({ kind: 'retry', status: 'accepted', at: new Date(NOW.getTime() + 1_000) }),
    );
    expect(planSubmitOutcome(ctx(), reject('AB05')).payout).toEqual(
      expect.objectContaining({ kind: 'retry', status: 'accepted', at: new Date(NOW.getTime() + 30_000) }),
    );
    expect(planSubmitOutcome(ctx(), reject('AM04')).payout).toEqual(expect.objectContaining({ kind: 'retry', status: 'held' }));
  });

  it('duplicates go to manual review', () => {
    expect(planSubmitOutcome(ctx(), reject('AM05')).payout.kind).toBe('manual_review');
    expect(planSubmitOutcome(ctx(), reject('DUPL')).payout.kind).toBe('manual_review');
  });

  it('the attempt limit ends in failed', () => {
    const p = planSubmitOutcome(
      ctx({
        earlierAttempts: [
          { state: 'failed', reasonCode: 'AB05' },
          { state: 'failed', reasonCode: 'AB05' },
        ],
      }),
      reject('AB05'),
    );
    expect(p.payout).toMatchObject({ kind: 'failed' });
  });

  it('not sent / unavailable re-sends the same attempt later, never fails it', () => {
    const a = planSubmitOutcome(ctx(), { kind: 'unavailable', endToEndId: E2E, cause: 'breaker_open', retryAfterMs: 30_000 });
    expect(a).toEqual({
      attempt: { countPoll: false },
      payout: { kind: 'resend', at: new Date(NOW.getTime() + 30_000), reason: 'bank unavailable (breaker_open)' },
    });
    const b = planSubmitOutcome(ctx(), { kind: 'not_sent', endToEndId: E2E, cause: 'connection_refused', detail: 'ECONNREFUSED' });
    expect(b.attempt.to).toBeUndefined();
    expect(b.payout.kind).toBe('resend');
  });
});

describe('planQueryOutcome', () => {
  it('a crash-recovery query that learns nothing marks the sending attempt unknown and keeps polling', () => {
    const p = planQueryOutcome(ctx(), { kind: 'unknown', endToEndId: E2E, cause: 'timeout', detail: 'x' });
    expect(p.attempt).toMatchObject({ to: 'unknown', countPoll: true });
    expect(p.payout).toEqual({ kind: 'poll', at: new Date(NOW.getTime() + 30_000) });
  });

  it('a failed query does not downgrade an acknowledged attempt', () => {
    expect(
      planQueryOutcome(ctx({ state: 'pending' }), { kind: 'unknown', endToEndId: E2E, cause: 'http_5xx', detail: 'x' }).attempt.to,
    ).toBeUndefined();
    expect(
      planQueryOutcome(ctx({ state: 'pending' }), { kind: 'unknown', endToEndId: E2E, cause: 'unrecognised_status', detail: 'x' }).attempt
        .to,
    ).toBe('unknown');
    expect(
      planQueryOutcome(ctx({ state: 'pending' }), { kind: 'accepted', endToEndId: E2E, bankStatus: 'ACTC' }).attempt.to,
    ).toBeUndefined();
  });

  it('found executed → succeeded; returned → returned', () => {
    expect(
      planQueryOutcome(ctx({ state: 'unknown' }), { kind: 'succeeded', endToEndId: E2E, bankStatus: 'ACSC', bankReference: 'R' }).payout,
    ).toEqual({ kind: 'succeeded' });
    const r = planQueryOutcome(ctx({ state: 'pending' }), {
      kind: 'returned',
      endToEndId: E2E,
      bankStatus: 'RTRN',
      code: 'AC04',
      reason: classifyReason('AC04'),
    });
    expect(r.attempt.to).toBe('succeeded');
    expect(r.payout.kind).toBe('returned');
  });

  it('"not found" is final only where the profile says so', () => {
    const processing = planQueryOutcome(ctx({ state: 'unknown', bank: { ...ctx().bank, notFoundMeansProcessing: true } }), {
      kind: 'not_found',
      endToEndId: E2E,
      mayStillBeProcessing: true,
    });
    expect(processing.attempt.to).toBeUndefined();
    expect(processing.payout.kind).toBe('poll');
    // Final per the profile, yet never a failure: a late-arriving request could still execute.
    const final = planQueryOutcome(ctx({ state: 'unknown' }), { kind: 'not_found', endToEndId: E2E, mayStillBeProcessing: false });
    expect(final.attempt.to).toBeUndefined();
    expect(final.payout.kind).toBe('poll');
    const afterCrash = planQueryOutcome(ctx({ state: 'sending' }), { kind: 'not_found', endToEndId: E2E, mayStillBeProcessing: false });
    expect(afterCrash.attempt.to).toBe('unknown');
    expect(afterCrash.payout.kind).not.toBe('retry');
    const tooEarly = planQueryOutcome(ctx({ state: 'unknown', bank: { ...ctx().bank, notFoundSettled: false } }), {
      kind: 'not_found',
      endToEndId: E2E,
      mayStillBeProcessing: false,
    });
    expect(tooEarly.attempt.to).toBeUndefined();
    expect(tooEarly.payout.kind).toBe('poll');
    const contradicting = planQueryOutcome(ctx({ state: 'accepted' }), { kind: 'not_found', endToEndId: E2E, mayStillBeProcessing: false });
    expect(contradicting.payout.kind).toBe('manual_review');
  });

  it('an open breaker delays the poll without using one', () => {
    const p = planQueryOutcome(ctx({ state: 'unknown', pollsDone: 2 }), {
      kind: 'unavailable',
      endToEndId: E2E,
      cause: 'breaker_open',
      retryAfterMs: 20_000,
    });
    expect(p.attempt).toEqual({ countPoll: false });
    expect(p.payout).toMatchObject({ kind: 'poll', at: new Date(NOW.getTime() + 20_000) });
  });

  it('escalates to the statement time of the next business day when the budget is spent', () => {
    const late = new Date(NOW.getTime() + 900_000); // Friday 10:15 Shanghai
    const p = planQueryOutcome(ctx({ state: 'unknown', pollsDone: 8, now: late }), {
      kind: 'pending',
      endToEndId: E2E,
      bankStatus: 'PDNG',
    });
    expect(p.payout).toEqual({
      kind: 'awaiting_verification',
      at: zonedDateTimeToInstant('2026-11-23', '10:00', 'Asia/Shanghai'),
      reason: 'poll budget spent with the outcome still open',
    });
  });

  it('escalates when the business day closes, even with budget left', () => {
    const closing = zonedDateTimeToInstant('2026-11-20', '17:14', 'Asia/Shanghai');
    const hours = (at: Date) =>
      at.getTime() < zonedDateTimeToInstant('2026-11-20', '17:15', 'Asia/Shanghai').getTime()
        ? ({ open: true } as const)
        : ({ open: false, reopensAt: new Date(0) } as const);
    const p = planQueryOutcome(
      ctx({
        state: 'unknown',
        now: closing,
        attempt: { state: 'unknown', sentAt: closing, pollsDone: 1 },
        bank: { ...ctx().bank, queryHours: hours },
      }),
      {
        kind: 'pending',
        endToEndId: E2E,
        bankStatus: 'PDNG',
      },
    );
    expect(p.payout).toMatchObject({ kind: 'awaiting_verification', at: zonedDateTimeToInstant('2026-11-23', '10:00', 'Asia/Shanghai') });
  });
});

describe('escalation past the end of calendar data (CN data ends 2026-12-31)', () => {
  const gap = expect.objectContaining({ calendar: 'CN', year: 2027 });
  // Thu 2026-12-31 17:30 Shanghai: the next CN business day (and so the statement check) is in 2027.
  const LAST_DAY = zonedDateTimeToInstant('2026-12-31', '17:30', 'Asia/Shanghai');
  const atEnd = (over: Partial<PlanContext> = {}) =>
    ctx({ now: LAST_DAY, attempt: { state: 'pending', sentAt: new Date(LAST_DAY.getTime() - 900_000), pollsDone: 8 }, ...over });

  it('a spent poll budget stays processing and keeps polling at the re-check interval, never manual review', () => {
    const p = planQueryOutcome(atEnd(), { kind: 'pending', endToEndId: E2E, bankStatus: 'PDNG' });
    expect(p.payout).toEqual({
      kind: 'calendar_wait',
      at: new Date(LAST_DAY.getTime() + 5 * 60_000),
      gap,
      reason: 'poll budget spent with the outcome still open, and the date of its statement check is unknown',
    });
    const sooner = planQueryOutcome(atEnd({ calendarRecheckMs: 60_000 }), { kind: 'pending', endToEndId: E2E, bankStatus: 'PDNG' });
    expect(sooner.payout).toMatchObject({ kind: 'calendar_wait', at: new Date(LAST_DAY.getTime() + 60_000) });
    // The query may still find the answer on a later look.
    expect(planQueryOutcome(atEnd(), { kind: 'succeeded', endToEndId: E2E, bankStatus: 'ACSC', bankReference: 'R' }).payout).toEqual({
      kind: 'succeeded',
    });
  });

  it('query hours that turn unknown before the next step escalate the same way', () => {
    const closing = zonedDateTimeToInstant('2026-12-31', '17:14', 'Asia/Shanghai');
    const close = zonedDateTimeToInstant('2026-12-31', '17:15', 'Asia/Shanghai').getTime();
    const noData = { calendar: 'CN', year: 2027, message: 'calendar CN has no data for 2027' };
    const hours = (at: Date) => (at.getTime() < close ? ({ open: true } as const) : ({ open: false, noData } as const));
    const p = planQueryOutcome(
      ctx({ now: closing, attempt: { state: 'unknown', sentAt: closing, pollsDone: 3 }, bank: { ...ctx().bank, queryHours: hours } }),
      { kind: 'pending', endToEndId: E2E, bankStatus: 'PDNG' },
    );
    expect(p.payout).toMatchObject({ kind: 'calendar_wait', at: new Date(closing.getTime() + 5 * 60_000), gap });
  });

  it('escalate() itself: the statement date when the calendar knows it, the wait when it does not', () => {
    expect(escalate({ bank: ctx().bank, now: NOW }, 'poll_budget_spent')).toMatchObject({
      kind: 'awaiting_verification',
      at: zonedDateTimeToInstant('2026-11-23', '10:00', 'Asia/Shanghai'),
    });
    expect(escalate({ bank: ctx().bank, now: LAST_DAY, calendarRecheckMs: 120_000 }, 'business_day_closed')).toEqual({
      kind: 'calendar_wait',
      at: new Date(LAST_DAY.getTime() + 120_000),
      gap,
      reason: "the bank's business day closed with the outcome still open, and the date of its statement check is unknown",
    });
  });
});

// Property: whatever the bank answers, in whatever order, a plan only ever asks for a new
// attempt ('retry') when the domain's no-double-payout rule allows one, and never fails a
// payout on an answer that may hide an execution.
const anyOutcome: fc.Arbitrary<QueryOutcome> = fc.oneof(
  fc.constantFrom<QueryOutcome>(
    { kind: 'accepted', endToEndId: E2E, bankStatus: 'ACTC' },
    { kind: 'pending', endToEndId: E2E, bankStatus: 'PDNG' },
    { kind: 'succeeded', endToEndId: E2E, bankStatus: 'ACSC', bankReference: 'R' },
    { kind: 'not_found', endToEndId: E2E, mayStillBeProcessing: true },
    { kind: 'not_found', endToEndId: E2E, mayStillBeProcessing: false },
    { kind: 'unknown', endToEndId: E2E, cause: 'timeout', detail: '' },
    { kind: 'unknown', endToEndId: E2E, cause: 'unrecognised_status', detail: '' },
    { kind: 'unavailable', endToEndId: E2E, cause: 'rate_limited', retryAfterMs: 500 },
  ),
  fc.constantFrom('AB05', 'AM02', 'AM04', 'AC04', 'AM05', 'TM01', 'ZZ99', 'MS03').map((c) => reject(c)),
);

describe('outcome plans (property)', () => {
  it('retry only when decideNewAttempt allows; fail only on a definitive reject', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<AttemptState>('sending', 'accepted', 'pending', 'unknown'),
        fc.array(fc.constantFrom('AB05', 'AM02', 'TM01', 'AC04'), { maxLength: 3 }),
        anyOutcome,
        fc.boolean(),
        (state, earlierCodes, outcome, viaSubmit) => {
          const c = ctx({ state, earlierAttempts: earlierCodes.map((reasonCode) => ({ state: 'failed' as const, reasonCode })) });
          const plan =
            viaSubmit && outcome.kind !== 'returned' && outcome.kind !== 'not_found'
              ? planSubmitOutcome(c, outcome)
              : planQueryOutcome(c, outcome);
          if (plan.payout.kind === 'retry') {
            expect(plan.attempt.to).toBe('failed');
            expect(
              decideNewAttempt([...c.earlierAttempts, { state: 'failed', reasonCode: plan.attempt.reasonCode }], { maxAttempts: 3 })
                .allowed,
            ).toBe(true);
          }
          if (plan.payout.kind === 'failed' || plan.attempt.to === 'failed') {
            expect(outcome.kind).toBe('rejected');
          }
          if (outcome.kind === 'unknown' || outcome.kind === 'unavailable')
            expect(['poll', 'resend', 'awaiting_verification']).toContain(plan.payout.kind);
        },
      ),
      { numRuns: 500 },
    );
  });
});
