import { cnySimBank } from '@payout/test-kit';

/** 5 % of submissions time out after the bank executed them, 2 % answer 5xx. */
export const FLAKY_REQUESTS = { ok: 93, timeoutAfterExecution: 5, http5xx: 2 };
const TRANSACTIONS = { success: 85, pendingThenSuccess: 15 };
/** A fast rail: answers within a minute, so polling stops after 5 simulated minutes (5 real seconds at 60×). */
const FAST_POLLS = { stepsMs: [5_000, 15_000, 30_000, 60_000], settlementWindows: [], budgetMs: 300_000 };

/** An ISO 20022 bank taking batches and a CN-style bank taking one at a time, both flaky. */
export function chaosBanks(opts: { readonly dangerous?: boolean } = {}): ReturnType<typeof cnySimBank>[] {
  const behaviour = { request: FLAKY_REQUESTS, transaction: TRANSACTIONS, pendingDelayMs: { min: 5_000, max: 60_000 } };
  return [
    cnySimBank({ id: 'iso-chaos', dialect: 'iso20022', account: '6222000000000000101', behaviour, profile: { pollSchedule: FAST_POLLS } }),
    cnySimBank({
      id: opts.dangerous === true ? 'cn-dangerous' : 'cn-chaos',
      dialect: 'cn-json',
      account: '6222000000000000102',
      duplicateHandling: opts.dangerous === true ? 'execute_again' : 'reject',
      behaviour: { ...behaviour, query: { notFoundWhileProcessingMs: 10_000 } },
      profile: { pollSchedule: FAST_POLLS },
    }),
  ];
}

/** Statuses a payout may end in here: final, or parked for the next-day statement check. */
export const ENDED = ['succeeded', 'failed', 'awaiting_verification'];
