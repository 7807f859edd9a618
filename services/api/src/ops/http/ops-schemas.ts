import { z } from 'zod';
import { CLIENT_ID_PATTERN } from '@payout/queue';
import { STUCK_STATES, isStuckState, type StuckState } from '../policy/stuck-thresholds.ts';
import type { StuckFilter } from '../policy/stuck-filter.ts';
import { FORCE_RESOLVE_TARGETS } from '../policy/force-resolve.policy.ts';
import { PROPOSAL_STATUSES } from '../policy/proposal.policy.ts';
import { PAYOUT_ACTIONS } from '../service/action-plans.ts';

const MINOR = /^(0|[1-9][0-9]{0,18})$/;
const BANK_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `a,b` or repeated `?x=a&x=b` → a list, each item checked. */
const list = (item: RegExp, what: string) =>
  z
    .union([z.string().max(2000), z.array(z.string().max(200)).max(100)])
    .optional()
    .transform((v, ctx): string[] | undefined => {
      if (v === undefined) return undefined;
      const items = (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (items.length === 0 || items.some((s) => !item.test(s))) {
        ctx.addIssue({ code: 'custom', message: `not a valid ${what} list` });
        return z.NEVER;
      }
      return items;
    });

const minorUnits = z
  .string()
  .regex(MINOR)
  .optional()
  .transform((s) => (s === undefined ? undefined : BigInt(s)));

/** The filter fields shared by the stuck list and bulk actions. */
export const stuckFilterShape = {
  state: list(/^[a-z_]+$/, 'state')
    .transform((v, ctx): StuckState[] | undefined => {
      if (v === undefined) return undefined;
      if (!v.every(isStuckState)) {
        ctx.addIssue({ code: 'custom', message: `state must be among ${STUCK_STATES.join(', ')}` });
        return z.NEVER;
      }
      return v.filter(isStuckState);
    })
    .meta({ description: `States (comma-separated or repeated): ${STUCK_STATES.join(', ')}; default all.` }),
  bank: list(BANK_ID, 'bank').meta({ description: 'Channel (bank) ids of the latest attempt.' }),
  client: list(CLIENT_ID_PATTERN, 'client').meta({ description: 'Client ids.' }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  minAmountMinor: minorUnits.meta({ description: 'Minimum amount in minor units (string of digits).' }),
  maxAmountMinor: minorUnits.meta({ description: 'Maximum amount in minor units (string of digits).' }),
  minAgeSeconds: z
    .union([z.string().regex(/^[0-9]{1,9}$/), z.number().int().min(0).max(999_999_999)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Number(v) * 1000))
    .meta({
      description:
        'In the state at least this long; replaces the per-state thresholds (default: the thresholds, or 0 when since/until give a window).',
    }),
  since: z.iso.datetime({ offset: true }).optional().meta({ description: 'Entered the state at or after this instant.' }),
  until: z.iso.datetime({ offset: true }).optional().meta({ description: 'Entered the state before this instant.' }),
};

type FilterFields = {
  state?: StuckState[] | undefined;
  bank?: string[] | undefined;
  client?: string[] | undefined;
  currency?: string | undefined;
  minAmountMinor?: bigint | undefined;
  maxAmountMinor?: bigint | undefined;
  minAgeSeconds?: number | undefined;
  since?: string | undefined;
  until?: string | undefined;
};

export function toStuckFilter(q: FilterFields): StuckFilter {
  return {
    states: q.state,
    bankIds: q.bank,
    clientIds: q.client,
    currency: q.currency,
    minAmountMinor: q.minAmountMinor,
    maxAmountMinor: q.maxAmountMinor,
    minAgeMs: q.minAgeSeconds,
    enteredAfter: q.since === undefined ? undefined : new Date(q.since),
    enteredBefore: q.until === undefined ? undefined : new Date(q.until),
  };
}

export const stuckQuerySchema = z.strictObject({
  ...stuckFilterShape,
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/)
    .optional()
    .transform((s, ctx) => {
      const n = s === undefined ? 100 : Number(s);
      if (n > 1000) {
        ctx.addIssue({ code: 'custom', message: 'limit must be at most 1000' });
        return z.NEVER;
      }
      return n;
    }),
  cursor: z.string().max(300).optional(),
});

export const bulkFilterSchema = z.strictObject({
  state: stuckFilterShape.state,
  bank: stuckFilterShape.bank,
  client: stuckFilterShape.client,
  currency: stuckFilterShape.currency,
  minAmountMinor: stuckFilterShape.minAmountMinor,
  maxAmountMinor: stuckFilterShape.maxAmountMinor,
  minAgeSeconds: stuckFilterShape.minAgeSeconds,
  since: stuckFilterShape.since,
  until: stuckFilterShape.until,
});

const reason = z.string().trim().min(1).max(2000).meta({ description: 'Why — kept in the audit row and the event.' });

export const payoutParams = z.object({ id: z.string().max(100) });
export const proposalParams = z.object({ id: z.string().max(100) });
export const bulkParams = z.object({ action: z.enum(PAYOUT_ACTIONS) });

export const actionBody = z.strictObject({
  reason,
  expectedVersion: z.number().int().min(1).optional().meta({ description: 'The version you looked at; 409 if the payout changed since.' }),
});

const note = z.string().max(1000).optional();
export const evidenceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('statement_line'),
    lineId: z
      .string()
      .regex(/^[0-9]{1,18}$/)
      .optional(),
    reference: z.string().min(1).max(140).optional(),
    note,
  }),
  z.strictObject({
    kind: z.literal('statement'),
    statementId: z.string().min(1).max(140).optional(),
    account: z.string().max(64).optional(),
    date: z.iso.date().optional(),
    note,
  }),
  z.strictObject({ kind: z.literal('bank_reference'), reference: z.string().min(1).max(140), note }),
  z.strictObject({
    kind: z.literal('confirmation'),
    fileName: z.string().min(1).max(255),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    note,
  }),
]);

export const forceResolveBody = z.strictObject({
  target: z.enum(FORCE_RESOLVE_TARGETS),
  reason,
  evidence: z.array(evidenceSchema).min(1).max(20),
  overrideReason: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .meta({ description: 'Required to force failed while the bank may have executed, without statement evidence.' }),
  expiresInSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional()
    .meta({ description: 'Shorter than the default lifetime; never longer.' }),
});

export const decisionBody = z.strictObject({ reason: z.string().trim().max(2000).optional() });
export const requiredDecisionBody = z.strictObject({ reason });

export const proposalsQuery = z.strictObject({
  status: z.enum(PROPOSAL_STATUSES).optional(),
  payoutId: z.string().max(100).optional(),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/)
    .optional()
    .transform((s) => Math.min(200, s === undefined ? 50 : Number(s))),
});

export const bulkPreviewBody = z.strictObject({ filter: bulkFilterSchema, reason });
export const bulkExecuteBody = z.strictObject({ confirmationToken: z.string().min(10).max(200), reason });
