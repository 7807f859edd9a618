import { z } from 'zod';
import { PAYOUT_STATUSES, PayoutError, isPayoutStatus, type PayoutStatus } from '@payout/domain';
import { listPayouts, type Db } from '@payout/db';
import { CLIENT_ID_PATTERN } from '@payout/queue';
import { principalOf, type ApiApp } from '../app/api-app.ts';
import { problemResponse } from '../app/problem.ts';
import { seesAllClients } from '../auth/authenticate.ts';
import { payoutPageSchema, toView } from './payout.views.ts';

const querySchema = z.strictObject({
  status: z
    .string()
    .max(300)
    .optional()
    .meta({ description: `Comma-separated statuses: ${PAYOUT_STATUSES.join(', ')}` })
    .transform((s, ctx): PayoutStatus[] | undefined => {
      if (s === undefined) return undefined;
      const list = s.split(',').map((x) => x.trim());
      const bad = list.filter((x) => !isPayoutStatus(x));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown status; use ${PAYOUT_STATUSES.join(', ')}` });
        return z.NEVER;
      }
      return list.filter(isPayoutStatus);
    }),
  clientId: z.string().regex(CLIENT_ID_PATTERN).optional().meta({ description: "Ops keys only: one client's payouts." }),
  createdFrom: z.iso.datetime({ offset: true }).optional().meta({ description: 'Inclusive lower bound on creation time.' }),
  createdTo: z.iso.datetime({ offset: true }).optional().meta({ description: 'Exclusive upper bound on creation time.' }),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/)
    .optional()
    .meta({ description: 'Page size, 1–200 (default 50).' })
    .transform((s, ctx) => {
      const n = s === undefined ? 50 : Number(s);
      if (n > 200) {
        ctx.addIssue({ code: 'custom', message: 'limit must be at most 200' });
        return z.NEVER;
      }
      return n;
    }),
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor of the previous page.' }),
});

/** `GET /v1/payouts`: newest first, filtered, keyset-paginated; a client sees only its own. */
export function registerListPayouts(app: ApiApp, db: Db): void {
  app.get(
    '/v1/payouts',
    {
      config: { scopes: ['payouts:read', 'ops'] },
      schema: {
        operationId: 'listPayouts',
        tags: ['payouts'],
        summary: 'List payouts (newest first, keyset pagination)',
        querystring: querySchema,
        response: {
          200: payoutPageSchema,
          400: problemResponse('Bad filter or cursor'),
          401: problemResponse('No valid API key'),
          403: problemResponse('The key lacks payouts:read, or asked for another client'),
        },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const q = req.query;
      let clientId = q.clientId;
      if (!seesAllClients(principal)) {
        if (clientId !== undefined && clientId !== principal.clientId) {
          throw new PayoutError('PAYOUT_E_FORBIDDEN', "only ops keys may list other clients' payouts");
        }
        clientId = principal.clientId;
      }
      const page = await listPayouts(db, {
        clientId,
        statuses: q.status,
        createdFrom: q.createdFrom === undefined ? undefined : new Date(q.createdFrom),
        createdTo: q.createdTo === undefined ? undefined : new Date(q.createdTo),
        limit: q.limit,
        cursor: q.cursor,
      });
      if (!page.ok) throw new PayoutError('PAYOUT_E_VALIDATION', 'cursor is not valid; start again without it');
      return { items: page.items.map(toView), nextCursor: page.nextCursor };
    },
  );
}
