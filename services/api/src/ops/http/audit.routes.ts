import { z } from 'zod';
import { AUDIT_OUTCOMES, decodeAuditCursor, isAuditOutcome, type AuditOutcome, type AuditTextMatch } from '@payout/db';
import type { ApiApp } from '../../app/api-app.ts';
import { problemResponse } from '../../app/problem.ts';
import type { OpsDeps } from '../ops-deps.ts';
import { readAuditLog } from '../service/audit-log.service.ts';
import { toJson } from './ops-json.ts';
import { opsContext, unwrap } from './ops-request.ts';

export const AUDIT_DEFAULT_LIMIT = 50;
export const AUDIT_MAX_LIMIT = 500;

/** `ops.retry` matches exactly; a trailing `*` makes it a prefix (`ops.calendar.*`). */
const textMatch = (what: string) =>
  z
    .string()
    .min(1)
    .max(400)
    .optional()
    .transform((v, ctx): AuditTextMatch | undefined => {
      if (v === undefined) return undefined;
      if (!v.endsWith('*')) return { exact: v };
      if (v.length === 1) {
        ctx.addIssue({ code: 'custom', message: `a ${what} prefix needs at least one character before *` });
        return z.NEVER;
      }
      return { prefix: v.slice(0, -1) };
    })
    .meta({ description: `The ${what}, exact; end it with * to match a prefix.` });

const instant = (description: string) =>
  z.iso
    .datetime({ offset: true })
    .optional()
    .transform((s) => (s === undefined ? undefined : new Date(s)))
    .meta({ description });

const outcomes = z
  .union([z.string().max(200), z.array(z.string().max(40)).max(20)])
  .optional()
  .transform((v, ctx): AuditOutcome[] | undefined => {
    if (v === undefined) return undefined;
    const items = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim());
    if (items.length === 0 || !items.every(isAuditOutcome)) {
      ctx.addIssue({ code: 'custom', message: `outcome must be among ${AUDIT_OUTCOMES.join(', ')}` });
      return z.NEVER;
    }
    return items.filter(isAuditOutcome);
  })
  .meta({
    description: `Outcomes, comma-separated or repeated: ${AUDIT_OUTCOMES.join(', ')}. Refusals are \`refused\` (a rule, role or scope said no, or the request was malformed) and \`error\`.`,
  });

export const auditQuerySchema = z
  .strictObject({
    actor: z.string().min(1).max(200).optional().meta({ description: 'The named person (the API key’s actor), exact.' }),
    action: textMatch('action'),
    target: textMatch('target'),
    from: instant('Rows at or after this instant (ISO 8601 with offset).'),
    to: instant('Rows before this instant (ISO 8601 with offset).'),
    outcome: outcomes,
    limit: z
      .string()
      .regex(/^[0-9]{1,6}$/, 'limit must be a whole number')
      .optional()
      .transform((s, ctx) => {
        const n = s === undefined ? AUDIT_DEFAULT_LIMIT : Number(s);
        if (n < 1 || n > AUDIT_MAX_LIMIT) {
          ctx.addIssue({ code: 'custom', message: `limit must be between 1 and ${AUDIT_MAX_LIMIT}` });
          return z.NEVER;
        }
        return n;
      })
      .meta({ description: `Rows per page, 1–${AUDIT_MAX_LIMIT}; default ${AUDIT_DEFAULT_LIMIT}.` }),
    cursor: z
      .string()
      .max(60)
      .optional()
      .transform((s, ctx) => {
        if (s === undefined) return undefined;
        const id = decodeAuditCursor(s);
        if (id === undefined) {
          ctx.addIssue({ code: 'custom', message: 'not a cursor this API issued (use `next` from the previous page)' });
          return z.NEVER;
        }
        return id;
      })
      .meta({ description: 'The `next` of the previous page.' }),
  })
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.from >= q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  });

const auditRowSchema = z.object({
  id: z.string().meta({ description: 'The row id (decimal string); ids only grow.' }),
  at: z.string().meta({ description: 'When it was written (ISO 8601, UTC).' }),
  actor: z.string().meta({ description: 'The named person (or the service) that acted.' }),
  role: z.string().nullable(),
  action: z
    .string()
    .meta({ description: 'e.g. ops.retry, ops.calendar.approve, ops.access (refused for lack of the ops scope), liquidity.funding_sent.' }),
  target: z.string().meta({ description: 'e.g. payout:<id>, proposal:<id>, calendar:CN:2027, route:GET /v1/ops/stuck, audit_log.' }),
  reason: z.string().nullable(),
  outcome: z.string().meta({ description: AUDIT_OUTCOMES.join(' | ') }),
  requestId: z.string().nullable(),
  before: z.unknown().meta({ description: 'State before the action (JSON); account numbers masked to their last four.' }),
  after: z.unknown().meta({ description: 'State after, or the refusal (code and message); account numbers masked.' }),
});
const auditPageSchema = z.object({
  items: z.array(auditRowSchema).meta({ description: 'Newest first.' }),
  next: z.string().nullable().meta({ description: 'Cursor for the next (older) page; null on the last page.' }),
});

const refusals = {
  400: problemResponse('A filter is invalid (PAYOUT_E_VALIDATION; `errors[].path` names the field)'),
  401: problemResponse('No valid API key'),
  403: problemResponse('The key lacks the ops scope, or its role may not read the audit log (audited)'),
};

/**
 * `GET /v1/ops/audit`: the audit log as people read it — every ops action, refusal and
 * treasury record, newest first, filtered by actor, action, target (exact or `prefix*`),
 * time range and outcome, paged by a keyset cursor (`next`). Account numbers in before/after
 * and reasons are masked by the query.
 *
 * Who may read it (ops-role `read_audit`): approvers only. The log shows every person's
 * actions across all clients with their reasons; approvers are the checkers of maker-checker
 * and need to see what the others did. Operators are the people the log checks, and a viewer
 * already sees a payout's own audit rows in its timeline. Reading is its own action rather
 * than `view`, so granting an auditor role later is one line in the role table. A refused read
 * is audited (`ops.audit.read` on `audit_log`); a key without the ops scope is refused and
 * audited by the ops scope hook (`ops.access` on `route:GET /v1/ops/audit`, under the key's
 * actor) — both visible here.
 */
export function registerAuditRoutes(app: ApiApp, deps: OpsDeps): void {
  app.get(
    '/v1/ops/audit',
    {
      schema: {
        operationId: 'opsAuditLog',
        tags: ['ops'],
        summary: 'The audit log, newest first: filter by actor, action, target, time and outcome (refusals included)',
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema, ...refusals },
      },
    },
    async (req) => {
      const q = req.query;
      const page = unwrap(
        await readAuditLog(
          deps,
          opsContext(req),
          { actor: q.actor, action: q.action, target: q.target, from: q.from, to: q.to, outcomes: q.outcome },
          { limit: q.limit, before: q.cursor },
        ),
      );
      return {
        items: page.items.map((r) => ({
          id: r.id.toString(),
          at: r.at.toISOString(),
          actor: r.actor,
          role: r.role,
          action: r.action,
          target: r.target,
          reason: r.reason,
          outcome: r.outcome,
          requestId: r.requestId,
          before: toJson(r.before),
          after: toJson(r.after),
        })),
        next: page.next,
      };
    },
  );
}
