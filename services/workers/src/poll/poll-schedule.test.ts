import { zonedDateTimeToInstant } from '@payout/calendar';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextPoll, type HoursGate, type PollHint } from './poll-schedule.ts';

const HVPS: PollHint = { stepsMs: [10_000, 30_000, 60_000, 120_000, 300_000], settlementWindows: [], budgetMs: 900_000 };
const ACH: PollHint = { stepsMs: [], settlementWindows: ['13:00', '17:00', '18:00'], budgetMs: 86_400_000 };
const always: HoursGate = () => ({ open: true });
const half = (): number => 0.5;
const T0 = new Date('2026-11-20T02:00:00Z'); // Friday 10:00 Shanghai

/** HVPS-like: open until 17:15 Shanghai. */
const closesAt1715: HoursGate = (at) =>
  at.getTime() < zonedDateTimeToInstant('2026-11-20', '17:15', 'Asia/Shanghai').getTime()
    ? { open: true }
    : { open: false, reopensAt: zonedDateTimeToInstant('2026-11-22', '20:30', 'Asia/Shanghai') };

describe('nextPoll — step banks', () => {
  it('walks the steps, then repeats the last one', () => {
    let now = T0;
    const gaps: number[] = [];
    for (let i = 0; i < 7; i++) {
      const d = nextPoll({ hint: HVPS, timeZone: 'Asia/Shanghai', hours: always, sentAt: T0, pollsDone: i, now, random: half });
      if (d.kind !== 'poll') break;
      gaps.push(d.at.getTime() - now.getTime());
      now = d.at;
    }
    expect(gaps).toEqual([10_000, 30_000, 60_000, 120_000, 300_000, 300_000, 80_000]); // last: kept at the budget's end
  });

  it('escalates once the budget is spent', () => {
    const now = new Date(T0.getTime() + HVPS.budgetMs);
    expect(nextPoll({ hint: HVPS, timeZone: 'Asia/Shanghai', hours: always, sentAt: T0, pollsDone: 9, now, random: half })).toEqual({
      kind: 'escalate',
      why: 'poll_budget_spent',
    });
  });

  it('escalates instead of polling after the business day closes', () => {
    const now = zonedDateTimeToInstant('2026-11-20', '17:14', 'Asia/Shanghai');
    expect(nextPoll({ hint: HVPS, timeZone: 'Asia/Shanghai', hours: closesAt1715, sentAt: now, pollsDone: 2, now, random: half })).toEqual({
      kind: 'escalate',
      why: 'business_day_closed',
    });
    const earlier = zonedDateTimeToInstant('2026-11-20', '17:00', 'Asia/Shanghai');
    expect(
      nextPoll({ hint: HVPS, timeZone: 'Asia/Shanghai', hours: closesAt1715, sentAt: earlier, pollsDone: 1, now: earlier, random: half })
        .kind,
    ).toBe('poll');
  });

  it('property: jitter stays within ±20 %, never beyond the budget, never in the past', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 12 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        fc.nat({ max: 899_000 }),
        (pollsDone, r, elapsed) => {
          const now = new Date(T0.getTime() + elapsed);
          const d = nextPoll({ hint: HVPS, timeZone: 'Asia/Shanghai', hours: always, sentAt: T0, pollsDone, now, random: () => r });
          expect(d.kind).toBe('poll');
          if (d.kind !== 'poll') return;
          const step = HVPS.stepsMs[Math.min(pollsDone, HVPS.stepsMs.length - 1)] ?? 0;
          const gap = d.at.getTime() - now.getTime();
          expect(gap).toBeGreaterThan(0);
          expect(d.at.getTime()).toBeLessThanOrEqual(T0.getTime() + HVPS.budgetMs);
          expect(gap).toBeLessThanOrEqual(Math.round(step * 1.2));
          if (d.at.getTime() < T0.getTime() + HVPS.budgetMs) expect(gap).toBeGreaterThanOrEqual(Math.round(step * 0.8));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('nextPoll — settlement-window banks', () => {
  const ny = (time: string): Date => zonedDateTimeToInstant('2026-11-20', time, 'America/New_York');

  it('queries shortly after the next settlement window of the local day', () => {
    const d = nextPoll({
      hint: ACH,
      timeZone: 'America/New_York',
      hours: always,
      sentAt: ny('09:00'),
      pollsDone: 0,
      now: ny('09:00'),
      random: () => 0,
    });
    expect(d).toEqual({ kind: 'poll', at: new Date(ny('13:00').getTime() + 60_000) });
    const later = nextPoll({
      hint: ACH,
      timeZone: 'America/New_York',
      hours: always,
      sentAt: ny('09:00'),
      pollsDone: 1,
      now: ny('13:01'),
      random: () => 0,
    });
    expect(later).toEqual({ kind: 'poll', at: new Date(ny('17:00').getTime() + 60_000) });
  });

  it('escalates after the last window of the day', () => {
    expect(
      nextPoll({
        hint: ACH,
        timeZone: 'America/New_York',
        hours: always,
        sentAt: ny('09:00'),
        pollsDone: 3,
        now: ny('18:05'),
        random: half,
      }),
    ).toEqual({
      kind: 'escalate',
      why: 'business_day_closed',
    });
  });
});
