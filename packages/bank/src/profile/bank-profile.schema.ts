import { z } from 'zod';
import { PayoutError, isCurrency, money, parseMinorUnits } from '@payout/domain';
import { CALENDAR_IDS, RAIL_IDS, assertTimeZone } from '@payout/calendar';
import { BANK_DIALECTS, STATEMENT_FILE_ENCODINGS, type BankProfile } from './bank-profile.ts';

const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const minor = z.string().regex(/^(0|[1-9]\d{0,30})$/, 'expected minor units as an integer string');

const schema = z.object({
  bankId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1),
  dialect: z.enum(BANK_DIALECTS),
  rail: z.enum(RAIL_IDS),
  calendar: z.enum(CALENDAR_IDS),
  timeZone: z.string().refine((tz) => {
    try {
      assertTimeZone(tz);
      return true;
    } catch {
      return false;
    }
  }, 'unknown IANA time zone'),
  currency: z.string().refine(isCurrency, 'unknown ISO 4217 currency'),
  operatingHours: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rail') }),
    z.object({ kind: z.literal('always') }),
    z.object({ kind: z.literal('daily'), open: wallTime, close: wallTime, businessDaysOnly: z.boolean() }),
  ]),
  cutoffs: z.object({ submit: wallTime, funding: wallTime }),
  /** Minor units in the profile's currency. */
  limits: z.object({ perPayout: minor, perDay: minor }),
  statementTime: wallTime,
  statementFormat: z.enum(['camt.053', 'csv']),
  statementEncoding: z.enum(STATEMENT_FILE_ENCODINGS).optional(),
  notFoundMeansProcessing: z.boolean(),
  rejectsDuplicateEndToEndId: z.boolean(),
  rateLimits: z.object({
    queryPerSecond: z.number().int().positive(),
    submitPerSecond: z.number().int().positive().optional(),
    statementPerSecond: z.number().int().positive().optional(),
  }),
  pollSchedule: z.object({
    stepsMs: z.array(z.number().int().positive()).min(1),
    settlementWindows: z.array(wallTime).default([]),
    budgetMs: z.number().int().positive(),
  }),
  supportsBatchSubmit: z.boolean(),
  maxBatchSize: z.number().int().min(1).max(10_000),
  supportsBatchQuery: z.boolean(),
  maxQueryBatchSize: z.number().int().min(1).max(1_000),
});

/** A profile as configuration carries it: limits as minor-unit strings in the profile's currency. */
export type BankProfileJson = z.input<typeof schema>;

/**
 * Parse a profile from configuration, reporting every invalid key at once.
 * @throws PayoutError PAYOUT_E_CONFIG_INVALID
 */
export function parseBankProfile(json: unknown): BankProfile {
  const r = schema.safeParse(json);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `invalid bank profile: ${problems.join('; ')}`, { problems });
  }
  const p = r.data;
  const { submitPerSecond, statementPerSecond, queryPerSecond } = p.rateLimits;
  return Object.freeze({
    ...p,
    limits: {
      perPayout: money(parseMinorUnits(p.limits.perPayout), p.currency),
      perDay: money(parseMinorUnits(p.limits.perDay), p.currency),
    },
    rateLimits: {
      queryPerSecond,
      ...(submitPerSecond === undefined ? {} : { submitPerSecond }),
      ...(statementPerSecond === undefined ? {} : { statementPerSecond }),
    },
  });
}

export function bankProfileToJson(p: BankProfile): BankProfileJson {
  return {
    ...p,
    limits: { perPayout: p.limits.perPayout.amountMinor.toString(), perDay: p.limits.perDay.amountMinor.toString() },
    rateLimits: {
      queryPerSecond: p.rateLimits.queryPerSecond,
      ...(p.rateLimits.submitPerSecond === undefined ? {} : { submitPerSecond: p.rateLimits.submitPerSecond }),
      ...(p.rateLimits.statementPerSecond === undefined ? {} : { statementPerSecond: p.rateLimits.statementPerSecond }),
    },
    pollSchedule: { ...p.pollSchedule, stepsMs: [...p.pollSchedule.stepsMs], settlementWindows: [...p.pollSchedule.settlementWindows] },
  };
}
