import { PayoutError, parseMinorUnits, money } from '@payout/domain';
import { isCalendarId, isRailId, parseLocalDate } from '@payout/calendar';
import type { FundingAccountConfig } from '../liquidity/funding-account.config.ts';
import type { Position } from '../positions/position.ts';
import type { AccountOutflowObservation, ConfirmedInflow, LiquidityInputs, ScheduledPayout } from './liquidity-inputs.ts';

/**
 * Parses liquidity inputs from JSON (a file the CLI reads, an API body). Amounts are strings
 * of minor units ("1234500"); a JSON number anywhere money goes is refused. Every problem is
 * collected and reported at once (PAYOUT_E_VALIDATION with `details.problems`).
 *
 * @example parseLiquidityInputs(JSON.parse(text))
 */
export function parseLiquidityInputs(json: unknown): LiquidityInputs {
  const problems: string[] = [];
  const root = obj(json, '$', problems);
  const list = <T>(key: string, each: (o: Record<string, unknown>, at: string) => T | undefined, required: boolean): T[] => {
    const v = root?.[key];
    if (v === undefined && !required) return [];
    if (!Array.isArray(v)) {
      problems.push(`$.${key} must be an array`);
      return [];
    }
    return v.flatMap((x: unknown, i) => {
      const at = `$.${key}[${i}]`;
      const o = obj(x, at, problems);
      if (o === undefined) return [];
      const r = attempt(() => each(o, at), at, problems);
      return r === undefined ? [] : [r];
    });
  };
  const f = (o: Record<string, unknown>, at: string) => ({
    str: (k: string): string => str(o[k], `${at}.${k}`),
    opt: (k: string): string | undefined => (o[k] === undefined ? undefined : str(o[k], `${at}.${k}`)),
    minor: (k: string): bigint => minor(o[k], `${at}.${k}`),
    optMinor: (k: string): bigint | undefined => (o[k] === undefined ? undefined : minor(o[k], `${at}.${k}`)),
  });

  const accounts = list<FundingAccountConfig>(
    'accounts',
    (o, at) => {
      const g = f(o, at);
      const rail = g.str('rail');
      if (!isRailId(rail)) throw new Error(`${at}.rail: unknown rail ${JSON.stringify(rail)}`);
      const calendar = g.opt('calendar');
      if (calendar !== undefined && !isCalendarId(calendar))
        throw new Error(`${at}.calendar: unknown calendar ${JSON.stringify(calendar)}`);
      return {
        id: g.str('id'),
        currency: g.str('currency'),
        rail,
        railCutoffName: g.opt('railCutoffName'),
        calendar,
        timeZone: g.opt('timeZone'),
        internalCutoff: g.str('internalCutoff'),
        fundingOpensAt: g.opt('fundingOpensAt'),
        fundingSource: g.str('fundingSource'),
        bufferMinor: g.optMinor('bufferMinor'),
        transferRoundingMinor: g.optMinor('transferRoundingMinor'),
      };
    },
    true,
  );
  const positions = list<Position>(
    'positions',
    (o, at) => {
      const g = f(o, at);
      const confirmed = g.minor('confirmedMinor');
      const reserved = g.optMinor('reservedMinor') ?? 0n;
      const unknown = g.optMinor('unknownExposureMinor') ?? 0n;
      const settled = g.optMinor('settledAwaitingStatementMinor') ?? 0n;
      const currency = g.str('currency');
      money(0n, currency);
      return {
        fundingAccountId: g.str('fundingAccountId'),
        currency,
        confirmedMinor: confirmed,
        availableMinor: confirmed - reserved - unknown - settled,
        reservedMinor: reserved,
        unknownExposureMinor: unknown,
        settledAwaitingStatementMinor: settled,
        fundingInTransitMinor: g.optMinor('fundingInTransitMinor') ?? 0n,
        returnsInTransitMinor: g.optMinor('returnsInTransitMinor') ?? 0n,
        asOf: g.opt('asOf'),
      };
    },
    false,
  );
  const scheduled = list<ScheduledPayout>(
    'scheduled',
    (o, at) => {
      const g = f(o, at);
      return {
        payoutId: g.str('payoutId'),
        fundingAccountId: g.str('fundingAccountId'),
        amount: money(g.minor('amountMinor'), g.str('currency')),
        requestedExecutionDate: parseLocalDate(g.str('requestedExecutionDate')),
      };
    },
    false,
  );
  const history = list<AccountOutflowObservation>(
    'history',
    (o, at) => {
      const g = f(o, at);
      return { fundingAccountId: g.str('fundingAccountId'), date: parseLocalDate(g.str('date')), outflowMinor: g.minor('outflowMinor') };
    },
    false,
  );
  const confirmedInflows = list<ConfirmedInflow>(
    'confirmedInflows',
    (o, at) => {
      const g = f(o, at);
      return {
        reference: g.str('reference'),
        fundingAccountId: g.str('fundingAccountId'),
        amount: money(g.minor('amountMinor'), g.str('currency')),
        expectedDate: parseLocalDate(g.str('expectedDate')),
      };
    },
    false,
  );
  if (problems.length > 0) {
    throw new PayoutError(
      'PAYOUT_E_VALIDATION',
      `liquidity inputs are invalid: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`,
      {
        problems,
      },
    );
  }
  return { accounts, positions, scheduled, history, confirmedInflows };
}

function obj(v: unknown, at: string, problems: string[]): Record<string, unknown> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    problems.push(`${at} must be an object`);
    return undefined;
  }
  return v as Record<string, unknown>;
}

function str(v: unknown, at: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new Error(`${at} must be a non-empty string`);
  return v;
}

function minor(v: unknown, at: string): bigint {
  try {
    return parseMinorUnits(v);
  } catch {
    throw new Error(
      `${at} must be minor units as an integer string like "1234500", got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 30)) : typeof v}`,
    );
  }
}

function attempt<T>(fn: () => T, at: string, problems: string[]): T | undefined {
  try {
    return fn();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    problems.push(msg.startsWith(at) ? msg : `${at}: ${msg}`);
    return undefined;
  }
}
