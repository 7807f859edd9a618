import { z } from 'zod';
import { appendAuditEntries } from '@payout/db';
import { isPayoutError, PayoutError } from '@payout/domain';
import type { ApiApp } from '../../app/api-app.ts';
import { problemResponse } from '../../app/problem.ts';
import type { OpsDeps } from '../ops-deps.ts';
import { actOnPayout } from '../service/payout-actions.service.ts';
import { executeBulk, previewBulk } from '../service/bulk.service.ts';
import {
  decideOnForceResolve,
  getForceResolveProposal,
  listForceResolveProposals,
  proposeForceResolve,
} from '../service/force-resolve.service.ts';
import { auditEntry } from '../service/ops-audit.ts';
import { listStuck } from '../service/stuck.service.ts';
import { payoutTimeline } from '../service/timeline.service.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { registerCalendarRoutes } from './calendar.routes.ts';
import { jsonBody } from './ops-json.ts';
import { AUDITED, opsContext, unwrap } from './ops-request.ts';
import {
  actionBody,
  bulkExecuteBody,
  bulkParams,
  bulkPreviewBody,
  decisionBody,
  forceResolveBody,
  payoutParams,
  proposalParams,
  proposalsQuery,
  requiredDecisionBody,
  stuckQuerySchema,
  toStuckFilter,
} from './ops-schemas.ts';

const anyJson = (description: string) => z.looseObject({}).meta({ description });
const refusals = {
  400: problemResponse('Malformed request'),
  401: problemResponse('No valid API key'),
  403: problemResponse('The key lacks the ops scope or the role for this action'),
  404: problemResponse('No such payout or proposal'),
  409: problemResponse('Refused by the payout rules, or the payout changed concurrently'),
  422: problemResponse('Evidence or confirmation missing or invalid'),
};

/**
 * The ops API under `/v1/ops/…`: stuck list, timeline, re-poll, retry, cancel, force-resolve
 * (maker-checker) and bulk actions with a dry run. Every route needs the `ops` scope; the
 * role of the key (viewer, operator, approver) decides what it may do; every action —
 * applied or refused — writes an audit row naming the person and the request id.
 *
 * @example
 *   registerOpsRoutes(routes, { db, clock: () => new Date(), hints, settings: DEFAULT_OPS_SETTINGS });
 */
export function registerOpsRoutes(parent: ApiApp, deps: OpsDeps): void {
  void parent.register(async (instance) => {
    const app = instance as unknown as ApiApp;
    // The app's auth hook has set req.principal. A key without the ops scope is refused here,
    // after authentication, so the refusal is audited with the person's name.
    app.addHook('onRequest', async (req) => {
      const p = req.principal;
      if (p === null || p.scopes.includes('ops')) return;
      const message = `${p.actor}'s key lacks the ops scope`;
      await appendAuditEntries(deps.db, [
        auditEntry(
          { who: { actor: p.actor, role: p.role, keyId: p.keyId, clientId: p.clientId }, requestId: String(req.id) },
          'ops.access',
          `route:${req.method} ${req.routeOptions.url ?? req.url}`,
          'refused',
          {
            reason: null,
            after: { refused: 'PAYOUT_E_FORBIDDEN', message },
          },
        ),
      ]);
      throw new PayoutError('PAYOUT_E_FORBIDDEN', message, { [AUDITED]: true });
    });
    // Requests refused before the service saw them (a body that fails the schema, a bad id)
    // are refused actions too: audit them with the person's name. Reads are not audited.
    app.addHook('onError', async (req, _reply, err) => {
      const p = req.principal;
      if (p === null || req.method === 'GET' || (isPayoutError(err) && err.details?.[AUDITED] === true)) return;
      const route = req.routeOptions.url ?? req.url;
      const id = (req.params as { id?: unknown } | undefined)?.id;
      const target =
        typeof id === 'string' && route.includes('/payouts/:id')
          ? `payout:${id}`
          : typeof id === 'string' && route.includes('/proposals/:id')
            ? `proposal:${id}`
            : typeof id === 'string' && route.includes('/calendars/years/:id')
              ? `calendar_year:${id}`
              : `route:${req.method} ${route}`;
      const status = (err as { statusCode?: unknown }).statusCode;
      const code = isPayoutError(err) ? err.code : typeof status === 'number' && status < 500 ? 'PAYOUT_E_VALIDATION' : 'PAYOUT_E_INTERNAL';
      await appendAuditEntries(deps.db, [
        auditEntry(
          { who: { actor: p.actor, role: p.role, keyId: p.keyId, clientId: p.clientId }, requestId: String(req.id) },
          'ops.request',
          target,
          code === 'PAYOUT_E_INTERNAL' ? 'error' : 'refused',
          {
            reason: null,
            after: { refused: code, route: `${req.method} ${route}`, message: err.message.slice(0, 500) },
          },
        ),
      ]).catch((auditErr: unknown) =>
        req.log.warn({ err: auditErr instanceof Error ? auditErr.message : String(auditErr) }, 'could not audit a refused ops request'),
      );
    });

    app.get(
      '/v1/ops/stuck',
      {
        schema: {
          operationId: 'opsListStuck',
          tags: ['ops'],
          summary: 'Stuck payouts by state age, with counts and amounts per bucket',
          querystring: stuckQuerySchema,
          response: { 200: anyJson('Stuck payouts, oldest first'), ...refusals },
        },
      },
      async (req) => {
        opsContext(req);
        const q = req.query;
        return jsonBody(await listStuck(deps, toStuckFilter(q), { limit: q.limit, cursor: q.cursor }));
      },
    );

    app.get(
      '/v1/ops/payouts/:id/timeline',
      {
        schema: {
          operationId: 'opsTimeline',
          tags: ['ops'],
          summary: "A payout's full story in time order",
          params: payoutParams,
          response: { 200: anyJson('Timeline'), ...refusals },
        },
      },
      async (req) => {
        opsContext(req);
        const t = await payoutTimeline(deps, req.params.id.toLowerCase());
        if (t === undefined) throw new PayoutError('PAYOUT_E_NOT_FOUND', 'no such payout');
        return jsonBody(t);
      },
    );

    for (const action of ['repoll', 'retry', 'cancel'] as const) {
      app.post(
        `/v1/ops/payouts/:id/${action}`,
        {
          schema: {
            operationId: `ops${action[0]!.toUpperCase()}${action.slice(1)}`,
            tags: ['ops'],
            summary: `${action} one payout`,
            params: payoutParams,
            body: actionBody,
            response: { 200: anyJson('Applied'), ...refusals },
          },
        },
        async (req) => jsonBody(unwrap(await actOnPayout(deps, opsContext(req), action, req.params.id.toLowerCase(), req.body))),
      );
    }

    app.post(
      '/v1/ops/payouts/:id/force-resolve',
      {
        schema: {
          operationId: 'opsProposeForceResolve',
          tags: ['ops'],
          summary: 'Propose forcing a payout to succeeded or failed (needs a second person)',
          params: payoutParams,
          body: forceResolveBody,
          response: { 202: anyJson('Proposal waiting for approval'), ...refusals },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const proposal = unwrap(
          await proposeForceResolve(deps, opsContext(req), req.params.id.toLowerCase(), {
            target: b.target,
            reason: b.reason,
            evidence: b.evidence,
            overrideReason: b.overrideReason,
            expiresInMs: b.expiresInSeconds === undefined ? undefined : b.expiresInSeconds * 1000,
          }),
        );
        return reply.code(202).send(jsonBody(proposal));
      },
    );

    app.get(
      '/v1/ops/proposals',
      {
        schema: {
          operationId: 'opsListProposals',
          tags: ['ops'],
          summary: 'Force-resolve proposals, newest first',
          querystring: proposalsQuery,
          response: { 200: anyJson('Proposals'), ...refusals },
        },
      },
      async (req) => {
        opsContext(req);
        const q = req.query;
        return jsonBody({
          items: await listForceResolveProposals(deps, { status: q.status, payoutId: q.payoutId?.toLowerCase(), limit: q.limit }),
        });
      },
    );

    app.get(
      '/v1/ops/proposals/:id',
      {
        schema: {
          operationId: 'opsGetProposal',
          tags: ['ops'],
          summary: 'One force-resolve proposal',
          params: proposalParams,
          response: { 200: anyJson('Proposal'), ...refusals },
        },
      },
      async (req) => {
        opsContext(req);
        const p = await getForceResolveProposal(deps, req.params.id.toLowerCase());
        if (p === undefined) throw new PayoutError('PAYOUT_E_NOT_FOUND', 'no such proposal');
        return jsonBody(p);
      },
    );

    app.post(
      '/v1/ops/proposals/:id/approve',
      {
        schema: {
          operationId: 'opsApproveProposal',
          tags: ['ops'],
          summary: 'Approve (a second person): the payout moves',
          params: proposalParams,
          body: decisionBody,
          response: { 200: anyJson('Approved and applied'), ...refusals },
        },
      },
      async (req) => jsonBody(unwrap(await decideOnForceResolve(deps, opsContext(req), req.params.id.toLowerCase(), 'approve', req.body))),
    );
    for (const verdict of ['reject', 'withdraw'] as const) {
      app.post(
        `/v1/ops/proposals/:id/${verdict}`,
        {
          schema: {
            operationId: `ops${verdict === 'reject' ? 'Reject' : 'Withdraw'}Proposal`,
            tags: ['ops'],
            summary: `${verdict} a pending proposal`,
            params: proposalParams,
            body: requiredDecisionBody,
            response: { 200: anyJson('Decided'), ...refusals },
          },
        },
        async (req) => jsonBody(unwrap(await decideOnForceResolve(deps, opsContext(req), req.params.id.toLowerCase(), verdict, req.body))),
      );
    }

    app.post(
      '/v1/ops/bulk/:action/preview',
      {
        schema: {
          operationId: 'opsBulkPreview',
          tags: ['ops'],
          summary: 'Dry run of a bulk action: what would change, and a confirmation token',
          params: bulkParams,
          body: bulkPreviewBody,
          response: { 200: anyJson('Preview'), ...refusals },
        },
      },
      async (req) =>
        jsonBody(unwrap(await previewBulk(deps, opsContext(req), req.params.action, toStuckFilter(req.body.filter), req.body.reason))),
    );
    app.post(
      '/v1/ops/bulk/:action/execute',
      {
        schema: {
          operationId: 'opsBulkExecute',
          tags: ['ops'],
          summary: 'Execute a previewed bulk action with its confirmation token',
          params: bulkParams,
          body: bulkExecuteBody,
          response: { 200: anyJson('Executed'), ...refusals },
        },
      },
      async (req) =>
        jsonBody(unwrap(await executeBulk(deps, opsContext(req), req.params.action, req.body.confirmationToken, req.body.reason))),
    );

    registerCalendarRoutes(app, deps);
    registerAuditRoutes(app, deps);
  });
}
