import { bankProfile, SEPA_BANK } from '@payout/test-kit/bank-profile';
import type { SimConfigInput } from './sim-config.schema.ts';

/** The default banks' profiles: limits of 500,000.00 a payout, 20 submissions a second. */
const DEFAULT_LIMITS = { limits: { perPayout: '50000000', perDay: '5000000000' }, rateLimits: { queryPerSecond: 30, submitPerSecond: 20 } };

/**
 * The simulator a bare `bank-sim` process runs when no config is given (the demo and `./dev start`
 * pass their own): an ISO 20022 euro bank, a CN bank with 回盘 ambiguity and returns, and the
 * dangerous CN bank that executes a reused end-to-end id again. Each declares the BankProfile
 * (JSON) the workers should use, built with the test kit's `bankProfile`.
 */
export function defaultSimConfig(seed: string | number = 'payout-demo', start = '2026-01-05T01:00:00Z'): SimConfigInput {
  return {
    seed,
    clock: { start, speed: 1 },
    banks: [
      {
        id: 'eu-sepa',
        dialect: 'iso20022',
        currency: 'EUR',
        calendar: 'TARGET2',
        timeZone: 'Europe/Berlin',
        statementTime: '08:00',
        accounts: [{ account: 'DE89370400440532013000', scheme: 'iban', name: 'Payout Worker GmbH', openingBalanceMinor: '100000000' }],
        closedAccounts: ['DE02120300000000202051'],
        hiddenLimitMinor: '5000000',
        behaviour: {
          request: { ok: 96, timeoutAfterExecution: 1, timeoutBeforeExecution: 1, http5xx: 1, garbage: 1 },
          transaction: { success: 70, pendingThenSuccess: 20, pendingThenFailure: 4, reject: 5, unrecognisedStatus: 1 },
          rejectReasons: [
            { code: 'AC04', weight: 3 },
            { code: 'AC01', weight: 2 },
            { code: 'AB05', weight: 1 },
          ],
          failureReasons: [{ code: 'AB05', weight: 1 }],
          pendingDelayMs: { min: 5_000, max: 120_000 },
        },
        returns: { rate: 0.01, afterDays: { min: 1, max: 3 }, reasons: [{ code: 'AC04', weight: 1 }] },
        profile: bankProfile({
          bankId: 'eu-sepa',
          dialect: 'iso20022',
          ...SEPA_BANK,
          name: 'EU SEPA bank (ISO 20022)',
          rateLimits: { queryPerSecond: 30, submitPerSecond: 20 },
        }),
      },
      {
        id: 'cn-icbc',
        dialect: 'cn-json',
        currency: 'CNY',
        calendar: 'CN',
        timeZone: 'Asia/Shanghai',
        statementTime: '10:00',
        accounts: [{ account: '6222020200001234567', scheme: 'cn_bank', name: '代发专户', openingBalanceMinor: '500000000' }],
        closedAccounts: ['6222020200009999999'],
        hiddenLimitMinor: '5000000',
        behaviour: {
          request: { ok: 96, timeoutAfterExecution: 1, timeoutBeforeExecution: 1, http5xx: 1, garbage: 1 },
          transaction: { success: 60, pendingThenSuccess: 30, pendingThenFailure: 4, reject: 5, unrecognisedStatus: 1 },
          rejectReasons: [
            { code: 'AC04', weight: 2 },
            { code: 'AC01', weight: 2 },
            { code: 'BE01', weight: 1 },
          ],
          failureReasons: [{ code: 'AB05', weight: 1 }],
          pendingDelayMs: { min: 5_000, max: 600_000 },
          query: { notFoundWhileProcessingMs: 30_000 },
        },
        returns: { rate: 0.02, afterDays: { min: 1, max: 5 }, reasons: [{ code: 'AC04', weight: 1 }] },
        profile: bankProfile({
          bankId: 'cn-icbc',
          dialect: 'cn-json',
          name: 'CN bank (代发 JSON API)',
          rail: 'CN_HVPS',
          ...DEFAULT_LIMITS,
        }),
      },
      {
        id: 'cn-dangerous',
        dialect: 'cn-json',
        currency: 'CNY',
        calendar: 'CN',
        timeZone: 'Asia/Shanghai',
        statementTime: '10:00',
        duplicateHandling: 'execute_again',
        accounts: [{ account: '6228480000000000001', scheme: 'cn_bank', name: '代发专户', openingBalanceMinor: '500000000' }],
        behaviour: {
          request: { ok: 90, timeoutAfterExecution: 5, timeoutBeforeExecution: 2, http5xx: 2, garbage: 1 },
          transaction: { success: 80, pendingThenSuccess: 20 },
          pendingDelayMs: { min: 5_000, max: 60_000 },
          query: { notFoundWhileProcessingMs: 60_000 },
        },
        profile: bankProfile({
          bankId: 'cn-dangerous',
          dialect: 'cn-json',
          name: 'CN bank that executes a reused order number again',
          ...DEFAULT_LIMITS,
          rejectsDuplicateEndToEndId: false,
        }),
      },
    ],
  };
}
