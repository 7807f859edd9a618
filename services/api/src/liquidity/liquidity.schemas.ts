import { z } from 'zod';

const minor = (description: string) =>
  z
    .string()
    .regex(/^-?\d+$/)
    .meta({ description: `${description} (minor units, as a string)` });

export const positionSchema = z.object({
  fundingAccountId: z.string(),
  currency: z.string(),
  confirmedMinor: minor('Statement-confirmed balance'),
  availableMinor: minor('Confirmed minus reserved, unknown exposure and settled awaiting statement'),
  reservedMinor: minor('Held for attempts in flight'),
  unknownExposureMinor: minor('Attempts whose outcome is unknown: counted as spent'),
  settledAwaitingStatementMinor: minor('Executed, not yet seen on a statement'),
  fundingInTransitMinor: minor('Funding sent, not yet seen on a statement (never available)'),
  returnsInTransitMinor: minor('Returns reported, not yet seen on a statement (never available)'),
  asOf: z.string().nullable().meta({ description: 'Latest posting time (ISO)' }),
  configured: z.boolean().meta({ description: 'The account is an active funding account of the plan' }),
  latestStatement: z
    .object({
      statementId: z.string(),
      date: z.string(),
      closingMinor: minor('Closing balance on the statement'),
      ledgerConfirmedMinor: minor('What the ledger holds at the end of that date'),
      driftMinor: minor('Statement minus ledger'),
      status: z.enum(['in_balance', 'drift']),
    })
    .nullable(),
});

const calendarGapReasonSchema = z
  .object({
    code: z.literal('PAYOUT_E_CALENDAR_NO_DATA'),
    calendar: z.string(),
    year: z.number().int(),
    fromYear: z.number().int().nullable().meta({ description: 'First year the calendar covered when asked' }),
    toYear: z.number().int().nullable().meta({ description: 'Last year the calendar covered when asked' }),
  })
  .meta({
    description:
      'The calendar has no data for this year; importing it (./dev payout calendar import CAL YEAR FILE, approved by a second person) makes the plan complete',
  });

export const uncoveredDaySchema = z
  .object({
    date: z.string(),
    kind: z.literal('unknown'),
    business: z.null(),
    reason: calendarGapReasonSchema,
  })
  .meta({ description: 'A horizon day without calendar data: counted as closed (no funding lands on it) and not forecast' });

const deadlineAlertSchema = z.object({
  fundingAccountId: z.string(),
  currency: z.string(),
  severity: z.enum(['warning', 'critical']),
  kind: z.enum(['deadline_approaching', 'deadline_missed']),
  deadline: z.string(),
  shortfallMinor: minor('Shortfall'),
  msUntilDeadline: z.number(),
  message: z.string(),
});

const calendarGapAlertSchema = z
  .object({
    fundingAccountId: z.string(),
    currency: z.string(),
    severity: z.literal('critical'),
    kind: z.literal('calendar_gap'),
    code: z.literal('PAYOUT_E_CALENDAR_NO_DATA'),
    calendar: z.string(),
    year: z.number().int(),
    uncovered: z.array(z.string()).meta({ description: 'Horizon days without calendar data' }),
    deadline: z.string().nullable().meta({ description: 'The last known funding moment; null when no funding day is known' }),
    shortfallMinor: minor('Shortfall over the days with calendar data only: a lower bound'),
    msUntilDeadline: z.number().nullable(),
    action: z.string().meta({ description: 'What to import' }),
    message: z.string(),
  })
  .meta({ description: "The account's plan is partial: a calendar has no data for days it needs" });

export const alertSchema = z.discriminatedUnion('kind', [deadlineAlertSchema, calendarGapAlertSchema]);

const accountPlanSchema = z.looseObject({
  fundingAccountId: z.string(),
  run: z.looseObject({
    start: z.string(),
    end: z.string(),
    days: z.array(z.string()),
    lastBusinessDayBefore: z.string().nullable().meta({ description: 'null when no business day with calendar data comes before the run' }),
    nextBusinessDay: z.string().nullable().meta({ description: 'null when the run reaches days without calendar data' }),
  }),
  horizon: z.array(z.string()),
  deadline: z
    .looseObject({
      at: z.string(),
      date: z.string(),
      passed: z.boolean(),
      basis: z.literal('last_covered_business_day').optional().meta({
        description:
          'The run starts on a day without calendar data: the deadline is on the last business day the calendar knows (the latest safe moment)',
      }),
    })
    .nullable()
    .meta({ description: 'null when no funding day is known' }),
  requiredMinor: minor('What the account must hold (a lower bound when `uncovered` is present)'),
  shortfallMinor: minor('max(0, required − confirmed)'),
  uncovered: z.array(uncoveredDaySchema).optional().meta({ description: 'Present only on a partial plan' }),
  calendarGaps: z
    .array(calendarGapReasonSchema)
    .optional()
    .meta({ description: "The calendar years this account's plan lacks; present only on a partial plan" }),
});

const planCalendarGapSchema = calendarGapReasonSchema.extend({
  fundingAccountIds: z.array(z.string()),
  firstDate: z.string().nullable(),
  message: z.string(),
});

export const planSchema = z
  .looseObject({
    id: z.string(),
    createdAt: z.string(),
    accounts: z.array(accountPlanSchema),
    transfers: z.array(z.record(z.string(), z.unknown())),
    calendarGaps: z
      .array(planCalendarGapSchema)
      .optional()
      .meta({ description: 'Calendar years without data that some account plans need; absent when the plan is complete' }),
  })
  .meta({
    description:
      'The pre-funding plan: per account the run, deadline, components, required, shortfall and transfer; every amount a string of minor units. A year a calendar has no data for makes the affected accounts partial (uncovered days listed, never used as business days) instead of failing the request.',
  });

export const planResponseSchema = z.object({
  recordedPlanId: z.string().meta({ description: 'Where the plan and its inputs are recorded: GET /v1/liquidity/plans/{id}' }),
  recordedAt: z.string(),
  source: z.string(),
  plan: planSchema,
  alerts: z
    .array(alertSchema)
    .meta({ description: 'Partial plans (calendar_gap) first, then funding deadlines near or past with a shortfall' }),
});

export const recordedPlanSchema = z.object({
  id: z.string(),
  planKey: z.string(),
  plannedAt: z.string(),
  asOf: z.string().nullable(),
  source: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  accountCount: z.number().int(),
  transferCount: z.number().int(),
  settings: z.record(z.string(), z.unknown()),
  plan: z.record(z.string(), z.unknown()),
  inputs: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: 'The inputs the plan was computed from (the --inputs file format); with include=inputs or on a single plan' }),
});

export const fundingTransferBodySchema = z.strictObject({
  fundingAccountId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
    .meta({ description: 'The receiving funding account (an active one)' }),
  amountMinor: z
    .string()
    .regex(/^[1-9]\d{0,30}$/)
    .meta({ description: 'Positive amount in minor units, as a string' }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .meta({ description: "ISO 4217; the account's currency" }),
  reference: z
    .string()
    .min(1)
    .max(35)
    .meta({ description: 'The reference the transfer carries (end-to-end id): the statement credit is recognised by it' }),
  sourceAccountId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
    .optional()
    .meta({ description: "Where the money comes from (default: the account's funding source)" }),
});

export const fundingTransferSchema = z.object({
  outcome: z.enum(['recorded', 'already_recorded']),
  transferId: z.string(),
  fundingAccountId: z.string(),
  sourceAccountId: z.string(),
  amountMinor: minor('Amount'),
  currency: z.string(),
  state: z.enum(['in_transit', 'seen', 'cancelled']).meta({ description: "in_transit until the account's statement shows the credit" }),
  recordedAt: z.string(),
  seenOn: z.string().nullable(),
});
