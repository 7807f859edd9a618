import { PayoutError } from '@payout/domain';
import { localDateIn, parseLocalDate, type CalendarId, type LocalDate, type RailId } from '@payout/calendar';
import { DEFAULT_LONG_RUN_DAYS, makeDayClassifier } from '../forecast/day-kind.ts';
import { DEFAULT_FORECAST_SETTINGS, makeOutflowForecaster, type DayForecast, type ForecastSettings } from '../forecast/outflow-forecast.ts';
import { resolveFundingAccount, type ResolvedFundingAccount } from '../liquidity/funding-account.config.ts';
import { fundingDeadline } from '../liquidity/funding-window.ts';
import { emptyPosition, type Position } from '../positions/position.ts';
import type { ConfirmedInflow, LiquidityInputs } from './liquidity-inputs.ts';

export interface PlanSettings extends ForecastSettings {
  /** Runs at least this long are holidays and leave a backlog on the next business day. */
  readonly longRunDays: number;
  /**
   * Cover the first business day after the run too: funds moved that morning land after the
   * day's first payouts (and after a long holiday that day carries the backlog). Default true.
   */
  readonly includeNextBusinessDay: boolean;
}

export const DEFAULT_PLAN_SETTINGS: PlanSettings = Object.freeze({
  ...DEFAULT_FORECAST_SETTINGS,
  longRunDays: DEFAULT_LONG_RUN_DAYS,
  includeNextBusinessDay: true,
});

export interface PrefundingRequest {
  readonly now: Date;
  /** The day the plan is made for (default: each account's local date of `now`). */
  readonly asOf?: LocalDate | undefined;
  readonly inputs: LiquidityInputs;
  readonly settings?: Partial<PlanSettings> | undefined;
}

export interface FundingTransfer {
  readonly fromAccountId: string;
  readonly toAccountId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  /** ISO instant the money must have landed by. */
  readonly deadline: string;
  readonly deadlineDate: LocalDate;
}

export interface AccountPlan {
  readonly fundingAccountId: string;
  readonly currency: string;
  readonly rail: RailId;
  readonly calendar: CalendarId;
  /** The zone the account's cut-offs are stated in. */
  readonly timeZone: string;
  readonly asOf: LocalDate;
  readonly run: {
    readonly start: LocalDate;
    readonly end: LocalDate;
    readonly days: readonly LocalDate[];
    readonly lastBusinessDayBefore: LocalDate;
    readonly nextBusinessDay: LocalDate;
  };
  /** Every day the funding must last through: the run, plus the next business day if configured. */
  readonly horizon: readonly LocalDate[];
  readonly deadline: {
    readonly at: string;
    readonly date: LocalDate;
    readonly internalCutoffAt: string;
    readonly railCutoffAt: string | undefined;
    readonly binding: 'internal' | 'rail';
    readonly passed: boolean;
  };
  readonly position: Position;
  /** required = reserved + unknown + settled awaiting statement + scheduled + forecast + buffer − confirmed inflows */
  readonly components: {
    readonly reservedMinor: bigint;
    readonly unknownExposureMinor: bigint;
    readonly settledAwaitingStatementMinor: bigint;
    readonly scheduledMinor: bigint;
    readonly forecastMinor: bigint;
    readonly bufferMinor: bigint;
    readonly confirmedInflowsMinor: bigint;
  };
  readonly requiredMinor: bigint;
  /** The statement-confirmed balance the requirement is met from. */
  readonly confirmedMinor: bigint;
  /** max(0, required − confirmed) */
  readonly shortfallMinor: bigint;
  readonly transfer: FundingTransfer | undefined;
  readonly forecast: readonly DayForecast[];
  readonly scheduledPayoutIds: readonly string[];
  readonly countedInflows: readonly string[];
  /** Inflows expected only after the deadline day: not counted (they cannot pay the run's first days). */
  readonly excludedInflows: readonly string[];
  readonly warnings: readonly string[];
}

export interface PrefundingPlan {
  readonly id: string;
  readonly createdAt: string;
  readonly settings: PlanSettings;
  readonly accounts: readonly AccountPlan[];
  readonly transfers: readonly FundingTransfer[];
  /** The request exactly as given, so the plan can be recorded and audited later. */
  readonly inputs: { readonly now: string; readonly asOf: LocalDate | undefined; readonly data: LiquidityInputs };
}

/**
 * The pre-funding plan: for each funding account, the next run of non-business days on its
 * calendar, what the account must hold before the run's funding deadline, and the transfer
 * to make when the statement-confirmed balance falls short.
 *
 * Pure: `now` and the inputs are arguments; the same request always gives the same plan.
 * Throws PAYOUT_E_CONFIG_INVALID for a bad account config, PAYOUT_E_CURRENCY_MISMATCH when a
 * position or payout is in another currency than its account, and
 * PAYOUT_E_CALENDAR_NO_DATA when the run reaches a year the calendar has no data for.
 *
 * @example planPrefunding({ now: new Date('2026-09-30T01:00:00Z'), inputs }).transfers
 */
export function planPrefunding(request: PrefundingRequest): PrefundingPlan {
  const settings: PlanSettings = Object.freeze({ ...DEFAULT_PLAN_SETTINGS, ...(request.settings ?? {}) });
  if (!(request.now instanceof Date) || !Number.isFinite(request.now.getTime())) throw new PayoutError('PAYOUT_E_VALIDATION', 'plan: now must be a valid Date');
  if (request.asOf !== undefined) parseLocalDate(request.asOf);
  const ids = new Set<string>();
  const accounts = request.inputs.accounts.map((cfg) => {
    if (ids.has(cfg.id)) throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `funding account ${cfg.id} is configured twice`, { fundingAccountId: cfg.id });
    ids.add(cfg.id);
    return planAccount(resolveFundingAccount(cfg), request, settings);
  });
  const transfers = accounts.flatMap((a) => (a.transfer === undefined ? [] : [a.transfer]));
  return Object.freeze({
    id: `prefunding|${request.now.toISOString()}|${request.asOf ?? 'today'}`,
    createdAt: request.now.toISOString(),
    settings,
    accounts,
    transfers,
    inputs: { now: request.now.toISOString(), asOf: request.asOf, data: request.inputs },
  });
}

function planAccount(account: ResolvedFundingAccount, request: PrefundingRequest, settings: PlanSettings): AccountPlan {
  const { config, calendar: cal } = account;
  const { inputs, now } = request;
  const asOf = request.asOf ?? localDateIn(now, account.timeZone);
  // On a closed day the current run's deadline is gone; plan the next one that can still be funded.
  const anchor = cal.isBusinessDay(asOf) ? asOf : cal.nextBusinessDay(asOf);
  const run = cal.nonBusinessRunAfter(anchor);
  const horizon = settings.includeNextBusinessDay ? [...run.days, run.nextBusinessDay] : [...run.days];
  const horizonEnd = horizon[horizon.length - 1] ?? run.end;
  const deadline = fundingDeadline(account, run.lastBusinessDayBefore);

  const position = inputs.positions.find((p) => p.fundingAccountId === config.id && p.currency === config.currency) ?? emptyPosition(config.id, config.currency);
  for (const p of inputs.positions) {
    if (p.fundingAccountId === config.id && p.currency !== config.currency) {
      throw new PayoutError('PAYOUT_E_CURRENCY_MISMATCH', `funding account ${config.id} is ${config.currency} but has a position in ${p.currency}`, {
        fundingAccountId: config.id,
      });
    }
  }

  const scheduled = inputs.scheduled.filter((s) => s.fundingAccountId === config.id && parseLocalDate(s.requestedExecutionDate) <= horizonEnd);
  const scheduledMinor = sumIn(config.id, config.currency, scheduled.map((s) => s.amount));

  const classify = makeDayClassifier(cal, settings.longRunDays);
  const history = inputs.history.filter((h) => h.fundingAccountId === config.id);
  const forecaster = makeOutflowForecaster(history, classify, settings);
  const forecast = horizon.map((d) => forecaster(d, asOf));
  const forecastMinor = forecast.reduce((s, f) => s + f.amountMinor, 0n);

  const inflows = inputs.confirmedInflows.filter((i) => i.fundingAccountId === config.id);
  const counted = inflows.filter((i) => parseLocalDate(i.expectedDate) <= run.lastBusinessDayBefore);
  const excluded = inflows.filter((i) => !counted.includes(i));
  const confirmedInflowsMinor = position.fundingInTransitMinor + sumIn(config.id, config.currency, counted.map((i: ConfirmedInflow) => i.amount));

  const components = {
    reservedMinor: position.reservedMinor,
    unknownExposureMinor: position.unknownExposureMinor,
    settledAwaitingStatementMinor: position.settledAwaitingStatementMinor,
    scheduledMinor,
    forecastMinor,
    bufferMinor: account.bufferMinor,
    confirmedInflowsMinor,
  };
  const requiredMinor =
    components.reservedMinor +
    components.unknownExposureMinor +
    components.settledAwaitingStatementMinor +
    components.scheduledMinor +
    components.forecastMinor +
    components.bufferMinor -
    components.confirmedInflowsMinor;
  const shortfallMinor = requiredMinor > position.confirmedMinor ? requiredMinor - position.confirmedMinor : 0n;
  const amountMinor = roundUp(shortfallMinor, account.transferRoundingMinor);
  const passed = now.getTime() >= deadline.at.getTime();

  const warnings: string[] = [];
  for (const f of forecast) {
    if (f.basis === 'none') warnings.push(`${f.date} (${f.kind}): no outflow history; forecast 0`);
    else if (f.basis === 'all') warnings.push(`${f.date} (${f.kind}): no history for this kind of day; used all days`);
    else if (f.capped) warnings.push(`${f.date} (${f.kind}): only ${f.sampleSize} samples; used the largest`);
  }
  if (passed && shortfallMinor > 0n) warnings.push(`the funding deadline ${deadline.at.toISOString()} has passed with a shortfall`);

  return Object.freeze({
    fundingAccountId: config.id,
    currency: config.currency,
    rail: account.rail.id,
    calendar: account.calendarId,
    timeZone: account.timeZone,
    asOf,
    run: { start: run.start, end: run.end, days: run.days, lastBusinessDayBefore: run.lastBusinessDayBefore, nextBusinessDay: run.nextBusinessDay },
    horizon,
    deadline: {
      at: deadline.at.toISOString(),
      date: deadline.date,
      internalCutoffAt: deadline.internalCutoffAt.toISOString(),
      railCutoffAt: deadline.railCutoffAt?.toISOString(),
      binding: deadline.binding,
      passed,
    },
    position,
    components,
    requiredMinor,
    confirmedMinor: position.confirmedMinor,
    shortfallMinor,
    transfer:
      amountMinor === 0n
        ? undefined
        : { fromAccountId: config.fundingSource, toAccountId: config.id, currency: config.currency, amountMinor, deadline: deadline.at.toISOString(), deadlineDate: deadline.date },
    forecast,
    scheduledPayoutIds: scheduled.map((s) => s.payoutId),
    countedInflows: counted.map((i) => i.reference),
    excludedInflows: excluded.map((i) => i.reference),
    warnings,
  });
}

function sumIn(fundingAccountId: string, currency: string, amounts: readonly { amountMinor: bigint; currency: string }[]): bigint {
  let total = 0n;
  for (const m of amounts) {
    if (m.currency !== currency) {
      throw new PayoutError('PAYOUT_E_CURRENCY_MISMATCH', `funding account ${fundingAccountId} is ${currency}; an input amount is in ${m.currency}`, { fundingAccountId });
    }
    if (typeof m.amountMinor !== 'bigint' || m.amountMinor < 0n) {
      throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', `funding account ${fundingAccountId}: input amounts must be non-negative bigints`, { fundingAccountId });
    }
    total += m.amountMinor;
  }
  return total;
}

function roundUp(x: bigint, unit: bigint): bigint {
  return x === 0n ? 0n : ((x + unit - 1n) / unit) * unit;
}
