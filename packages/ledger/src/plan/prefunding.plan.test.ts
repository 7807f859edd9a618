import { money } from '@payout/domain';
import type { CalendarId } from '@payout/calendar';
import { describe, expect, it } from 'vitest';
import type { FundingAccountConfig } from '../liquidity/funding-account.config.ts';
import { emptyPosition, type Position } from '../positions/position.ts';
import { fundingAlerts } from './funding-alerts.ts';
import { toJsonSafe } from './json-safe.ts';
import type { LiquidityInputs } from './liquidity-inputs.ts';
import { formatPrefundingPlan } from './plan.format.ts';
import { planPrefunding, type AccountPlan } from './prefunding.plan.ts';
import { flatHistory } from './test-support/flat-history.ts';

const CN: FundingAccountConfig = { id: 'cn-hvps', currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury' };
const US: FundingAccountConfig = { id: 'us-ach', currency: 'USD', rail: 'US_ACH', internalCutoff: '17:00', fundingSource: 'us-treasury' };
const EU: FundingAccountConfig = {
  id: 'eu-sct',
  currency: 'EUR',
  rail: 'EU_SEPA_SCT',
  internalCutoff: '15:30',
  fundingSource: 'eu-treasury',
};

function position(id: string, currency: string, p: Partial<Position> = {}): Position {
  const base = { ...emptyPosition(id, currency), confirmedMinor: 1_000_000n, ...p };
  return {
    ...base,
    availableMinor: base.confirmedMinor - base.reservedMinor - base.unknownExposureMinor - base.settledAwaitingStatementMinor,
  };
}

function planFor(
  account: FundingAccountConfig,
  calendar: CalendarId,
  now: string,
  extra: Partial<LiquidityInputs> = {},
  asOf?: string,
): AccountPlan {
  const inputs: LiquidityInputs = {
    accounts: [account],
    positions: [position(account.id, account.currency)],
    scheduled: [],
    history: flatHistory(account.id, calendar, now.slice(0, 10)),
    confirmedInflows: [],
    ...extra,
  };
  const plan = planPrefunding({ now: new Date(now), asOf, inputs });
  expect(plan.accounts).toHaveLength(1);
  return plan.accounts[0]!;
}

describe('planPrefunding — fixed-clock scenarios name the right deadline and cover the whole run', () => {
  it('CN, a normal weekend, planned on Friday', () => {
    const a = planFor(CN, 'CN', '2026-03-06T01:00:00Z'); // Fri 09:00 CST
    expect(a.run).toMatchObject({
      start: '2026-03-07',
      end: '2026-03-08',
      lastBusinessDayBefore: '2026-03-06',
      nextBusinessDay: '2026-03-09',
    });
    expect(a.horizon).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(a.deadline).toMatchObject({
      at: '2026-03-06T08:00:00.000Z',
      binding: 'internal',
      railCutoffAt: '2026-03-06T09:15:00.000Z',
      passed: false,
    });
    expect(a.forecast.map((f) => f.kind)).toEqual(['weekend', 'weekend', 'weekday']);
    expect(a.components.forecastMinor).toBe(50_000n + 50_000n + 100_000n);
  });

  it('CN, 2026-09-30 before National Day: the run is 10-01…10-07, back to work 10-08', () => {
    const a = planFor(CN, 'CN', '2026-09-30T01:00:00Z');
    expect(a.run.days).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
    expect(a.run.nextBusinessDay).toBe('2026-10-08');
    expect(a.horizon[a.horizon.length - 1]).toBe('2026-10-08');
    expect(a.deadline).toMatchObject({ date: '2026-09-30', at: '2026-09-30T08:00:00.000Z' });
    expect(a.forecast.map((f) => f.kind)).toEqual([...Array<string>(7).fill('holiday'), 'after_long_holiday']);
    expect(a.components.forecastMinor).toBe(7n * 70_000n + 300_000n);
  });

  it('CN Spring Festival 2026: funding lands on the make-up Saturday 02-14 for 02-15…02-23', () => {
    for (const now of ['2026-02-13T02:00:00Z', '2026-02-14T02:00:00Z']) {
      const a = planFor(CN, 'CN', now);
      expect(a.run).toMatchObject({
        start: '2026-02-15',
        end: '2026-02-23',
        lastBusinessDayBefore: '2026-02-14',
        nextBusinessDay: '2026-02-24',
      });
      expect(a.run.days).toHaveLength(9);
      expect(a.horizon).toHaveLength(10);
      expect(a.deadline).toMatchObject({ date: '2026-02-14', at: '2026-02-14T08:00:00.000Z', passed: false });
      expect(a.components.forecastMinor).toBe(9n * 70_000n + 300_000n);
    }
  });

  it('US Thanksgiving 2026-11-26: fund by the ACH cut-off on 11-25; the Fed is open 11-27', () => {
    const a = planFor(US, 'US-FED', '2026-11-25T14:00:00Z');
    expect(a.run).toMatchObject({
      start: '2026-11-26',
      end: '2026-11-26',
      lastBusinessDayBefore: '2026-11-25',
      nextBusinessDay: '2026-11-27',
    });
    expect(a.horizon).toEqual(['2026-11-26', '2026-11-27']);
    expect(a.deadline).toMatchObject({ at: '2026-11-25T21:45:00.000Z', binding: 'rail', internalCutoffAt: '2026-11-25T22:00:00.000Z' });
    expect(a.forecast.map((f) => f.kind)).toEqual(['holiday', 'weekday']);
  });

  it('TARGET2 Easter 2026: 04-03…04-06 closed, fund by the internal cut-off on 04-02 (CEST)', () => {
    const a = planFor(EU, 'TARGET2', '2026-04-02T07:00:00Z');
    expect(a.run.days).toEqual(['2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06']);
    expect(a.run.nextBusinessDay).toBe('2026-04-07');
    expect(a.deadline).toMatchObject({
      date: '2026-04-02',
      at: '2026-04-02T13:30:00.000Z',
      binding: 'internal',
      railCutoffAt: '2026-04-02T15:00:00.000Z',
    });
    expect(a.forecast.map((f) => f.kind)).toEqual(['holiday', 'holiday', 'holiday', 'holiday', 'after_long_holiday']);
  });

  it('on a closed day, plans the next run that can still be funded', () => {
    const a = planFor(CN, 'CN', '2026-10-03T02:00:00Z');
    expect(a.run.start > '2026-10-07').toBe(true);
    expect(a.deadline?.passed).toBe(false);
  });
});

describe('planPrefunding — the requirement and the transfer', () => {
  const now = '2026-09-30T01:00:00Z';
  const inputs = (over: Partial<LiquidityInputs> = {}): Partial<LiquidityInputs> => ({
    positions: [
      position('cn-hvps', 'CNY', {
        confirmedMinor: 800_000n,
        reservedMinor: 40_000n,
        unknownExposureMinor: 25_000n,
        settledAwaitingStatementMinor: 5_000n,
        fundingInTransitMinor: 200_000n,
      }),
    ],
    scheduled: [
      { payoutId: 's-in-run', fundingAccountId: 'cn-hvps', amount: money(120_000n, 'CNY'), requestedExecutionDate: '2026-10-03' },
      { payoutId: 's-backlog-day', fundingAccountId: 'cn-hvps', amount: money(80_000n, 'CNY'), requestedExecutionDate: '2026-10-08' },
      { payoutId: 's-later', fundingAccountId: 'cn-hvps', amount: money(999_000n, 'CNY'), requestedExecutionDate: '2026-10-09' },
      { payoutId: 'other-account', fundingAccountId: 'elsewhere', amount: money(1n, 'CNY'), requestedExecutionDate: '2026-10-03' },
    ],
    confirmedInflows: [
      { reference: 'settlement-0930', fundingAccountId: 'cn-hvps', amount: money(30_000n, 'CNY'), expectedDate: '2026-09-30' },
      { reference: 'settlement-1005', fundingAccountId: 'cn-hvps', amount: money(1_000_000n, 'CNY'), expectedDate: '2026-10-05' },
    ],
    ...over,
  });

  it('required = reserved + unknown + settled awaiting statement + scheduled + forecast + buffer − confirmed inflows', () => {
    const a = planFor({ ...CN, bufferMinor: 10_000n, transferRoundingMinor: 100_000n }, 'CN', now, inputs());
    const forecast = 7n * 70_000n + 300_000n;
    expect(a.components).toEqual({
      reservedMinor: 40_000n,
      unknownExposureMinor: 25_000n,
      settledAwaitingStatementMinor: 5_000n,
      scheduledMinor: 200_000n,
      forecastMinor: forecast,
      bufferMinor: 10_000n,
      confirmedInflowsMinor: 230_000n,
    });
    expect(a.scheduledPayoutIds).toEqual(['s-in-run', 's-backlog-day']);
    expect(a.countedInflows).toEqual(['settlement-0930']);
    expect(a.excludedInflows).toEqual(['settlement-1005']);
    const required = 40_000n + 25_000n + 5_000n + 200_000n + forecast + 10_000n - 230_000n;
    expect(a.requiredMinor).toBe(required);
    expect(a.shortfallMinor).toBe(required - 800_000n);
    expect(a.shortfallMinor).toBe(40_000n);
    expect(a.transfer).toEqual({
      fromAccountId: 'cn-treasury',
      toAccountId: 'cn-hvps',
      currency: 'CNY',
      amountMinor: 100_000n, // 40_000 rounded up to the 1 000.00 CNY unit
      deadline: '2026-09-30T08:00:00.000Z',
      deadlineDate: '2026-09-30',
    });
  });

  it('needs no transfer when the confirmed balance covers the requirement', () => {
    const a = planFor(CN, 'CN', now, { positions: [position('cn-hvps', 'CNY', { confirmedMinor: 5_000_000n })] });
    expect(a.shortfallMinor).toBe(0n);
    expect(a.transfer).toBeUndefined();
  });

  it('records its inputs and serialises every amount as a string', () => {
    const data: LiquidityInputs = {
      accounts: [CN],
      positions: [position('cn-hvps', 'CNY')],
      scheduled: [],
      history: flatHistory('cn-hvps', 'CN', '2026-09-30'),
      confirmedInflows: [],
    };
    const plan = planPrefunding({ now: new Date(now), inputs: data, settings: { quantileBps: 9_900 } });
    expect(plan.inputs).toEqual({ now: '2026-09-30T01:00:00.000Z', asOf: undefined, data });
    expect(plan.settings.quantileBps).toBe(9_900);
    const text = JSON.stringify(toJsonSafe(plan));
    expect(text).not.toMatch(/"[A-Za-z]*Minor":-?\d/);
    expect(text).toContain('"forecastMinor":"790000"');
    // Same request, same plan: the plan is a pure function of its recorded inputs.
    expect(JSON.stringify(toJsonSafe(planPrefunding({ now: new Date(now), inputs: data, settings: { quantileBps: 9_900 } })))).toBe(text);
    expect(formatPrefundingPlan(plan).join('\n')).toContain('2026-09-30 16:00 Asia/Shanghai');
  });

  it('warns when history is missing for a kind of day', () => {
    const a = planFor(CN, 'CN', now, { history: [] });
    expect(a.components.forecastMinor).toBe(0n);
    expect(a.warnings.some((w) => w.includes('no outflow history'))).toBe(true);
  });
});

describe('fundingAlerts', () => {
  const plan = (now: string, confirmed: bigint) =>
    planPrefunding({
      now: new Date(now),
      asOf: '2026-09-30',
      inputs: {
        accounts: [CN],
        positions: [position('cn-hvps', 'CNY', { confirmedMinor: confirmed })],
        scheduled: [],
        history: flatHistory('cn-hvps', 'CN', '2026-09-30'),
        confirmedInflows: [],
      },
    });

  it('warns as a deadline with a shortfall approaches, and escalates once it passed', () => {
    const short = plan('2026-09-30T01:00:00Z', 100_000n);
    expect(fundingAlerts(short, new Date('2026-09-30T01:00:00Z'))).toEqual([]);
    const warn = fundingAlerts(short, new Date('2026-09-30T06:30:00Z'));
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({
      severity: 'warning',
      kind: 'deadline_approaching',
      msUntilDeadline: 90 * 60_000,
      fundingAccountId: 'cn-hvps',
    });
    expect(warn[0]?.message).toContain('from cn-treasury');
    expect(fundingAlerts(short, new Date('2026-09-30T08:00:00Z'))[0]).toMatchObject({ severity: 'critical', kind: 'deadline_missed' });
    expect(fundingAlerts(short, new Date('2026-09-30T06:30:00Z'), { warnWithinMs: 60 * 60_000 })).toEqual([]);
  });

  it('never alerts without a shortfall', () => {
    expect(fundingAlerts(plan('2026-09-30T01:00:00Z', 10_000_000n), new Date('2026-09-30T07:59:00Z'))).toEqual([]);
  });
});
