import type { SimConfigInput } from '@payout/bank-sim';
import { cnySimBank, type SimBankWithProfile } from '@payout/test-kit';

/** The demo's banks answer 30 queries and 100 submissions a second unless said otherwise. */
const DEMO_RATES = { queryPerSecond: 30, submitPerSecond: 100 };

/** Local (Shanghai) time the demo's simulated clock starts at; HVPS closes at 17:15. */
export const DEMO_SIM_START = '16:55';
/** cn-flaky's submit outage, in simulated minutes after the start. */
export const DEMO_OUTAGE = { fromMin: 2, toMin: 10 } as const;

/** The hidden per-transaction limit of `cn-limit` (50,000.00 CNY); nobody told the workers. */
export const HIDDEN_LIMIT_MINOR = 5_000_000n;
/** Beneficiary accounts every demo bank refuses as closed (AC04: the payout fails with the bank's reason). */
export const CLOSED_ACCOUNTS = ['6222020200009999991', '6222020200009999992', '6222020200009999993'];

/**
 * Three CNY banks of different profiles, played by the simulator:
 * - `cn-flaky` (CN JSON API, 24×7): 5 % of submissions time out AFTER the bank executed
 *   them, 2 % answer 5xx, and its submit API is down for 10 simulated minutes;
 * - `cn-hvps` (ISO 20022, HVPS hours 20:30–17:15 on CN working days): slow — most transfers
 *   stay pending for minutes; batch submit (pain.001) and batch status queries;
 * - `cn-limit` (CN JSON API, 24×7): silently fails everything above 50,000 CNY with AM02.
 * The outage window and the HVPS close fall inside the demo because the simulated clock starts
 * at 16:55 Shanghai time (DEMO_SIM_START) and runs 30× faster. Each account holds 1 trillion CNY:
 * funding is not this demo's subject.
 */
export function demoBanks(simStart: Date, opts: { readonly outage?: boolean } = {}): SimBankWithProfile[] {
  const outageFrom = new Date(simStart.getTime() + DEMO_OUTAGE.fromMin * 60_000);
  const outageTo = new Date(simStart.getTime() + DEMO_OUTAGE.toMin * 60_000);
  const outages =
    opts.outage === false
      ? []
      : [{ operation: 'submit' as const, from: outageFrom.toISOString(), to: outageTo.toISOString(), mode: 'http_503' as const }];
  return [
    cnySimBank({
      id: 'cn-flaky',
      dialect: 'cn-json',
      account: '6222000000000009001',
      behaviour: {
        request: { ok: 93, timeoutAfterExecution: 5, http5xx: 2 },
        transaction: { success: 85, pendingThenSuccess: 15 },
        pendingDelayMs: { min: 5_000, max: 90_000 },
        query: { notFoundWhileProcessingMs: 20_000 },
      },
      sim: { name: 'Flaky CN bank', closedAccounts: CLOSED_ACCOUNTS, outages },
      profile: { name: 'Flaky CN bank (JSON API)', rateLimits: DEMO_RATES },
    }),
    cnySimBank({
      id: 'cn-hvps',
      dialect: 'iso20022',
      account: '6222000000000009002',
      behaviour: {
        transaction: { success: 25, pendingThenSuccess: 70, pendingThenFailure: 5 },
        failureReasons: [{ code: 'AB05', weight: 1 }],
        pendingDelayMs: { min: 30_000, max: 600_000 },
      },
      sim: { name: 'Slow HVPS bank', closedAccounts: CLOSED_ACCOUNTS },
      profile: {
        name: 'Slow HVPS bank (ISO 20022)',
        rail: 'CN_HVPS',
        operatingHours: { kind: 'rail' },
        rateLimits: { queryPerSecond: 20, submitPerSecond: 20 },
      },
    }),
    cnySimBank({
      id: 'cn-limit',
      dialect: 'cn-json',
      account: '6222000000000009003',
      hiddenLimitMinor: HIDDEN_LIMIT_MINOR.toString(),
      behaviour: { transaction: { success: 95, pendingThenSuccess: 5 }, pendingDelayMs: { min: 5_000, max: 60_000 } },
      sim: { name: 'CN bank with a hidden limit', closedAccounts: CLOSED_ACCOUNTS },
      profile: { name: 'CN bank with a hidden per-transaction limit', rail: 'CN_BEPS', rateLimits: DEMO_RATES },
    }),
  ];
}

/** The demo's (and `./dev start`'s) simulator config, and the same banks as the workers' channels. */
export function demoSimConfig(
  seed: string,
  simStart: Date,
  speed: number,
  opts: { readonly outage?: boolean } = {},
): { readonly sim: SimConfigInput; readonly channels: SimBankWithProfile[] } {
  const banks = demoBanks(simStart, opts);
  return { sim: { seed, clock: { start: simStart.toISOString(), speed }, maxHoldMs: 30_000, banks }, channels: banks };
}
