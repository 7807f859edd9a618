import { z } from 'zod';

const minor = (description: string) => z.string().regex(/^-?\d+$/).meta({ description: `${description} (minor units, as a string)` });

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

export const alertSchema = z.object({
  fundingAccountId: z.string(),
  currency: z.string(),
  severity: z.enum(['warning', 'critical']),
  kind: z.enum(['deadline_approaching', 'deadline_missed']),
  deadline: z.string(),
  shortfallMinor: minor('Shortfall'),
  msUntilDeadline: z.number(),
  message: z.string(),
});

export const planResponseSchema = z.object({
  recordedPlanId: z.string().meta({ description: 'Where the plan and its inputs are recorded: GET /v1/liquidity/plans/{id}' }),
  recordedAt: z.string(),
  source: z.string(),
  plan: z.record(z.string(), z.unknown()).meta({ description: 'The pre-funding plan: per account the run, deadline, components, required, shortfall and transfer; every amount a string of minor units' }),
  alerts: z.array(alertSchema),
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
  inputs: z.record(z.string(), z.unknown()).optional().meta({ description: 'The inputs the plan was computed from (the --inputs file format); with include=inputs or on a single plan' }),
});

export const fundingTransferBodySchema = z.strictObject({
  fundingAccountId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).meta({ description: 'The receiving funding account (an active one)' }),
  amountMinor: z.string().regex(/^[1-9]\d{0,30}$/).meta({ description: 'Positive amount in minor units, as a string' }),
  currency: z.string().regex(/^[A-Z]{3}$/).meta({ description: 'ISO 4217; the account\'s currency' }),
  reference: z.string().min(1).max(35).meta({ description: 'The reference the transfer carries (end-to-end id): the statement credit is recognised by it' }),
  sourceAccountId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).optional().meta({ description: 'Where the money comes from (default: the account\'s funding source)' }),
});

export const fundingTransferSchema = z.object({
  outcome: z.enum(['recorded', 'already_recorded']),
  transferId: z.string(),
  fundingAccountId: z.string(),
  sourceAccountId: z.string(),
  amountMinor: minor('Amount'),
  currency: z.string(),
  state: z.enum(['in_transit', 'seen', 'cancelled']).meta({ description: 'in_transit until the account\'s statement shows the credit' }),
  recordedAt: z.string(),
  seenOn: z.string().nullable(),
});
