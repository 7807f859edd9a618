import type { BankProfileJson } from '@payout/bank';
import type { SimBankConfigInput } from '@payout/bank-sim';
import { getCalendar, zonedDateTimeToInstant } from '@payout/calendar';
import type { ChannelsJson } from '@payout/workers';
import { bankProfile, type ProfileOverrides, type SimDialect } from './bank-profile.ts';

/** A simulated bank together with the profile the workers route and poll it by. */
export type SimBankWithProfile = SimBankConfigInput & { readonly profile: BankProfileJson };

export interface SimBankSpec {
  readonly id: string;
  readonly dialect: SimDialect;
  /** The debtor (funding) account at the bank, opened with 1 trillion CNY. */
  readonly account: string;
  readonly behaviour?: SimBankConfigInput['behaviour'];
  readonly hiddenLimitMinor?: string;
  readonly duplicateHandling?: 'reject' | 'execute_again';
  /** Overrides of the workers' profile (see `bankProfile` for the defaults). */
  readonly profile?: ProfileOverrides;
  /** The rest of the simulator's bank config: a display name, closed accounts, outages, returns … */
  readonly sim?: Partial<SimBankConfigInput>;
}

/**
 * A CNY bank for the simulator, with the profile the workers route and poll by: `bankProfile`'s
 * defaults for the dialect, 50 queries and 200 submissions a second, refusing a reused end-to-end
 * id unless `duplicateHandling` is 'execute_again'.
 *
 * @example cnySimBank({ id: 'cn-a', dialect: 'cn-json', account: '6222000000000000001', behaviour: { transaction: { success: 1 } } })
 */
export function cnySimBank(spec: SimBankSpec): SimBankWithProfile {
  const profile = bankProfile({
    bankId: spec.id,
    dialect: spec.dialect,
    rejectsDuplicateEndToEndId: spec.duplicateHandling !== 'execute_again',
    rateLimits: { queryPerSecond: 50, submitPerSecond: 200 },
    ...spec.profile,
  });
  return {
    id: spec.id,
    dialect: spec.dialect,
    currency: 'CNY',
    calendar: 'CN',
    timeZone: 'Asia/Shanghai',
    statementTime: '10:00',
    duplicateHandling: spec.duplicateHandling ?? 'reject',
    ...(spec.hiddenLimitMinor !== undefined ? { hiddenLimitMinor: spec.hiddenLimitMinor } : {}),
    accounts: [{ account: spec.account, scheme: 'cn_bank', name: '代发专户', openingBalanceMinor: '100000000000000' }],
    behaviour: spec.behaviour ?? {},
    ...spec.sim,
    profile,
  };
}

/** The workers' channel list for simulator banks at `simUrl`. */
export function channelsFor(simUrl: string, banks: readonly SimBankWithProfile[]): ChannelsJson {
  return banks.map((b) => ({
    profile: b.profile,
    baseUrl: `${simUrl}/${b.dialect === 'iso20022' ? 'iso' : 'cn'}/${b.id}`,
    debtorAccount: { scheme: 'cn_bank' as const, accountNumber: b.accounts[0]?.account ?? '' },
    weight: 1,
  }));
}

/**
 * `time` Shanghai on `day`: the simulated instant a test names for its start. `day` must be a
 * CN business day inside the built-in calendar, so a test never starts on a weekend or a
 * holiday by accident, and never on whatever day the machine thinks it is.
 *
 * @example const start = cnBusinessDayAt('2026-10-10', '10:00'); // a make-up Saturday
 */
export function cnBusinessDayAt(day: string, time: string): Date {
  if (!getCalendar('CN').isBusinessDay(day)) throw new Error(`${day} is not a CN business day: pick one for the test's simulated start`);
  return zonedDateTimeToInstant(day, time, 'Asia/Shanghai');
}
