import { PayoutError } from '@payout/domain';
import { addDays, cutoffInstant, getCalendar, localDateIn, zonedDateTimeToInstant, type LocalDate } from '@payout/calendar';
import type { ResolvedFundingAccount } from './funding-account.config.ts';

export interface FundingDeadline {
  /** The business day the funding must land on. */
  readonly date: LocalDate;
  /** The earlier of the two cut-offs below. */
  readonly at: Date;
  readonly internalCutoffAt: Date;
  /** The rail's cut-off that day; undefined when the rail has none or is closed that day. */
  readonly railCutoffAt: Date | undefined;
  readonly binding: 'internal' | 'rail';
}

/**
 * The funding deadline on business day `date`: the earlier of the bank's internal cut-off for
 * transfers between own accounts and the rail's cut-off, because money that lands after the
 * rail closes cannot pay anything out that day.
 *
 * @example fundingDeadline(resolveFundingAccount(hvps), '2026-09-30').at // 16:00 Asia/Shanghai when internal is 16:00 (HVPS closes 17:15)
 */
export function fundingDeadline(account: ResolvedFundingAccount, date: LocalDate): FundingDeadline {
  if (!account.calendar.isBusinessDay(date)) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `${date} is not a ${account.calendarId} business day: no funding can land that day`, {
      fundingAccountId: account.config.id,
      date,
    });
  }
  const internalCutoffAt = zonedDateTimeToInstant(date, account.config.internalCutoff, account.timeZone);
  const rail = account.rail;
  const railOpen = rail.cutoffs.length > 0 && (rail.calendar === null || getCalendar(rail.calendar).isBusinessDay(date));
  const railCutoffAt = railOpen ? cutoffInstant(rail, date, account.config.railCutoffName) : undefined;
  const railFirst = railCutoffAt !== undefined && railCutoffAt.getTime() < internalCutoffAt.getTime();
  return Object.freeze({
    date,
    at: railFirst ? railCutoffAt : internalCutoffAt,
    internalCutoffAt,
    railCutoffAt,
    binding: railFirst ? ('rail' as const) : ('internal' as const),
  });
}

// Longer than any closed run (Spring Festival is 9 days) with room for broken data to fail loudly.
const MAX_SEARCH_DAYS = 40;

/**
 * The first moment at or after `now` when money can be moved into the account: `now` itself
 * inside a business day's funding window (opening to deadline), otherwise the next window's
 * opening. This is when a held payout can expect funds at the earliest.
 *
 * @example nextFundingOpportunity(cnAccount, new Date('2026-09-30T10:00:00Z')) // 2026-10-08 09:00 Asia/Shanghai
 */
export function nextFundingOpportunity(account: ResolvedFundingAccount, now: Date): Date {
  const today = localDateIn(now, account.timeZone);
  for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
    const d = addDays(today, i);
    if (!account.calendar.isBusinessDay(d)) continue;
    const opens = zonedDateTimeToInstant(d, account.fundingOpensAt, account.timeZone);
    const deadline = fundingDeadline(account, d).at;
    if (now.getTime() < deadline.getTime()) return new Date(Math.max(opens.getTime(), now.getTime()));
  }
  throw new PayoutError(
    'PAYOUT_E_INTERNAL',
    `funding account ${account.config.id}: no funding window within ${MAX_SEARCH_DAYS} days of ${now.toISOString()}`,
  );
}
