// Test support for the acceptance suites: a small two-dialect simulator config, the
// matching BankProfiles, and contract subjects. Not part of the service's runtime.
import { createCnJsonAdapter, createIso20022Adapter, parseBankProfile, type BankAdapter, type BankProfile } from '@payout/bank';
import type { BankAdapterContractSubject, ContractScript } from '@payout/bank/contract';
import { bankProfile, SEPA_BANK } from '@payout/test-kit/bank-profile';
import type { SimConfigInput, SimBankConfigInput } from '../config/sim-config.schema.ts';
import type { ScriptedBehaviour } from '../engine/sim-bank.ts';
import { BankSimClient } from '../client/bank-sim.client.ts';
import type { RunningBankSim } from '../server.ts';

export const ISO_BANK = 'iso-bank';
export const CN_BANK = 'cn-bank';
export const ISO_DEBTOR = 'DE89370400440532013000';
export const CN_DEBTOR = '6222020200001234567';
export const ISO_CLOSED = 'DE02120300000000202051';
export const CN_CLOSED = '6222000000000000000';

const poll = { stepsMs: [10_000, 30_000, 60_000], settlementWindows: [], budgetMs: 900_000 };

export function isoBankConfig(overrides: Partial<SimBankConfigInput> = {}): SimBankConfigInput {
  return {
    id: ISO_BANK,
    dialect: 'iso20022',
    currency: 'EUR',
    calendar: 'TARGET2',
    timeZone: 'Europe/Berlin',
    statementTime: '08:00',
    accounts: [{ account: ISO_DEBTOR, scheme: 'iban', openingBalanceMinor: '1000000000' }],
    closedAccounts: [ISO_CLOSED],
    behaviour: { pendingDelayMs: { min: 30_000, max: 90_000 } },
    ...overrides,
  };
}

export function cnBankConfig(overrides: Partial<SimBankConfigInput> = {}): SimBankConfigInput {
  return {
    id: CN_BANK,
    dialect: 'cn-json',
    currency: 'CNY',
    calendar: 'CN',
    timeZone: 'Asia/Shanghai',
    statementTime: '10:00',
    accounts: [{ account: CN_DEBTOR, scheme: 'cn_bank', openingBalanceMinor: '1000000000' }],
    closedAccounts: [CN_CLOSED],
    behaviour: { pendingDelayMs: { min: 30_000, max: 90_000 }, query: { notFoundWhileProcessingMs: 10_000 } },
    ...overrides,
  };
}

/** Monday 2026-01-05, 03:00 in Berlin and 10:00 in Shanghai: both banks' business day. */
export const SIM_START = '2026-01-05T02:00:00Z';

export function twoBankSimConfig(
  seed: string | number = 'acceptance',
  banks?: { iso?: Partial<SimBankConfigInput>; cn?: Partial<SimBankConfigInput> },
): SimConfigInput {
  return { seed, clock: { start: SIM_START, speed: 1 }, maxHoldMs: 30_000, banks: [isoBankConfig(banks?.iso), cnBankConfig(banks?.cn)] };
}

/** What the acceptance banks' profiles differ in from `bankProfile`'s defaults. */
const ACCEPTANCE = { limits: { perPayout: '10000000', perDay: '1000000000' }, rateLimits: { queryPerSecond: 30 }, pollSchedule: poll };

export function isoProfile(overrides: Record<string, unknown> = {}): BankProfile {
  return parseBankProfile({
    ...bankProfile({ bankId: ISO_BANK, dialect: 'iso20022', ...SEPA_BANK, name: 'ISO 20022 test bank', ...ACCEPTANCE }),
    ...overrides,
  });
}

export function cnProfile(overrides: Record<string, unknown> = {}): BankProfile {
  return parseBankProfile({
    ...bankProfile({ bankId: CN_BANK, dialect: 'cn-json', name: 'CN JSON test bank', rail: 'CN_HVPS', ...ACCEPTANCE }),
    ...overrides,
  });
}

export function isoAdapter(sim: RunningBankSim, profile: BankProfile = isoProfile()): BankAdapter {
  return createIso20022Adapter(profile, { baseUrl: sim.bankUrl(profile.bankId) });
}

export function cnAdapter(sim: RunningBankSim, profile: BankProfile = cnProfile()): BankAdapter {
  return cnAdapterFor(sim.bankUrl(profile.bankId), profile);
}

export function cnAdapterFor(bankUrl: string, profile: BankProfile = cnProfile()): BankAdapter {
  return createCnJsonAdapter(profile, { baseUrl: bankUrl });
}

const SCRIPT: Readonly<Record<ContractScript, ScriptedBehaviour>> = {
  timeout_after_execution: 'timeoutAfterExecution',
  unrecognised_status: 'unrecognisedStatus',
  pending_then_success: 'pendingThenSuccess',
};

/** A contract subject for one bank of a running simulator, driven through its HTTP admin API. */
export function simContractSubject(
  sim: RunningBankSim,
  adapter: BankAdapter,
  accounts: { debtor: string; closed: string },
): BankAdapterContractSubject {
  const client = new BankSimClient(sim.url);
  const bankId = adapter.profile.bankId;
  const iban = adapter.profile.dialect === 'iso20022';
  return {
    adapter,
    debtorAccount: iban ? { scheme: 'iban', accountNumber: accounts.debtor } : { scheme: 'cn_bank', accountNumber: accounts.debtor },
    beneficiary: (n) =>
      iban
        ? { name: `Beneficiary ${n}`, account: { scheme: 'iban', accountNumber: 'FR1420041010050500013M02606', bankCode: 'PSSTFRPPLIL' } }
        : { name: `收款人${n}`, account: { scheme: 'cn_bank', accountNumber: `62170000${String(n).padStart(11, '0')}` } },
    closedBeneficiary: iban
      ? { name: 'Closed GmbH', account: { scheme: 'iban', accountNumber: accounts.closed } }
      : { name: '已销户', account: { scheme: 'cn_bank', accountNumber: accounts.closed } },
    script: async (e2e, behaviour) => {
      await client.script(bankId, e2e, SCRIPT[behaviour]);
    },
    executions: async (e2e) => (await client.executions({ bankId, endToEndId: e2e })).length,
    advance: async (ms) => {
      await client.setClock({ advanceMs: ms });
    },
    now: async () => new Date((await client.clock()).now),
    close: async () => undefined,
  };
}
