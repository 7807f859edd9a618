// The one bank-profile builder: every test fixture, simulator config and the demo build their
// BankProfile JSON here, naming only what differs from a plain bank. Imports nothing but types,
// so the simulator's default config can use it too.
import type { BankProfileJson } from '@payout/bank';

/** Dialects a simulated bank speaks. */
export type SimDialect = 'iso20022' | 'cn-json';

/** What a fixture may set on a profile besides its id and dialect. */
export type ProfileOverrides = Partial<Omit<BankProfileJson, 'bankId' | 'dialect'>>;

/** Poll steps of an HVPS-like rail: 10 s … 5 min, stop after 15 minutes and wait for the statement. */
export const HVPS_POLL = { stepsMs: [10_000, 30_000, 60_000, 120_000, 300_000], settlementWindows: [], budgetMs: 900_000 };

/** A euro bank on SEPA credit transfers (TARGET2 days, Berlin time): spread into `bankProfile`. */
export const SEPA_BANK = {
  rail: 'EU_SEPA_SCT',
  calendar: 'TARGET2',
  timeZone: 'Europe/Berlin',
  currency: 'EUR',
  cutoffs: { submit: '16:00', funding: '15:00' },
  limits: { perPayout: '10000000', perDay: '1000000000' },
  statementTime: '08:00',
} as const satisfies Partial<BankProfileJson>;

/**
 * A bank profile with sensible defaults and the caller's overrides. The defaults are a CNY bank on
 * IBPS (CN calendar, Shanghai time, always open, 17:00 submit cut-off, 1,000,000.00 CNY per payout)
 * whose dialect decides what dialects differ in: the statement format (camt.053 or CSV), whether
 * "not found" may mean processing (CN JSON), and batch submission (ISO 20022, 100 a batch).
 *
 * @example bankProfile({ bankId: 'cn-a', dialect: 'cn-json', rail: 'CN_HVPS', operatingHours: { kind: 'rail' } })
 * @example bankProfile({ bankId: 'eu-a', dialect: 'iso20022', ...SEPA_BANK })
 */
export function bankProfile(p: { readonly bankId: string; readonly dialect: SimDialect } & ProfileOverrides): BankProfileJson {
  const { bankId, dialect, ...overrides } = p;
  const iso = dialect === 'iso20022';
  return {
    bankId,
    name: bankId,
    dialect,
    rail: 'CN_IBPS',
    calendar: 'CN',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    operatingHours: { kind: 'always' },
    cutoffs: { submit: '17:00', funding: '16:00' },
    limits: { perPayout: '100000000', perDay: '100000000000' },
    statementTime: '10:00',
    statementFormat: iso ? 'camt.053' : 'csv',
    notFoundMeansProcessing: !iso,
    rejectsDuplicateEndToEndId: true,
    rateLimits: { queryPerSecond: 30 },
    pollSchedule: HVPS_POLL,
    supportsBatchSubmit: iso,
    maxBatchSize: iso ? 100 : 1,
    supportsBatchQuery: true,
    maxQueryBatchSize: 50,
    ...overrides,
  };
}
