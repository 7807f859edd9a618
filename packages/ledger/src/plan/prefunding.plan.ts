import { PayoutError } from '@payout/domain';
import { localDateIn, parseLocalDate, type CalendarId, type LocalDate, type RailId } from '@payout/calendar';
import { describeGap, distinctGaps, orCalendarGap, type CalendarGapReason, type UncoveredDay } from '../forecast/calendar-gap.ts';
import { DEFAULT_LONG_RUN_DAYS, makeDayClassifier } from '../forecast/day-kind.ts';
import { DEFAULT_FORECAST_SETTINGS, makeOutflowForecaster, type DayForecast, type ForecastSettings } from '../forecast/outflow-forecast.ts';
import { resolveFundingAccount, type ResolvedFundingAccount } from '../liquidity/funding-account.config.ts';
import { fundingDeadline } from '../liquidity/funding-window.ts';
import { fundingRun } from './funding-run.ts';
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

/**
 * One account's plan. When the calendar has no data for some of the days the plan needs
 * (PAYOUT_E_CALENDAR_NO_DATA), the plan is partial and says so instead of failing: those days
 * are listed in `uncovered` (`kind: 'unknown'`, `business: null`) and counted as closed (no
 * funding lands on them), their outflow is not forecast (so `requiredMinor` is a lower bound),
 * a business day that is not known is `null` rather than guessed, and `calendarGaps` names the
 * calendar years to import. Fully covered, none of these fields is present.
 */
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
    /** null when no business day with calendar data comes before the run. */
    readonly lastBusinessDayBefore: LocalDate | null;
    /** null when the run reaches days without calendar data: when it ends is unknown. */
    readonly nextBusinessDay: LocalDate | null;
  };
  /** Every day the funding must last through: the run, plus the next business day if configured and known. */
  readonly horizon: readonly LocalDate[];
  /** null when no funding day is known (no business day with calendar data before the run). */
  readonly deadline: {
    readonly at: string;
    readonly date: LocalDate;
    readonly internalCutoffAt: string;
    readonly railCutoffAt: string | undefined;
    readonly binding: 'internal' | 'rail';
    readonly passed: boolean;
    /**
     * Present when the run's first day has no calendar data: the deadline is on the last
     * business day the calendar knows — the latest safe moment. If that day turns out to be a
     * business day once its year is imported, the real deadline is later.
     */
    readonly basis?: 'last_covered_business_day';
  } | null;
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
  /** undefined when there is no shortfall, or when no deadline is known (no day to land it on). */
  readonly transfer: FundingTransfer | undefined;
  /** One per horizon day with calendar data. */
  readonly forecast: readonly DayForecast[];
  readonly scheduledPayoutIds: readonly string[];
  readonly countedInflows: readonly string[];
  /** Inflows expected only after the deadline day: not counted (they cannot pay the run's first days). */
  readonly excludedInflows: readonly string[];
  readonly warnings: readonly string[];
  /** Horizon days the calendar has no data for: counted as closed, not forecast. Only on a partial plan. */
  readonly uncovered?: readonly UncoveredDay[];
  /** The calendar years this account's plan lacks (what to import). Only on a partial plan. */
  readonly calendarGaps?: readonly CalendarGapReason[];
}

/** A calendar year some accounts' plans lack, with what it leaves unknown. */
export interface PlanCalendarGap extends CalendarGapReason {
  readonly fundingAccountIds: readonly string[];
  /** The first day the plans needed and could not get. */
  readonly firstDate: LocalDate | null;
  readonly message: string;
}

export interface PrefundingPlan {
  readonly id: string;
  readonly createdAt: string;
  readonly settings: PlanSettings;
  readonly accounts: readonly AccountPlan[];
  readonly transfers: readonly FundingTransfer[];
  /**
   * Calendar years without data that some account plans need: those plans are partial (see
   * AccountPlan). Absent when every calendar covers every day the plan needs.
   */
  readonly calendarGaps?: readonly PlanCalendarGap[];
  /** The request exactly as given, so the plan can be recorded and audited later. */
  readonly inputs: { readonly now: string; readonly asOf: LocalDate | undefined; readonly data: LiquidityInputs };
}

/**
 * The pre-funding plan: for each funding account, the next run of non-business days on its
 * calendar, what the account must hold before the run's funding deadline, and the transfer
 * to make when the statement-confirmed balance falls short.
 *
 * Pure: `now` and the inputs are arguments; the same request always gives the same plan.
 * Throws PAYOUT_E_CONFIG_INVALID for a bad account config and PAYOUT_E_CURRENCY_MISMATCH when
 * a position or payout is in another currency than its account. A year a calendar has no data
 * for never fails the plan: the days it leaves unknown are marked, the days with data are
 * still planned (see AccountPlan), and `calendarGaps` says which years to import.
 *
 * @example planPrefunding({ now: new Date('2026-09-30T01:00:00Z'), inputs }).transfers
 */
export function planPrefunding(request: PrefundingRequest): PrefundingPlan {
  const settings: PlanSettings = Object.freeze({ ...DEFAULT_PLAN_SETTINGS, ...(request.settings ?? {}) });
  if (!(request.now instanceof Date) || !Number.isFinite(request.now.getTime()))
    throw new PayoutError('PAYOUT_E_VALIDATION', 'plan: now must be a valid Date');
  if (request.asOf !== undefined) parseLocalDate(request.asOf);
  const ids = new Set<string>();
  const accounts = request.inputs.accounts.map((cfg) => {
    if (ids.has(cfg.id))
      throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `funding account ${cfg.id} is configured twice`, { fundingAccountId: cfg.id });
    ids.add(cfg.id);
    return planAccount(resolveFundingAccount(cfg), request, settings);
  });
  const transfers = accounts.flatMap((a) => (a.transfer === undefined ? [] : [a.transfer]));
  const calendarGaps = planCalendarGaps(accounts);
  return Object.freeze({
    id: `prefunding|${request.now.toISOString()}|${request.asOf ?? 'today'}`,
    createdAt: request.now.toISOString(),
    settings,
    accounts,
    transfers,
    ...(calendarGaps.length === 0 ? {} : { calendarGaps }),
    inputs: { now: request.now.toISOString(), asOf: request.asOf, data: request.inputs },
  });
}

function planAccount(account: ResolvedFundingAccount, request: PrefundingRequest, settings: PlanSettings): AccountPlan {
  const { config, calendar: cal } = account;
  const { inputs, now } = request;
  const asOf = request.asOf ?? localDateIn(now, account.timeZone);
  // On a closed day the current run's deadline is gone; plan the next one that can still be funded.
  const run = fundingRun(cal, asOf);
  const horizon = settings.includeNextBusinessDay && run.nextBusinessDay !== null ? [...run.days, run.nextBusinessDay] : [...run.days];
  const horizonEnd = horizon[horizon.length - 1] ?? run.end;
  const uncoveredDates = new Set(run.uncovered.map((u) => u.date));
  const gaps: CalendarGapReason[] = run.uncovered.map((u) => u.reason);
  const lastBusinessDay = run.lastBusinessDayBefore;
  const deadlineAnswer = lastBusinessDay === null ? undefined : orCalendarGap(() => fundingDeadline(account, lastBusinessDay));
  if (deadlineAnswer?.ok === false) gaps.push(deadlineAnswer.gap);
  const deadline = deadlineAnswer?.ok === true ? deadlineAnswer.value : undefined;

  const position =
    inputs.positions.find((p) => p.fundingAccountId === config.id && p.currency === config.currency) ??
    emptyPosition(config.id, config.currency);
  for (const p of inputs.positions) {
    if (p.fundingAccountId === config.id && p.currency !== config.currency) {
      throw new PayoutError(
        'PAYOUT_E_CURRENCY_MISMATCH',
        `funding account ${config.id} is ${config.currency} but has a position in ${p.currency}`,
        {
          fundingAccountId: config.id,
        },
      );
    }
  }

  // Scheduled amounts are known even on days without calendar data: counted (conservative).
  const scheduled = inputs.scheduled.filter(
    (s) => s.fundingAccountId === config.id && parseLocalDate(s.requestedExecutionDate) <= horizonEnd,
  );
  const scheduledMinor = sumIn(
    config.id,
    config.currency,
    scheduled.map((s) => s.amount),
  );

  const classify = makeDayClassifier(cal, settings.longRunDays);
  const history = inputs.history.filter((h) => h.fundingAccountId === config.id);
  const forecaster = makeOutflowForecaster(history, classify, settings);
  // A day without data has no kind: no forecast (the plan says so instead of guessing one).
  const forecast = horizon.filter((d) => !uncoveredDates.has(d)).map((d) => forecaster(d, asOf));
  const forecastMinor = forecast.reduce((s, f) => s + f.amountMinor, 0n);

  const inflows = inputs.confirmedInflows.filter((i) => i.fundingAccountId === config.id);
  // With no funding day known, no expected inflow can be counted on before the run.
  const counted = lastBusinessDay === null ? [] : inflows.filter((i) => parseLocalDate(i.expectedDate) <= lastBusinessDay);
  const excluded = inflows.filter((i) => !counted.includes(i));
  const confirmedInflowsMinor =
    position.fundingInTransitMinor +
    sumIn(
      config.id,
      config.currency,
      counted.map((i: ConfirmedInflow) => i.amount),
    );

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
  const passed = deadline !== undefined && now.getTime() >= deadline.at.getTime();

  const warnings: string[] = [];
  for (const f of forecast) {
    if (f.basis === 'none') warnings.push(`${f.date} (${f.kind}): no outflow history; forecast 0`);
    else if (f.basis === 'all') warnings.push(`${f.date} (${f.kind}): no history for this kind of day; used all days`);
    else if (f.capped) warnings.push(`${f.date} (${f.kind}): only ${f.sampleSize} samples; used the largest`);
  }
  if (deadline !== undefined && passed && shortfallMinor > 0n)
    warnings.push(`the funding deadline ${deadline.at.toISOString()} has passed with a shortfall`);
  // A covered day next to days without data is classified with them counted as closed.
  const partlyClassified = forecast.flatMap((f) => {
    const gap = classify(f.date).gap;
    return gap === undefined ? [] : [{ date: f.date, kind: f.kind, gap }];
  });
  const unclassified = forecaster.unclassified.filter((u) => u.date < asOf);
  warnings.push(...gapWarnings(run, deadline === undefined, shortfallMinor, partlyClassified, unclassified));
  // History without data only shrinks the sample (a warning); it leaves no day of the plan unknown.
  gaps.push(...partlyClassified.map((p) => p.gap));
  const calendarGaps = distinctGaps(gaps);

  return Object.freeze({
    fundingAccountId: config.id,
    currency: config.currency,
    rail: account.rail.id,
    calendar: account.calendarId,
    timeZone: account.timeZone,
    asOf,
    run: {
      start: run.start,
      end: run.end,
      days: run.days,
      lastBusinessDayBefore: run.lastBusinessDayBefore,
      nextBusinessDay: run.nextBusinessDay,
    },
    horizon,
    deadline:
      deadline === undefined
        ? null
        : {
            at: deadline.at.toISOString(),
            date: deadline.date,
            internalCutoffAt: deadline.internalCutoffAt.toISOString(),
            railCutoffAt: deadline.railCutoffAt?.toISOString(),
            binding: deadline.binding,
            passed,
            ...(run.startUnknown ? { basis: 'last_covered_business_day' as const } : {}),
          },
    position,
    components,
    requiredMinor,
    confirmedMinor: position.confirmedMinor,
    shortfallMinor,
    transfer:
      amountMinor === 0n || deadline === undefined
        ? undefined
        : {
            fromAccountId: config.fundingSource,
            toAccountId: config.id,
            currency: config.currency,
            amountMinor,
            deadline: deadline.at.toISOString(),
            deadlineDate: deadline.date,
          },
    forecast,
    scheduledPayoutIds: scheduled.map((s) => s.payoutId),
    countedInflows: counted.map((i) => i.reference),
    excludedInflows: excluded.map((i) => i.reference),
    warnings,
    ...(calendarGaps.length === 0 ? {} : { uncovered: run.uncovered, calendarGaps }),
  });
}

/** What a partial plan could not know, in the words a treasurer reads next to the numbers. */
function gapWarnings(
  run: ReturnType<typeof fundingRun>,
  noDeadline: boolean,
  shortfallMinor: bigint,
  partlyClassified: readonly { readonly date: LocalDate; readonly kind: string }[],
  unclassified: readonly { readonly date: LocalDate; readonly reason: CalendarGapReason }[],
): string[] {
  const out: string[] = [];
  const u = run.uncovered;
  const first = u[0];
  const last = u[u.length - 1];
  if (first !== undefined && last !== undefined) {
    const span = first.date === last.date ? first.date : `${first.date} … ${last.date}`;
    out.push(
      `${span}: ${describeGap(first.reason)}; ${u.length === 1 ? 'this day is' : `these ${u.length} days are`} counted as closed and not forecast, so the requirement covers only the days with calendar data`,
    );
    if (run.nextBusinessDay === null) out.push(`the first business day after the run is unknown (${describeGap(first.reason)})`);
    if (run.startUnknown && run.lastBusinessDayBefore !== null && !noDeadline) {
      out.push(
        `the deadline is on ${run.lastBusinessDayBefore}, the last business day with calendar data; it is later only if ${first.date} turns out to be a business day`,
      );
    }
  }
  if (noDeadline)
    out.push(
      `no funding deadline is known: no business day with calendar data before the run${shortfallMinor > 0n ? '; no transfer is planned for the shortfall' : ''}`,
    );
  for (const p of partlyClassified)
    out.push(`${p.date} (${p.kind}): classified with a neighbouring day without calendar data counted as closed`);
  if (unclassified.length > 0)
    out.push(`${unclassified.length} day(s) of outflow history left out of the forecast: ${describeGap(unclassified[0]!.reason)}`);
  return out;
}

/** The calendar years the accounts' plans lack, each with the accounts it affects. */
function planCalendarGaps(accounts: readonly AccountPlan[]): PlanCalendarGap[] {
  const byKey = new Map<string, { reason: CalendarGapReason; ids: string[]; first: LocalDate | null }>();
  for (const a of accounts) {
    for (const g of a.calendarGaps ?? []) {
      const key = `${g.calendar}|${g.year}`;
      const entry = byKey.get(key) ?? { reason: g, ids: [], first: null };
      entry.ids.push(a.fundingAccountId);
      const firstDay = (a.uncovered ?? []).find((u) => u.reason.calendar === g.calendar && u.reason.year === g.year)?.date ?? null;
      if (firstDay !== null && (entry.first === null || firstDay < entry.first)) entry.first = firstDay;
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()].map(({ reason, ids, first }) =>
    Object.freeze({
      ...reason,
      fundingAccountIds: ids,
      firstDate: first,
      message: `${describeGap(reason)}: the plan for ${ids.join(', ')} is partial — import the official ${reason.calendar} ${reason.year} list (./dev payout calendar import ${reason.calendar} ${reason.year} FILE, approved by a second person) and plan again`,
    }),
  );
}

function sumIn(fundingAccountId: string, currency: string, amounts: readonly { amountMinor: bigint; currency: string }[]): bigint {
  let total = 0n;
  for (const m of amounts) {
    if (m.currency !== currency) {
      throw new PayoutError(
        'PAYOUT_E_CURRENCY_MISMATCH',
        `funding account ${fundingAccountId} is ${currency}; an input amount is in ${m.currency}`,
        { fundingAccountId },
      );
    }
    if (typeof m.amountMinor !== 'bigint' || m.amountMinor < 0n) {
      throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', `funding account ${fundingAccountId}: input amounts must be non-negative bigints`, {
        fundingAccountId,
      });
    }
    total += m.amountMinor;
  }
  return total;
}

function roundUp(x: bigint, unit: bigint): bigint {
  return x === 0n ? 0n : ((x + unit - 1n) / unit) * unit;
}
