import { PayoutError, currencyExponent } from '@payout/domain';
import {
  assertTimeZone,
  getCalendar,
  getRail,
  isCalendarId,
  parseLocalTime,
  type BusinessCalendar,
  type CalendarId,
  type RailId,
  type RailProfile,
} from '@payout/calendar';

/**
 * How one funding account is funded. The non-business days it must be pre-funded for come
 * from `calendar` (default: the rail's); 24×7 rails have no calendar of their own, but money
 * still only moves between own accounts on the bank's business days, so they must name one.
 */
export interface FundingAccountConfig {
  readonly id: string;
  readonly currency: string;
  readonly rail: RailId;
  /** Which of the rail's cut-offs bounds funding (default: the day's last). */
  readonly railCutoffName?: string | undefined;
  readonly calendar?: CalendarId | undefined;
  /** Zone of `internalCutoff` and `fundingOpensAt` (default: the calendar's). */
  readonly timeZone?: string | undefined;
  /** The bank's internal cut-off for transfers between own accounts, `HH:MM` local. */
  readonly internalCutoff: string;
  /** When treasury can first move money on a business day, `HH:MM` local (default 09:00). */
  readonly fundingOpensAt?: string | undefined;
  /** The configured account transfers into this one come from. */
  readonly fundingSource: string;
  /** Safety margin added to every requirement, minor units (default 0). */
  readonly bufferMinor?: bigint | undefined;
  /** Transfers are rounded up to a multiple of this, minor units (default 1: exact). */
  readonly transferRoundingMinor?: bigint | undefined;
}

export interface ResolvedFundingAccount {
  readonly config: FundingAccountConfig;
  readonly calendarId: CalendarId;
  readonly calendar: BusinessCalendar;
  readonly rail: RailProfile;
  readonly timeZone: string;
  readonly fundingOpensAt: string;
  readonly bufferMinor: bigint;
  readonly transferRoundingMinor: bigint;
}

/** Checks a config and looks up its calendar and rail; throws PAYOUT_E_CONFIG_INVALID naming the field. */
export function resolveFundingAccount(config: FundingAccountConfig): ResolvedFundingAccount {
  const bad = (field: string, why: string): PayoutError =>
    new PayoutError('PAYOUT_E_CONFIG_INVALID', `funding account ${String(config.id).slice(0, 60)}: ${field} ${why}`, {
      fundingAccountId: config.id,
      field,
    });
  if (typeof config.id !== 'string' || config.id.length === 0) throw bad('id', 'must be a non-empty string');
  if (typeof config.fundingSource !== 'string' || config.fundingSource.length === 0)
    throw bad('fundingSource', 'must name the source account');
  currencyExponent(config.currency);
  const rail = getRail(config.rail);
  if (rail.currency !== config.currency) throw bad('currency', `is ${config.currency} but rail ${rail.id} pays in ${rail.currency}`);
  const calendarId = config.calendar ?? rail.calendar;
  if (calendarId === null || !isCalendarId(calendarId))
    throw bad('calendar', `is required: rail ${rail.id} runs 24×7 and has no business-day calendar`);
  const calendar = getCalendar(calendarId);
  const timeZone = config.timeZone ?? calendar.timeZone;
  assertTimeZone(timeZone);
  const time = (field: string, v: string): number => {
    try {
      return parseLocalTime(v);
    } catch {
      throw bad(field, `must be HH:MM, got ${JSON.stringify(String(v).slice(0, 10))}`);
    }
  };
  const fundingOpensAt = config.fundingOpensAt ?? '09:00';
  if (time('fundingOpensAt', fundingOpensAt) >= time('internalCutoff', config.internalCutoff))
    throw bad('fundingOpensAt', 'must be before internalCutoff');
  if (config.railCutoffName !== undefined && !rail.cutoffs.some((c) => c.name === config.railCutoffName)) {
    throw bad('railCutoffName', `is not a cut-off of ${rail.id} (${rail.cutoffs.map((c) => c.name).join(', ') || 'none'})`);
  }
  const bufferMinor = config.bufferMinor ?? 0n;
  const transferRoundingMinor = config.transferRoundingMinor ?? 1n;
  if (typeof bufferMinor !== 'bigint' || bufferMinor < 0n) throw bad('bufferMinor', 'must be a non-negative bigint');
  if (typeof transferRoundingMinor !== 'bigint' || transferRoundingMinor < 1n)
    throw bad('transferRoundingMinor', 'must be a positive bigint');
  return Object.freeze({ config, calendarId, calendar, rail, timeZone, fundingOpensAt, bufferMinor, transferRoundingMinor });
}
