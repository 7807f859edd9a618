import { money } from '@payout/domain';
import { addDays, getCalendar, type CalendarId } from '@payout/calendar';
import { describe, expect, it } from 'vitest';
import { makeDayClassifier, type ForecastDayKind } from '../forecast/day-kind.ts';
import type { FundingAccountConfig } from '../liquidity/funding-account.config.ts';
import { emptyPosition, type Position } from '../positions/position.ts';
import { fundingAlerts } from './funding-alerts.ts';
import { toJsonSafe } from './json-safe.ts';
import type { AccountOutflowObservation, LiquidityInputs } from './liquidity-inputs.ts';
import { formatPrefundingPlan } from './plan.format.ts';
import { planPrefunding } from './prefunding.plan.ts';

// Flat history per kind of day (as in prefunding.plan.test.ts), on days the calendar covers.
const PER_KIND: Record<ForecastDayKind, bigint> = { weekday: 100_000n, weekend: 50_000n, holiday: 70_000n, after_long_holiday: 300_000n };

function flatHistory(fundingAccountId: string, calendar: CalendarId, until: string, days = 420): AccountOutflowObservation[] {
  const classify = makeDayClassifier(getCalendar(calendar));
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(until, -(i + 1));
    return { fundingAccountId, date, outflowMinor: PER_KIND[classify(date).kind] };
  });
}

const CN: FundingAccountConfig = { id: 'cn-hvps', currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury', bufferMinor: 10_000n };
const CN_BEPS: FundingAccountConfig = { id: 'cn-beps', currency: 'CNY', rail: 'CN_BEPS', calendar: 'CN', internalCutoff: '15:30', fundingSource: 'cn-treasury', transferRoundingMinor: 100_000n };
const US: FundingAccountConfig = { id: 'us-ach', currency: 'USD', rail: 'US_ACH', internalCutoff: '17:00', fundingSource: 'us-treasury' };
const EU: FundingAccountConfig = { id: 'eu-sct', currency: 'EUR', rail: 'EU_SEPA_SCT', internalCutoff: '15:30', fundingSource: 'eu-treasury' };

function position(id: string, currency: string, p: Partial<Position> = {}): Position {
  const base = { ...emptyPosition(id, currency), confirmedMinor: 1_000_000n, ...p };
  return { ...base, availableMinor: base.confirmedMinor - base.reservedMinor - base.unknownExposureMinor - base.settledAwaitingStatementMinor };
}

/** Four accounts on three calendars, with history up to `until` and a few scheduled payouts and inflows. */
function inputsUntil(until: string): LiquidityInputs {
  return {
    accounts: [CN, CN_BEPS, US, EU],
    positions: [
      position('cn-hvps', 'CNY', { confirmedMinor: 800_000n, reservedMinor: 40_000n, unknownExposureMinor: 25_000n, settledAwaitingStatementMinor: 5_000n, fundingInTransitMinor: 20_000n }),
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
    history: [...flatHistory('cn-hvps', 'CN', until), ...flatHistory('cn-beps', 'CN', until), ...flatHistory('us-ach', 'US-FED', until), ...flatHistory('eu-sct', 'TARGET2', until)],
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
