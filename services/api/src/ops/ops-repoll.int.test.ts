import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { bankProfileToJson } from '@payout/bank';
import { CN_DEBTOR, cnProfile, opsSimBank, startOpsFixture, type OpsFixture } from './test-support/ops-fixture.ts';
import { moveTo, submittedBatch, submittedPayout } from './test-support/seed-payouts.ts';
import { api, auditByTarget, cli, eventsOf, payoutRow } from './test-support/ops-calls.ts';
import { startWorkersProcess, type RunningWorkers } from '@payout/test-kit';

/** A bank whose transfers stay pending for a simulated hour, queried one reference per call at 100/s. */
const SLOW = 'ops-slow';
const QUERY_PER_SECOND = 100;
const slowProfile = cnProfile({
  bankId: SLOW,
  supportsBatchQuery: false,
  maxQueryBatchSize: 1,
  rateLimits: { queryPerSecond: QUERY_PER_SECOND },
});

const pg = usePostgres();
const redis = useRedis();
let fx: OpsFixture;
let workers: RunningWorkers;

beforeAll(async () => {
  const prefix = redis.prefix();
  fx = await startOpsFixture({
    databaseUrl: pg.url,
    redisUrl: redis.url,
    prefix,
    extraBanks: [
      {
        sim: opsSimBank(SLOW, { transaction: { success: 0, pendingThenSuccess: 1 }, pendingDelayMs: { min: 3_600_000, max: 3_600_000 } }),
        profile: slowProfile,
      },
    ],
  });
  // The real workers process, poll role only, on the same database, Redis prefix and simulator.
  workers = await startWorkersProcess({
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    WORKER_ROLES: 'poll',
    WORKER_CHANNELS: JSON.stringify([
      {
        profile: bankProfileToJson(slowProfile),
        baseUrl: fx.sim.bankUrl(SLOW),
        debtorAccount: { scheme: 'cn_bank', accountNumber: CN_DEBTOR },
      },
    ]),
    METRICS_PORT: '-1',
    LOG_LEVEL: 'warn',
    IDLE_POLL_MS: '200',
    QUERY_TIMEOUT_MS: '3000',
    RATE_LIMIT_WAIT_MS: '2000',
    CLOCK: 'system',
  });
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await fx?.close();
});

const queriesFor = async (endToEndId: string, sinceSeq = 0) =>
  (await fx.simClient.requests({ bankId: SLOW, operation: 'query', sinceSeq })).filter((r) => r.endToEndIds.includes(endToEndId)).length;
const lastSeq = async () => (await fx.simClient.requests({})).reduce((m, r) => Math.max(m, r.seq), 0);
const pollCount = async (attemptId: string) =>
  (await sql<{ poll_count: number }>`select poll_count from payout_attempts where id = ${attemptId}::uuid`.execute(fx.db)).rows[0]
    ?.poll_count ?? -1;

describe('re-poll now goes through the workers’ poll path (breaker and rate limit)', () => {
  it('through the API and the CLI: the bank is queried at once and the answer applied', async () => {
    const a = await submittedPayout(fx, 'ok', { bankId: SLOW });
    const b = await submittedPayout(fx, 'ok', { bankId: SLOW });
    const since = await lastSeq();
    expect(await queriesFor(a.endToEndId)).toBe(0);

    const r = await api(fx, 'alice', 'POST', `/v1/ops/payouts/${a.payoutId}/repoll`, { reason: 'beneficiary says nothing arrived' });
    expect(r).toMatchObject({ status: 200, json: { action: 'repoll', status: 'processing', nextAction: 'poll' } });
    await waitFor(async () => (await pollCount(a.attemptId)) >= 1, { timeoutMs: 20_000, message: 'the workers polled payout a' });
    expect(await queriesFor(a.endToEndId, since)).toBeGreaterThanOrEqual(1);
    expect((await eventsOf(fx.db, a.payoutId)).map((e) => e.type)).toContain('ops.repoll_requested');
    // The workers process logs its query (masked) for the timeline, next to the fixture's submit.
    await waitFor(
      async () => {
        const t = await api(fx, 'viewer', 'GET', `/v1/ops/payouts/${a.payoutId}/timeline`);
        return (t.json['entries'] as { kind: string; data: Record<string, unknown> }[]).some(
          (e) => e.kind === 'bank_request' && e.data['operation'] === 'query',
        );
      },
      { timeoutMs: 10_000, message: 'the workers’ query is on the timeline' },
    );

    const viaCli = await cli(fx, 'oscar', ['repoll', b.payoutId, '--reason', 'treasury asks']);
    expect(viaCli.stderr).toBe('');
    expect(viaCli.code).toBe(0);
    await waitFor(async () => (await pollCount(b.attemptId)) >= 1, { timeoutMs: 20_000, message: 'the workers polled payout b' });
    expect((await auditByTarget(fx.db, `payout:${b.payoutId}`)).at(-1)).toMatchObject({
      actor: 'oscar',
      action: 'ops.repoll',
      outcome: 'applied',
    });
  });

  it('re-polling a payout awaiting verification makes its attempt live again and polls it', async () => {
    const p = await submittedPayout(fx, 'ok', { bankId: SLOW });
    await moveTo(fx.db, p.payoutId, 'awaiting_verification', { action: 'verify', at: new Date(fx.now().getTime() + 86_400_000) });
    const r = await api(fx, 'bob', 'POST', `/v1/ops/payouts/${p.payoutId}/repoll`, { reason: 'statement late; ask the bank' });
    expect(r).toMatchObject({ status: 200, json: { status: 'processing' } });
    await waitFor(async () => (await pollCount(p.attemptId)) >= 1, { timeoutMs: 20_000, message: 'polled after re-poll' });
    expect(
      (await eventsOf(fx.db, p.payoutId)).some(
        (e) => e.type === 'payout.processing' && e.from_status === 'awaiting_verification' && e.actor === 'ops:bob',
      ),
    ).toBe(true);
    expect(['processing', 'awaiting_verification']).toContain((await payoutRow(fx.db, p.payoutId)).status);
  });

  it("bulk re-poll of 1,000 payouts respects the bank's query rate limit (simulator counters)", async () => {
    const rows = await submittedBatch(fx, SLOW, 1_000, { clientId: 'globex' });
    const since = await lastSeq();
    const preview = await api(fx, 'alice', 'POST', '/v1/ops/bulk/repoll/preview', {
      filter: { bank: SLOW, client: 'globex', state: 'processing', minAgeSeconds: 0 },
      reason: 'bank reported a batch delay',
    });
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ matched: 1_000, wouldApply: 1_000 });
    const done = await api(fx, 'alice', 'POST', '/v1/ops/bulk/repoll/execute', {
      confirmationToken: preview.json['confirmationToken'],
      reason: 'bank reported a batch delay',
    });
    expect(done).toMatchObject({ status: 200, json: { applied: 1_000, refused: [] } });

    const wanted = new Set(rows.map((r) => r.endToEndId));
    await waitFor(
      async () => {
        const seen = new Set(
          (await fx.simClient.requests({ bankId: SLOW, operation: 'query', sinceSeq: since })).flatMap((r) => r.endToEndIds),
        );
        return [...wanted].every((e) => seen.has(e));
      },
      { timeoutMs: 60_000, intervalMs: 500, message: 'every payout of the bulk re-poll was queried' },
    );
    const times = (await fx.simClient.requests({ bankId: SLOW, operation: 'query', sinceSeq: since }))
      .map((r) => r.at)
      .sort((x, y) => x - y);
    expect(times.length).toBeGreaterThanOrEqual(1_000);
    let worst = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1_000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    // The shared sliding window admits QUERY_PER_SECOND per second; +1 for a window edge.
    expect(worst).toBeLessThanOrEqual(QUERY_PER_SECOND + 1);
    // And it did use the allowance: 1,000 queries cannot all have landed in under ~9 s.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual((1_000 / QUERY_PER_SECOND - 1) * 1_000);
  });
});
