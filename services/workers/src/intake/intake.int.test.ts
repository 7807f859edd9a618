import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Queue } from 'bullmq';
import { usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { isPayoutError } from '@payout/domain';
import { createApiClient, createDb, migrateToLatest, type Db } from '@payout/db';
import {
  createNextStepDispatcher,
  createPayoutClient,
  INTAKE_JOB_NAME,
  INTAKE_JOB_OPTIONS,
  INTAKE_QUEUE,
  redisOptionsFromUrl,
  SUBMIT_QUEUE,
  type NextStepDispatcher,
  type NextStepJobData,
  type PayoutClient,
} from '@payout/queue';
import { startIntakeWorker, type IntakeWorker } from './intake.worker.ts';
import { captureWorkerLogs } from './test-support/capture-logs.ts';

const pg = usePostgres();
const redis = useRedis();
const IBAN = 'DE89370400440532013000';
const logs = captureWorkerLogs();
let db: Db;
let prefix: string;
let hints: NextStepDispatcher;
let intake: IntakeWorker;
let client: PayoutClient;

const payout = (over: Record<string, unknown> = {}) => ({
  amount: '10.00',
  currency: 'EUR',
  beneficiary: { name: 'Ada Lovelace', scheme: 'iban' as const, accountNumber: IBAN },
  ...over,
});

beforeAll(async () => {
  db = createDb({ url: pg.url, maxConnections: 6 });
  await migrateToLatest(db);
  await createApiClient(db, { id: 'acme' });
  prefix = redis.prefix();
  const connection = redisOptionsFromUrl(redis.url);
  hints = createNextStepDispatcher({ connection, prefix });
  intake = startIntakeWorker({ connection, prefix, db, hints, logger: logs.logger });
  client = createPayoutClient({ connection, prefix });
});

afterAll(async () => {
  await client?.close();
  await intake?.close();
  await hints?.close();
  await db?.destroy();
  expect(logs.leaks({ iban: IBAN, ibanTail: IBAN.slice(4) })).toEqual([]);
});

const payoutByKey = async (key: string) =>
  db.selectFrom('payouts').selectAll().where('client_id', '=', 'acme').where('idempotency_key', '=', key).executeTakeFirst();

describe('queue intake', () => {
  it('persists an enqueued payout once and hints its submit step', async () => {
    const a = await client.enqueuePayout({ clientId: 'acme', idempotencyKey: 'q-1', payout: payout() });
    const b = await client.enqueuePayout({ clientId: 'acme', idempotencyKey: 'q-1', payout: payout({ amount: '10' }) });
    expect(b.jobId).toBe(a.jobId);
    const row = await waitFor(() => payoutByKey('q-1'), { message: 'payout q-1 persisted' });
    expect(row).toMatchObject({ amount_minor: 1_000n, status: 'accepted', next_action: 'submit' });
    const submit = new Queue<NextStepJobData>(SUBMIT_QUEUE, { connection: redisOptionsFromUrl(redis.url), prefix });
    await waitFor(async () => (await submit.getJobs(['waiting', 'prioritized'])).some((j) => j.data.payoutIds.includes(row.id)), {
      message: 'submit hint',
    });
    await submit.close();
    const n = await sql<{ n: bigint }>`select count(*) as n from payouts where idempotency_key = 'q-1'`.execute(db);
    expect(n.rows[0]!.n).toBe(1n);
  });

  it('refuses an invalid request at the client, before anything is enqueued', async () => {
    const err = await client
      .enqueuePayout({ clientId: 'acme', idempotencyKey: 'q-bad', payout: payout({ amount: '1e3' }) })
      .catch((e: unknown) => e);
    expect(isPayoutError(err) && err.code).toBe('PAYOUT_E_INVALID_AMOUNT');
    const badKey = await client.enqueuePayout({ clientId: 'acme', idempotencyKey: 'has space', payout: payout() }).catch((e: unknown) => e);
    expect(isPayoutError(badKey) && badKey.code).toBe('PAYOUT_E_VALIDATION');
  });

  it('records and reports requests it rejects: invalid, key reused for another request, unknown client', async () => {
    // Another producer (or an older client) put jobs on the queue without validating them.
    const raw = new Queue(INTAKE_QUEUE, { connection: redisOptionsFromUrl(redis.url), prefix });
    const job = (clientId: string, key: string, p: unknown) => ({
      v: 1,
      clientId,
      idempotencyKey: key,
      payout: p,
      enqueuedAt: '2026-11-17T02:00:00.000Z',
    });
    await raw.add(INTAKE_JOB_NAME, job('acme', 'r-amount', payout({ amount: 12.5 })), { ...INTAKE_JOB_OPTIONS, jobId: 'raw-1' });
    await raw.add(INTAKE_JOB_NAME, job('acme', 'q-1', payout({ amount: '11.00' })), { ...INTAKE_JOB_OPTIONS, jobId: 'raw-2' });
    await raw.add(INTAKE_JOB_NAME, job('ghost', 'r-ghost', payout()), { ...INTAKE_JOB_OPTIONS, jobId: 'raw-3' });
    await raw.add(INTAKE_JOB_NAME, { hello: 'world', beneficiary: { accountNumber: IBAN } }, { ...INTAKE_JOB_OPTIONS, jobId: 'raw-4' });
    await raw.close();
    const rows = await waitFor(
      async () => {
        const r = await db.selectFrom('intake_rejections').selectAll().orderBy('job_id').execute();
        return r.length === 4 ? r : undefined;
      },
      { message: 'four rejections recorded' },
    );
    expect(rows.map((r) => [r.job_id, r.code])).toEqual([
      ['raw-1', 'PAYOUT_E_INVALID_AMOUNT'],
      ['raw-2', 'PAYOUT_E_IDEMPOTENCY_MISMATCH'],
      ['raw-3', 'PAYOUT_E_UNKNOWN_CLIENT'],
      ['raw-4', 'PAYOUT_E_VALIDATION'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(IBAN.slice(4));
    expect(JSON.stringify(rows.find((r) => r.job_id === 'raw-4')!.request_masked)).toContain('****3000');
    const reported = await db.selectFrom('outbox').select(['type', 'client_id', 'payload']).where('type', '=', 'payout.rejected').execute();
    expect(reported).toHaveLength(4);
    expect(reported.map((r) => (r.payload as { code: string }).code).sort()).toEqual(rows.map((r) => r.code).sort());
    // nothing was persisted for them, and the original q-1 is untouched
    expect(await payoutByKey('r-amount')).toBeUndefined();
    expect((await payoutByKey('q-1'))?.amount_minor).toBe(1_000n);
  });

  it('rejects a request naming a funding account treasury has not configured, with the field (ADR 0017)', async () => {
    await client.enqueuePayout({ clientId: 'acme', idempotencyKey: 'fa-unknown', payout: payout({ fundingAccount: 'eu-nowhere' }) });
    const row = await waitFor(
      () => db.selectFrom('intake_rejections').selectAll().where('idempotency_key', '=', 'fa-unknown').executeTakeFirst(),
      { message: 'rejection recorded' },
    );
    expect(row.code).toBe('PAYOUT_E_UNKNOWN_FUNDING_ACCOUNT');
    expect(row.reason).toContain('fundingAccount: funding account eu-nowhere is not configured');
    expect(await payoutByKey('fa-unknown')).toBeUndefined();
  });
});
