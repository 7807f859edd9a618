import { money } from '@payout/domain';
import { checkCalendarYearFile, installCalendarYears } from '@payout/calendar';
import { afterEach, describe, expect, it } from 'vitest';
import type { FundingAccountConfig } from '../liquidity/funding-account.config.ts';
import { emptyPosition, type Position } from '../positions/position.ts';
import { fundingAlerts } from './funding-alerts.ts';
import { toJsonSafe } from './json-safe.ts';
import type { LiquidityInputs } from './liquidity-inputs.ts';
import { formatPrefundingPlan } from './plan.format.ts';
import { UNCOVERED_LOOKAHEAD_DAYS } from './funding-run.ts';
import { planPrefunding, type AccountPlan } from './prefunding.plan.ts';
import { flatHistory } from './test-support/flat-history.ts';

const CN: FundingAccountConfig = {
  id: 'cn-hvps',
  currency: 'CNY',
  rail: 'CN_HVPS',
  internalCutoff: '16:00',
  fundingSource: 'cn-treasury',
  bufferMinor: 10_000n,
};
const CN_BEPS: FundingAccountConfig = {
  id: 'cn-beps',
  currency: 'CNY',
  rail: 'CN_BEPS',
  calendar: 'CN',
  internalCutoff: '15:30',
  fundingSource: 'cn-treasury',
  transferRoundingMinor: 100_000n,
};
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

/** Four accounts on three calendars, with history up to `until` and a few scheduled payouts and inflows. */
function inputsUntil(until: string): LiquidityInputs {
  return {
    accounts: [CN, CN_BEPS, US, EU],
    positions: [
      position('cn-hvps', 'CNY', {
        confirmedMinor: 800_000n,
        reservedMinor: 40_000n,
        unknownExposureMinor: 25_000n,
        settledAwaitingStatementMinor: 5_000n,
        fundingInTransitMinor: 20_000n,
      }),
      position('cn-beps', 'CNY', { confirmedMinor: 300_000n, reservedMinor: 10_000n }),
      position('us-ach', 'USD'),
      position('eu-sct', 'EUR', { confirmedMinor: 100_000n }),
    ],
    scheduled: [
      { payoutId: 's-cn-1003', fundingAccountId: 'cn-hvps', amount: money(120_000n, 'CNY'), requestedExecutionDate: '2026-10-03' },
      { payoutId: 's-cn-1231', fundingAccountId: 'cn-hvps', amount: money(60_000n, 'CNY'), requestedExecutionDate: '2026-12-31' },
      { payoutId: 's-cn-0102', fundingAccountId: 'cn-hvps', amount: money(90_000n, 'CNY'), requestedExecutionDate: '2027-01-02' },
      { payoutId: 's-us-1005', fundingAccountId: 'us-ach', amount: money(70_000n, 'USD'), requestedExecutionDate: '2026-10-05' },
    ],
    history: [
      ...flatHistory('cn-hvps', 'CN', until),
      ...flatHistory('cn-beps', 'CN', until),
      ...flatHistory('us-ach', 'US-FED', until),
      ...flatHistory('eu-sct', 'TARGET2', until),
    ],
    confirmedInflows: [
      { reference: 'cn-settlement-0929', fundingAccountId: 'cn-hvps', amount: money(30_000n, 'CNY'), expectedDate: '2026-09-29' },
      { reference: 'cn-settlement-1231', fundingAccountId: 'cn-hvps', amount: money(15_000n, 'CNY'), expectedDate: '2026-12-31' },
    ],
  };
}

describe('planPrefunding inside calendar coverage is unchanged by the calendar-gap handling', () => {
  it('2026-09-29, before National Day: the same plan, alerts and text as before (pinned)', async () => {
    const now = new Date('2026-09-29T01:00:00Z');
    const plan = planPrefunding({ now, asOf: '2026-09-29', inputs: inputsUntil('2026-09-29') });
    const late = new Date('2026-09-30T07:30:00Z');
    const pinned = {
      plan: toJsonSafe({ ...plan, inputs: undefined }),
      alerts: toJsonSafe(fundingAlerts(plan, late)),
      text: formatPrefundingPlan(plan, fundingAlerts(plan, late)),
    };
    await expect(JSON.stringify(pinned, null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/prefunding-2026-09-29.golden.json');
  });
});

/** A plan's days that a calendar covers may be anything; these must never be a day without data. */
function expectNoUnknownDayUsedAsBusinessDay(a: AccountPlan): void {
  const unknown = new Set((a.uncovered ?? []).map((u) => u.date));
  for (const d of [a.run.lastBusinessDayBefore, a.run.nextBusinessDay, a.deadline?.date, a.transfer?.deadlineDate])
    if (d != null) expect(unknown.has(d)).toBe(false);
  for (const f of a.forecast) expect(unknown.has(f.date)).toBe(false);
}

const NO_DATA_2027 = { code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027, fromYear: 2019, toYear: 2026 };

describe('planPrefunding reaching a CN year without data (2027) — partial, never failing', () => {
  afterEach(() => installCalendarYears([]));

  it('2026-12-30: marks 2027 unknown, keeps the 2026-12-31 deadline as the latest safe one, names no next business day', () => {
    const now = new Date('2026-12-30T02:00:00Z'); // 10:00 in Shanghai
    const plan = planPrefunding({ now, asOf: '2026-12-30', inputs: inputsUntil('2026-12-30') });
    const cn = plan.accounts.find((a) => a.fundingAccountId === 'cn-hvps')!;

    expect(cn.run).toMatchObject({ start: '2027-01-01', lastBusinessDayBefore: '2026-12-31', nextBusinessDay: null });
    expect(cn.uncovered).toHaveLength(UNCOVERED_LOOKAHEAD_DAYS);
    expect(cn.uncovered?.[0]).toEqual({ date: '2027-01-01', kind: 'unknown', business: null, reason: NO_DATA_2027 });
    expect(cn.uncovered?.map((u) => u.date)).toEqual(cn.horizon);
    expect(cn.calendarGaps).toEqual([NO_DATA_2027]);
    // The last business day the calendar knows is the latest safe moment; said, not hidden.
    expect(cn.deadline).toEqual({
      at: '2026-12-31T08:00:00.000Z',
      date: '2026-12-31',
      internalCutoffAt: '2026-12-31T08:00:00.000Z',
      railCutoffAt: '2026-12-31T09:15:00.000Z',
      binding: 'internal',
      passed: false,
      basis: 'last_covered_business_day',
    });
    // Known amounts are planned: scheduled payouts up to the listed days, the inflow due on the deadline day.
    expect(cn.forecast).toEqual([]);
    expect(cn.scheduledPayoutIds).toEqual(['s-cn-1003', 's-cn-1231', 's-cn-0102']);
    expect(cn.countedInflows).toEqual(['cn-settlement-0929', 'cn-settlement-1231']);
    expect(cn.components).toEqual({
      reservedMinor: 40_000n,
      unknownExposureMinor: 25_000n,
      settledAwaitingStatementMinor: 5_000n,
      scheduledMinor: 270_000n,
      forecastMinor: 0n,
      bufferMinor: 10_000n,
      confirmedInflowsMinor: 65_000n,
    });
    expect(cn.warnings.join('\n')).toMatch(
      /2027-01-01 … 2027-01-10: calendar CN has no data for 2027 \(covers 2019–2026\); these 10 days are counted as closed and not forecast/,
    );
    expect(cn.warnings.join('\n')).toContain('the first business day after the run is unknown');
    for (const a of plan.accounts) expectNoUnknownDayUsedAsBusinessDay(a);

    // The other calendars cover 2027: their plans are complete and carry none of the gap fields.
    const us = plan.accounts.find((a) => a.fundingAccountId === 'us-ach')!;
    expect(us.run).toMatchObject({ start: '2027-01-01', end: '2027-01-03', nextBusinessDay: '2027-01-04' });
    expect(us.forecast.map((f) => f.kind)).toEqual(['holiday', 'holiday', 'holiday', 'after_long_holiday']);
    expect('uncovered' in us || 'calendarGaps' in us).toBe(false);

    expect(plan.calendarGaps).toEqual([
      expect.objectContaining({
        ...NO_DATA_2027,
        fundingAccountIds: ['cn-hvps', 'cn-beps'],
        firstDate: '2027-01-01',
        message: expect.stringContaining('./dev payout calendar import CN 2027 FILE'),
      }),
    ]);
  });

  it('2026-12-30: a shortfall over the known days is still a transfer, due by the last covered business day', () => {
    const inputs = inputsUntil('2026-12-30');
    const plan = planPrefunding({
      now: new Date('2026-12-30T02:00:00Z'),
      asOf: '2026-12-30',
      inputs: {
        ...inputs,
        positions: inputs.positions.map((p) =>
          p.fundingAccountId === 'cn-beps' ? position('cn-beps', 'CNY', { confirmedMinor: 0n, reservedMinor: 10_000n }) : p,
        ),
      },
    });
    const beps = plan.accounts.find((a) => a.fundingAccountId === 'cn-beps')!;
    expect(beps.shortfallMinor).toBe(10_000n);
    expect(beps.transfer).toEqual({
      fromAccountId: 'cn-treasury',
      toAccountId: 'cn-beps',
      currency: 'CNY',
      amountMinor: 100_000n,
      deadline: '2026-12-31T07:30:00.000Z',
      deadlineDate: '2026-12-31',
    });
    expect(plan.transfers.map((t) => t.toAccountId)).toContain('cn-beps');
  });

  it('2026-12-30: alerts say the plan is partial and what to import, ahead of the deadline alerts', () => {
    const now = new Date('2026-12-31T06:30:00Z');
    const plan = planPrefunding({ now, asOf: '2026-12-31', inputs: inputsUntil('2026-12-31') });
    const alerts = fundingAlerts(plan, now);
    expect(alerts.slice(0, 2).map((a) => [a.kind, a.fundingAccountId])).toEqual([
      ['calendar_gap', 'cn-hvps'],
      ['calendar_gap', 'cn-beps'],
    ]);
    expect(alerts[0]).toMatchObject({
      severity: 'critical',
      kind: 'calendar_gap',
      code: 'PAYOUT_E_CALENDAR_NO_DATA',
      calendar: 'CN',
      year: 2027,
      deadline: '2026-12-31T08:00:00.000Z',
      msUntilDeadline: 90 * 60_000,
      action: './dev payout calendar import CN 2027 FILE (approved by a second person), then plan again',
    });
    expect(alerts[0]?.message).toMatch(
      /^cn-hvps: the plan is partial — calendar CN has no data for 2027 .*2027-01-01 … 2027-01-10 unknown .*import CN 2027/,
    );

    const text = formatPrefundingPlan(plan, alerts).join('\n');
    expect(text).toContain('PARTIAL PLAN: calendar CN has no data for 2027 (covers 2019–2026): the plan for cn-hvps, cn-beps is partial');
    expect(text).toContain('cn-hvps (CN_HVPS, calendar CN) — PARTIAL: calendar CN has no data for 2027 (covers 2019–2026)');
    expect(text).toContain('back to business UNKNOWN (no calendar data)');
    expect(text).toContain('— the last business day with calendar data (later only if 2027-01-01 turns out to be a business day)');
    expect(text).toMatch(
      / {2}UNKNOWN {6}2027-01-01, 2027-01-02, .* — no calendar data \(PAYOUT_E_CALENDAR_NO_DATA\): counted as closed, not forecast/,
    );
    expect(text).toMatch(/required {5}\S+ CNY AT LEAST/);
    expect(text).toContain('[critical] cn-hvps: the plan is partial');
  });

  it('2027-01-04: everything after 2026 unknown for CN — no deadline, no transfer, no guessed day; other calendars plan normally', () => {
    const now = new Date('2027-01-04T01:00:00Z');
    const base = inputsUntil('2026-12-31');
    // History keeps arriving on days the calendar cannot classify: left out, and said so.
    const history = [
      ...base.history,
      ...['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ fundingAccountId: 'cn-hvps', date, outflowMinor: 1n })),
    ];
    const plan = planPrefunding({
      now,
      asOf: '2027-01-04',
      inputs: {
        ...base,
        history,
        positions: [position('cn-hvps', 'CNY', { confirmedMinor: 0n, reservedMinor: 40_000n }), ...base.positions.slice(1)],
      },
    });
    const cn = plan.accounts.find((a) => a.fundingAccountId === 'cn-hvps')!;
    expect(cn.run).toEqual({
      start: '2027-01-04',
      end: '2027-01-13',
      days: cn.horizon,
      lastBusinessDayBefore: null,
      nextBusinessDay: null,
    });
    expect(cn.uncovered?.every((u) => u.kind === 'unknown' && u.business === null && u.reason.code === 'PAYOUT_E_CALENDAR_NO_DATA')).toBe(
      true,
    );
    expect(cn.deadline).toBeNull();
    expect(cn.shortfallMinor).toBeGreaterThan(0n);
    expect(cn.transfer).toBeUndefined(); // no day is known that money could land on
    expect(cn.countedInflows).toEqual([]);
    expect(cn.warnings).toContain(
      'no funding deadline is known: no business day with calendar data before the run; no transfer is planned for the shortfall',
    );
    expect(cn.warnings).toContain(
      '3 day(s) of outflow history left out of the forecast: calendar CN has no data for 2027 (covers 2019–2026)',
    );
    for (const a of plan.accounts) expectNoUnknownDayUsedAsBusinessDay(a);

    const us = plan.accounts.find((a) => a.fundingAccountId === 'us-ach')!;
    expect(us.run).toMatchObject({ start: '2027-01-09', nextBusinessDay: '2027-01-11' });
    expect(us.deadline?.date).toBe('2027-01-08');

    const alerts = fundingAlerts(plan, now);
    expect(alerts[0]).toMatchObject({
      kind: 'calendar_gap',
      fundingAccountId: 'cn-hvps',
      deadline: null,
      msUntilDeadline: null,
      shortfallMinor: cn.shortfallMinor,
    });
    expect(alerts.some((a) => a.kind !== 'calendar_gap' && a.fundingAccountId.startsWith('cn-'))).toBe(false);
    const text = formatPrefundingPlan(plan, alerts).join('\n');
    expect(text).toContain('deadline     UNKNOWN — no business day with calendar data before the run; no funding day can be named');
    expect(text).toMatch(/transfer {5}none planned: shortfall \S+ CNY for the days with calendar data but no funding deadline is known/);
    // JSON: nulls, not missing keys, for what is unknown.
    const json = JSON.parse(JSON.stringify(toJsonSafe(plan))) as { accounts: Record<string, unknown>[] };
    expect(json.accounts[0]).toMatchObject({
      deadline: null,
      run: { nextBusinessDay: null, lastBusinessDayBefore: null },
      uncovered: expect.arrayContaining([{ date: '2027-01-04', kind: 'unknown', business: null, reason: NO_DATA_2027 }]),
    });
  });

  it('once CN 2027 is imported, the same request gives a complete plan', () => {
    const checked = checkCalendarYearFile({
      calendar: 'CN',
      year: 2027,
      source: { notice: 'test fixture, not an official notice' },
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, name: "New Year's Day" })),
      workdays: [],
    });
    installCalendarYears([checked.file]);
    const plan = planPrefunding({ now: new Date('2026-12-30T02:00:00Z'), asOf: '2026-12-30', inputs: inputsUntil('2026-12-30') });
    expect(plan.calendarGaps).toBeUndefined();
    const cn = plan.accounts.find((a) => a.fundingAccountId === 'cn-hvps')!;
    expect(cn.run).toMatchObject({
      start: '2027-01-01',
      end: '2027-01-03',
      nextBusinessDay: '2027-01-04',
      lastBusinessDayBefore: '2026-12-31',
    });
    expect(cn.deadline).toMatchObject({ date: '2026-12-31', at: '2026-12-31T08:00:00.000Z' });
    expect(cn.deadline?.basis).toBeUndefined();
    expect(cn.forecast.map((f) => f.kind)).toEqual(['holiday', 'holiday', 'holiday', 'after_long_holiday']);
    expect(cn.uncovered).toBeUndefined();
  });
});
