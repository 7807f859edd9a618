import type { BankProfileJson } from '@payout/bank';
import type { SimBankConfigInput, SimConfigInput } from '@payout/bank-sim';

type DemoBank = SimBankConfigInput & { readonly profile: BankProfileJson };

const HVPS_LADDER = { stepsMs: [10_000, 30_000, 60_000, 120_000, 300_000], settlementWindows: [], budgetMs: 900_000 };
const OPENING = '100000000000000'; // 1 trillion CNY in fen: funding is not this demo's subject

/** Local (Shanghai) time the demo's simulated clock starts at; HVPS closes at 17:15. */
export const DEMO_SIM_START = '16:55';
/** cn-flaky's submit outage, in simulated minutes after the start. */
export const DEMO_OUTAGE = { fromMin: 2, toMin: 10 } as const;

/** The hidden per-transaction limit of `cn-limit` (50,000.00 CNY); nobody told the workers. */
export const HIDDEN_LIMIT_MINOR = 5_000_000n;
/** Beneficiary accounts every demo bank refuses as closed (AC04: the payout fails with the bank's reason). */
export const CLOSED_ACCOUNTS = ['6222020200009999991', '6222020200009999992', '6222020200009999993'];

function profile(p: Pick<BankProfileJson, 'bankId' | 'name' | 'dialect' | 'rail' | 'operatingHours' | 'notFoundMeansProcessing' | 'supportsBatchSubmit' | 'maxBatchSize'> & Partial<BankProfileJson>): BankProfileJson {
  return {
    calendar: 'CN',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    cutoffs: { submit: '17:00', funding: '16:00' },
    limits: { perPayout: '100000000', perDay: '100000000000' },
    statementTime: '10:00',
    statementFormat: p.dialect === 'iso20022' ? 'camt.053' : 'csv',
    rejectsDuplicateEndToEndId: true,
    rateLimits: { queryPerSecond: 30, submitPerSecond: 100 },
    pollSchedule: HVPS_LADDER,
    supportsBatchQuery: true,
    maxQueryBatchSize: 50,
    ...p,
  };
}

/**
 * Three CNY banks of different profiles, played by the simulator:
 * - `cn-flaky` (CN JSON API, 24×7): 5 % of submissions time out AFTER the bank executed
 *   them, 2 % answer 5xx, and its submit API is down for 10 simulated minutes;
 * - `cn-hvps` (ISO 20022, HVPS hours 20:30–17:15 on CN working days): slow — most transfers
 *   stay pending for minutes; batch submit (pain.001) and batch status queries;
 * - `cn-limit` (CN JSON API, 24×7): silently fails everything above 50,000 CNY with AM02.
 * The outage window and the HVPS close fall inside the demo because the simulated clock starts
 * at 16:55 Shanghai time (DEMO_SIM_START) and runs 30× faster.
 */
export function demoBanks(simStart: Date, opts: { readonly outage?: boolean } = {}): DemoBank[] {
  const outageFrom = new Date(simStart.getTime() + DEMO_OUTAGE.fromMin * 60_000);
  const outageTo = new Date(simStart.getTime() + DEMO_OUTAGE.toMin * 60_000);
  const account = (n: string) => [{ account: n, scheme: 'cn_bank' as const, name: '代发专户', openingBalanceMinor: OPENING }];
  return [
    {
      id: 'cn-flaky',
      dialect: 'cn-json',
      name: 'Flaky CN bank',
      currency: 'CNY',
      calendar: 'CN',
      timeZone: 'Asia/Shanghai',
      accounts: account('6222000000000009001'),
      closedAccounts: CLOSED_ACCOUNTS,
      behaviour: {
        request: { ok: 93, timeoutAfterExecution: 5, http5xx: 2 },
        transaction: { success: 85, pendingThenSuccess: 15 },
        pendingDelayMs: { min: 5_000, max: 90_000 },
        query: { notFoundWhileProcessingMs: 20_000 },
      },
      outages: opts.outage === false ? [] : [{ operation: 'submit', from: outageFrom.toISOString(), to: outageTo.toISOString(), mode: 'http_503' }],
      profile: profile({ bankId: 'cn-flaky', name: 'Flaky CN bank (JSON API)', dialect: 'cn-json', rail: 'CN_IBPS', operatingHours: { kind: 'always' }, notFoundMeansProcessing: true, supportsBatchSubmit: false, maxBatchSize: 1 }),
    },
    {
      id: 'cn-hvps',
      dialect: 'iso20022',
      name: 'Slow HVPS bank',
      currency: 'CNY',
      calendar: 'CN',
      timeZone: 'Asia/Shanghai',
      accounts: account('6222000000000009002'),
      closedAccounts: CLOSED_ACCOUNTS,
      behaviour: {
        transaction: { success: 25, pendingThenSuccess: 70, pendingThenFailure: 5 },
        failureReasons: [{ code: 'AB05', weight: 1 }],
        pendingDelayMs: { min: 30_000, max: 600_000 },
      },
      profile: profile({
        bankId: 'cn-hvps',
        name: 'Slow HVPS bank (ISO 20022)',
        dialect: 'iso20022',
        rail: 'CN_HVPS',
        operatingHours: { kind: 'rail' },
        notFoundMeansProcessing: false,
        supportsBatchSubmit: true,
        maxBatchSize: 100,
        rateLimits: { queryPerSecond: 20, submitPerSecond: 20 },
      }),
    },
    {
      id: 'cn-limit',
      dialect: 'cn-json',
      name: 'CN bank with a hidden limit',
      currency: 'CNY',
      calendar: 'CN',
      timeZone: 'Asia/Shanghai',
      hiddenLimitMinor: HIDDEN_LIMIT_MINOR.toString(),
      accounts: account('6222000000000009003'),
      closedAccounts: CLOSED_ACCOUNTS,
      behaviour: { transaction: { success: 95, pendingThenSuccess: 5 }, pendingDelayMs: { min: 5_000, max: 60_000 } },
      profile: profile({ bankId: 'cn-limit', name: 'CN bank with a hidden per-transaction limit', dialect: 'cn-json', rail: 'CN_BEPS', operatingHours: { kind: 'always' }, notFoundMeansProcessing: true, supportsBatchSubmit: false, maxBatchSize: 1 }),
    },
  ];
}

export function demoSimConfig(seed: string, simStart: Date, speed: number, opts: { readonly outage?: boolean } = {}): { readonly sim: SimConfigInput; readonly channels: DemoBank[] } {
  const banks = demoBanks(simStart, opts);
  return { sim: { seed, clock: { start: simStart.toISOString(), speed }, maxHoldMs: 30_000, banks }, channels: banks };
}
