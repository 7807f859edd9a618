import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { databaseNow } from '@payout/db';
import { IBAN, payoutBody, startApiFixture, type ApiFixture } from '../test-support/api-fixture.ts';
import { acceptedPayout, moveTo, setAttempt, startAttempt } from '../ops/test-support/seed-payouts.ts';

const pg = usePostgres();
const redis = useRedis();
let fx: ApiFixture;

beforeAll(async () => {
  fx = await startApiFixture({ databaseUrl: pg.url, redisUrl: redis.url, prefix: redis.prefix() });
});

afterAll(async () => {
  await fx?.close();
});

/** The value of one series in Prometheus text, by name and (a subset of) labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrape(): Promise<string> {
  const res = await fx.app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return res.body;
}

describe('GET /metrics on the API', () => {
  it('counts requests by route template and status, and intake outcomes', async () => {
    const headers = { authorization: `Bearer ${fx.keys.acme}`, 'idempotency-key': 'metrics-1' };
    expect((await fx.app.inject({ method: 'POST', url: '/v1/payouts', headers, payload: payoutBody() })).statusCode).toBe(201);
    expect((await fx.app.inject({ method: 'POST', url: '/v1/payouts', headers, payload: payoutBody() })).statusCode).toBe(201);
    expect(
      (
        await fx.app.inject({
          method: 'POST',
          url: '/v1/payouts',
          headers: { ...headers, 'idempotency-key': 'metrics-2' },
          payload: payoutBody({ currency: 'XXX' }),
        })
      ).statusCode,
    ).toBe(422);
    expect((await fx.app.inject({ method: 'GET', url: `/v1/payouts/00000000-0000-7000-8000-000000000000`, headers })).statusCode).toBe(404);
    const text = await scrape();
    expect(sample(text, 'http_requests_total', { route: '/v1/payouts', method: 'POST', status_code: '201' })).toBe(2);
    expect(sample(text, 'http_requests_total', { route: '/v1/payouts/:id', status_code: '404' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/v1/payouts', status_code: '422' })).toBe(1);
    expect(sample(text, 'payout_intake_requests_total', { result: 'created' })).toBe(1);
    expect(sample(text, 'payout_intake_requests_total', { result: 'replayed' })).toBe(1);
    expect(sample(text, 'payout_intake_requests_total', { result: 'refused' })).toBe(1);
    expect(text).not.toContain(IBAN);
  });

  it('reads unknown attempts by age, overdue verification and due work from Postgres', async () => {
    const now = await databaseNow(fx.db);
    const hoursAgo = (h: number): Date => new Date(now.getTime() - h * 3_600_000);
    const unknown = await acceptedPayout(fx.db);
    const attempt = await startAttempt(fx.db, unknown.id, { channelId: 'cn-metrics', sentAt: hoursAgo(2), now });
    await setAttempt(fx.db, attempt.attemptId, 'sending', 'unknown', hoursAgo(2));
    await moveTo(fx.db, unknown.id, 'awaiting_verification', { action: 'verify', at: hoursAgo(1) });

    // A reading is reused for 5 s (several scrapers, several replicas): wait for the next one.
    const text = await waitFor(
      async () => {
        const t = await scrape();
        return sample(t, 'payout_awaiting_verification') === 1 ? t : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 500, message: 'a fresh ops gauge reading' },
    );
    expect(sample(text, 'payout_ops_gauges_up', { source: 'ops' })).toBe(1);
    expect(sample(text, 'payout_unknown_attempts', { channel: 'cn-metrics', age: '1h_4h' })).toBe(1);
    expect(sample(text, 'payout_unknown_attempts', { channel: 'cn-metrics', age: 'lt_15m' })).toBe(0);
    expect(sample(text, 'payout_unknown_attempt_oldest_seconds')).toBeGreaterThanOrEqual(2 * 3_600 - 60);
    expect(sample(text, 'payout_awaiting_verification')).toBe(1);
    expect(sample(text, 'payout_awaiting_verification_overdue')).toBe(1);
    expect(sample(text, 'payout_awaiting_verification_overdue_seconds')).toBeGreaterThanOrEqual(3_600 - 60);
    // The payout accepted through the API in the first test waits for its submit.
    expect(sample(text, 'payout_due_work', { action: 'submit' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'payout_ledger_drift_accounts')).toBe(0);
  });
});
