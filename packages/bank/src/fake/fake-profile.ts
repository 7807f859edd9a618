import { money } from '@payout/domain';
import type { BankProfile } from '../profile/bank-profile.ts';

/** A 24×7 CNY channel for tests; override what a test cares about. */
export function fakeBankProfile(overrides: Partial<BankProfile> = {}): BankProfile {
  const currency = overrides.currency ?? 'CNY';
  return {
    bankId: 'fake-bank',
    name: 'Fake bank',
    dialect: 'fake',
    rail: 'CN_IBPS',
    calendar: 'CN',
    timeZone: 'Asia/Shanghai',
    currency,
    operatingHours: { kind: 'always' },
    cutoffs: { submit: '17:00', funding: '16:00' },
    limits: { perPayout: money(100_000_000n, currency), perDay: money(10_000_000_000n, currency) },
    statementTime: '10:00',
    statementFormat: 'csv',
    notFoundMeansProcessing: false,
    rejectsDuplicateEndToEndId: true,
    rateLimits: { queryPerSecond: 30 },
    pollSchedule: { stepsMs: [10_000, 30_000, 60_000, 120_000, 300_000], settlementWindows: [], budgetMs: 900_000 },
    supportsBatchSubmit: true,
    maxBatchSize: 100,
    supportsBatchQuery: true,
    maxQueryBatchSize: 50,
    ...overrides,
  };
}
