import { createDb, generateApiKey } from '@payout/db';
import type { NextStepDispatcher } from '@payout/queue';
import { afterAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../test-support/log-capture.ts';
import { payoutBody } from '../test-support/api-fixture.ts';
import { buildApp } from './build-app.ts';

// Nothing listens on port 1: every connection is refused, as while Postgres restarts.
const db = createDb({ url: 'postgres://postgres@127.0.0.1:1/postgres', maxConnections: 2, connectionTimeoutMs: 2_000 });
const hints: NextStepDispatcher = { dispatch: () => Promise.resolve([]), close: () => Promise.resolve() };
const app = buildApp({ db, hints, logger: captureLogs().logger });

describe('the API while the database is unreachable', () => {
  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it('answers POST /v1/payouts with a retryable 503 problem and Retry-After, never 2xx or 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/payouts',
      headers: { authorization: `Bearer ${generateApiKey()}`, 'idempotency-key': 'outage-1' },
      payload: payoutBody(),
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ status: 503, code: 'PAYOUT_E_DATABASE_UNAVAILABLE' });
  });

  it('is not ready (/readyz 503) but alive (/healthz 200)', async () => {
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBeDefined();
    expect(ready.json()).toMatchObject({ code: 'PAYOUT_E_DATABASE_UNAVAILABLE' });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
