import { z } from 'zod';
import { PayoutError } from '@payout/domain';
import { getPayoutDetail, type Db } from '@payout/db';
import { principalOf, type ApiApp } from '../app/api-app.ts';
import { problemResponse } from '../app/problem.ts';
import { seesAllClients } from '../auth/authenticate.ts';
import { payoutDetailSchema, toDetailView } from './payout.views.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /v1/payouts/{id}`: the payout with its attempts and event timeline. Another client's
 * payout answers 404 exactly like a missing one, so ids reveal nothing.
 */
export function registerGetPayout(app: ApiApp, db: Db): void {
  app.get(
    '/v1/payouts/:id',
    {
      config: { scopes: ['payouts:read', 'ops'] },
      schema: {
        operationId: 'getPayout',
        tags: ['payouts'],
        summary: 'A payout with its attempts and event timeline',
        params: z.object({ id: z.string().max(100) }),
        response: {
          200: payoutDetailSchema,
          401: problemResponse('No valid API key'),
          403: problemResponse('The key lacks payouts:read'),
          404: problemResponse('No such payout for this client'),
        },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const id = req.params.id.toLowerCase();
      const detail = UUID.test(id)
        ? await getPayoutDetail(db, id, seesAllClients(principal) ? {} : { clientId: principal.clientId })
        : undefined;
      if (detail === undefined) throw new PayoutError('PAYOUT_E_NOT_FOUND', 'no such payout');
      return toDetailView(detail);
    },
  );
}
