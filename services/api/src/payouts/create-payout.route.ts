import { z } from 'zod';
import { PayoutError } from '@payout/domain';
import type { IntakeWriter } from '@payout/db';
import {
  fundingAccountRefusalError,
  IDEMPOTENCY_KEY_PATTERN,
  parsePayoutRequest,
  payoutRequestSchema,
  intakeRecordOf,
} from '@payout/queue';
import { principalOf, type ApiApp } from '../app/api-app.ts';
import { problemResponse } from '../app/problem.ts';
import { useCustomParser } from '../app/zod-schema.ts';
import { payoutReceiptSchema, toReceipt } from './payout.views.ts';

const headersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY_PATTERN)
    .meta({ description: 'Required. 1–255 printable ASCII characters; retries of the same payout reuse it. Kept as long as the payout.' }),
});

useCustomParser(payoutRequestSchema, parsePayoutRequest);

/**
 * `POST /v1/payouts`: idempotent intake. Same key + same request → the original 201 answer
 * (with `Idempotent-Replayed: true`); same key + different request → 422
 * PAYOUT_E_IDEMPOTENCY_MISMATCH; concurrent requests with one key → one payout, every caller
 * gets the same answer (the database's unique index serialises them; no 409 to retry).
 * A named `fundingAccount` must be an active funding account of the payout's currency (checked
 * in the intake statement, ADR 0017): else 422 naming the field, and nothing is stored.
 */
export function registerCreatePayout(app: ApiApp, intake: IntakeWriter): void {
  app.post(
    '/v1/payouts',
    {
      config: { scopes: ['payouts:write'] },
      schema: {
        operationId: 'createPayout',
        tags: ['payouts'],
        summary: 'Accept a payout (idempotent on the Idempotency-Key header)',
        headers: headersSchema,
        body: payoutRequestSchema,
        response: {
          201: payoutReceiptSchema,
          400: problemResponse('Malformed request, missing Idempotency-Key, invalid field (PAYOUT_E_VALIDATION)'),
          401: problemResponse('No valid API key'),
          403: problemResponse('The key lacks payouts:write'),
          413: problemResponse('Body larger than the limit'),
          415: problemResponse('Body is not application/json'),
          422: problemResponse(
            "Invalid amount, currency, account, rail; a fundingAccount that is not an active funding account (PAYOUT_E_UNKNOWN_FUNDING_ACCOUNT) or not of the payout's currency (PAYOUT_E_CURRENCY_MISMATCH); or the key was used for a different request",
          ),
        },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const r = req.body;
      const idempotencyKey = req.headers['idempotency-key'];
      const result = await intake.accept(
        intakeRecordOf(r, { clientId: principal.clientId, idempotencyKey, actor: `api:${principal.actor}` }),
      );
      switch (result.kind) {
        case 'created':
          return reply.code(201).header('location', `/v1/payouts/${result.payout.id}`).send(toReceipt(result.payout));
        case 'existing':
          return reply
            .code(201)
            .header('location', `/v1/payouts/${result.payout.id}`)
            .header('idempotent-replayed', 'true')
            .send(toReceipt(result.payout));
        case 'mismatch':
          throw new PayoutError(
            'PAYOUT_E_IDEMPOTENCY_MISMATCH',
            `Idempotency-Key was already used for a different payout request (payout ${result.payoutId}); use a new key for a new payout`,
            { payoutId: result.payoutId },
          );
        case 'client_unknown':
          throw new PayoutError('PAYOUT_E_UNAUTHORIZED', 'the client of this API key is disabled');
        case 'funding_account_refused':
          throw fundingAccountRefusalError(result, r.currency);
      }
    },
  );
}
