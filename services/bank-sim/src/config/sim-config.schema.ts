import { z } from 'zod';
import { PayoutError, isCurrency } from '@payout/domain';
import { CALENDAR_IDS, assertTimeZone } from '@payout/calendar';

const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const minor = z.string().regex(/^(0|[1-9]\d{0,30})$/, 'expected minor units as an integer string');
const instant = z.string().refine((s) => Number.isFinite(new Date(s).getTime()), 'expected an ISO 8601 instant');
const weight = z.number().min(0);
const weightedCodes = z.array(z.object({ code: z.string().regex(/^[A-Z0-9]{2,8}$/), weight }));
const range = z.object({ min: z.number().int().min(0), max: z.number().int().min(0) }).refine((r) => r.max >= r.min, 'max must be >= min');

export const SIM_OPERATIONS = ['submit', 'query', 'statement'] as const;
export type SimOperation = (typeof SIM_OPERATIONS)[number];

/** Request-level behaviours: what happens to a whole submission request. */
export const REQUEST_BEHAVIOURS = ['ok', 'timeoutBeforeExecution', 'timeoutAfterExecution', 'http5xx', 'garbage'] as const;
export type RequestBehaviour = (typeof REQUEST_BEHAVIOURS)[number];

/** Transaction-level behaviours: what happens to one transfer inside an accepted request. */
export const TRANSACTION_BEHAVIOURS = ['success', 'pendingThenSuccess', 'pendingThenFailure', 'reject', 'unrecognisedStatus'] as const;
export type TransactionBehaviour = (typeof TRANSACTION_BEHAVIOURS)[number];

export const OUTAGE_MODES = ['http_503', 'hang', 'reset'] as const;
export type OutageMode = (typeof OUTAGE_MODES)[number];

export const outageSchema = z.object({
  operation: z.enum(SIM_OPERATIONS),
  /** Simulated time; absent = from the beginning of time. */
  from: instant.optional(),
  /** Simulated time; absent = until removed. */
  to: instant.optional(),
  mode: z.enum(OUTAGE_MODES).default('http_503'),
});

const behaviourSchema = z
  .object({
    request: z
      .object({
        ok: weight.default(1),
        timeoutBeforeExecution: weight.default(0),
        timeoutAfterExecution: weight.default(0),
        http5xx: weight.default(0),
        garbage: weight.default(0),
      })
      .prefault({}),
    transaction: z
      .object({
        success: weight.default(1),
        pendingThenSuccess: weight.default(0),
        pendingThenFailure: weight.default(0),
        reject: weight.default(0),
        unrecognisedStatus: weight.default(0),
      })
      .prefault({}),
    /** Reasons for immediate rejects. */
    rejectReasons: weightedCodes.default([{ code: 'AC04', weight: 1 }]),
    /** Reasons for pending-then-failure. */
    failureReasons: weightedCodes.default([{ code: 'AB05', weight: 1 }]),
    /** Simulated ms from submission to the final status of a pending transfer. */
    pendingDelayMs: range.default({ min: 5_000, max: 60_000 }),
    query: z
      .object({
        http5xx: z.number().min(0).max(1).default(0),
        garbage: z.number().min(0).max(1).default(0),
        /** A pending transfer younger than this (simulated ms) is "not found" (回盘 ambiguity). */
        notFoundWhileProcessingMs: z.number().int().min(0).default(0),
      })
      .prefault({}),
    /** Simulated ms each answer takes (converted to real time by the clock speed). */
    latencyMs: range.default({ min: 0, max: 0 }),
  })
  .prefault({});

export const bankConfigSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  dialect: z.enum(['iso20022', 'cn-json']),
  name: z.string().min(1).optional(),
  currency: z.string().refine(isCurrency, 'unknown ISO 4217 currency'),
  calendar: z.enum(CALENDAR_IDS),
  timeZone: z.string().refine((tz) => {
    try {
      assertTimeZone(tz);
      return true;
    } catch {
      return false;
    }
  }, 'unknown IANA time zone'),
  /** Local time on the next business day from which a day's statement is served. */
  statementTime: wallTime.default('10:00'),
  /** 'execute_again' is the dangerous bank: a reused end-to-end id is executed a second time. */
  duplicateHandling: z.enum(['reject', 'execute_again']).default('reject'),
  /** Transfers above this fail with AM02 — a limit the bank never announced. */
  hiddenLimitMinor: minor.optional(),
  accounts: z
    .array(
      z.object({
        account: z.string().min(1),
        scheme: z.enum(['iban', 'us_aba', 'uk_sort_code', 'cn_bank']).optional(),
        name: z.string().default('Payout Worker'),
        openingBalanceMinor: minor,
      }),
    )
    .min(1),
  /** Beneficiary accounts the bank refuses as closed (AC04). */
  closedAccounts: z.array(z.string()).default([]),
  behaviour: behaviourSchema,
  returns: z
    .object({
      rate: z.number().min(0).max(1).default(0),
      afterDays: range.default({ min: 1, max: 3 }),
      reasons: weightedCodes.default([{ code: 'AC04', weight: 1 }]),
    })
    .prefault({}),
  outages: z.array(outageSchema).default([]),
  /** The status code/word this bank uses when it answers with something nobody knows. */
  unrecognisedStatus: z.string().min(1).optional(),
  /** The profile the bank declares (BankProfile JSON from @payout/bank); served as is by GET /admin/banks. */
  profile: z.record(z.string(), z.unknown()).optional(),
});

export const simConfigSchema = z.object({
  /** Everything random derives from it: same seed, same outcomes. */
  seed: z.union([z.string().min(1), z.number().int()]).transform(String),
  clock: z.object({ start: instant, speed: z.number().min(0).default(1) }),
  /** Longest a held request (timeouts) stays open in real ms, should the client never give up. */
  maxHoldMs: z.number().int().positive().default(120_000),
  banks: z
    .array(bankConfigSchema)
    .min(1)
    .refine((banks) => new Set(banks.map((b) => b.id)).size === banks.length, 'bank ids must be unique'),
});

export type SimConfigInput = z.input<typeof simConfigSchema>;
export type SimConfig = z.output<typeof simConfigSchema>;
export type SimBankConfig = z.output<typeof bankConfigSchema>;
export type SimBankConfigInput = z.input<typeof bankConfigSchema>;
export type OutageConfig = z.output<typeof outageSchema>;
export type BehaviourConfig = SimBankConfig['behaviour'];

/** Parse a config, reporting every invalid key at once. */
export function parseSimConfig(input: unknown): SimConfig {
  const r = simConfigSchema.safeParse(input);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `invalid bank-sim config: ${problems.join('; ')}`, { problems });
  }
  return r.data;
}
