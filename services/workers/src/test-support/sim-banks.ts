import type { BankProfileJson } from '@payout/bank';
import type { SimBankConfigInput } from '@payout/bank-sim';
import { getCalendar, zonedDateTimeToInstant } from '@payout/calendar';
import type { ChannelsJson } from '../channels/channel-config.ts';

/** Poll steps for tests: the HVPS ladder (10 s … 5 min, 15 min budget) in simulated time. */
export const HVPS_POLL = { stepsMs: [10_000, 30_000, 60_000, 120_000, 300_000], settlementWindows: [], budgetMs: 900_000 };

export interface SimBankSpec {
  readonly id: string;
  readonly dialect: 'iso20022' | 'cn-json';
  readonly account: string;
  readonly behaviour?: SimBankConfigInput['behaviour'];
  readonly hiddenLimitMinor?: string;
  readonly duplicateHandling?: 'reject' | 'execute_again';
  readonly profile?: Partial<BankProfileJson>;
}

/** A CNY bank for the simulator, with the profile the workers route and poll by. */
export function cnySimBank(spec: SimBankSpec): SimBankConfigInput & { profile: BankProfileJson } {
  const profile: BankProfileJson = {
    bankId: spec.id,
    name: spec.id,
    dialect: spec.dialect,
    rail: 'CN_IBPS',
    calendar: 'CN',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    operatingHours: { kind: 'always' },
    cutoffs: { submit: '17:00', funding: '16:00' },
    limits: { perPayout: '100000000', perDay: '100000000000' },
    statementTime: '10:00',
    statementFormat: spec.dialect === 'iso20022' ? 'camt.053' : 'csv',
    notFoundMeansProcessing: spec.dialect === 'cn-json',
    rejectsDuplicateEndToEndId: spec.duplicateHandling !== 'execute_again',
    rateLimits: { queryPerSecond: 50, submitPerSecond: 200 },
    pollSchedule: HVPS_POLL,
    supportsBatchSubmit: spec.dialect === 'iso20022',
    maxBatchSize: spec.dialect === 'iso20022' ? 100 : 1,
    supportsBatchQuery: true,
    maxQueryBatchSize: 50,
    ...spec.profile,
  };
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
    profile,
  };
}

/** The workers' channel list for simulator banks at `simUrl`. */
export function channelsFor(simUrl: string, banks: readonly (SimBankConfigInput & { profile: BankProfileJson })[]): ChannelsJson {
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
