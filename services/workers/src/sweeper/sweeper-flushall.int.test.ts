import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { realNowMs, usePostgres, waitFor } from '@payout/test-harness/vitest';
import { startRedisServer, type ServerHandle } from '@payout/test-harness';
import { buildApp, createLogger, type ApiApp } from '@payout/api';
import { createApiClient, createDb, issueApiKey, migrateToLatest, type Db } from '@payout/db';
import { createNextStepDispatcher, redisOptionsFromUrl, SUBMIT_QUEUE, type NextStepDispatcher, type NextStepJobData } from '@payout/queue';
import { captureWorkerLogs } from '../intake/test-support/capture-logs.ts';
import { startSweeper, type Sweeper } from './sweeper.runner.ts';

// Acceptance: 1,000 payouts accepted over HTTP, then Redis FLUSHALL — within one sweep interval a
// next-step job exists again for every one of them, and no payout row is duplicated.
const pg = usePostgres();
const SWEEP_EVERY_MS = 2_000;
const TOTAL = 1_000;
const logs = captureWorkerLogs();
const apiLines: string[] = [];
let server: ServerHandle;
let db: Db;
let apiHints: NextStepDispatcher;
let sweepHints: NextStepDispatcher;
let app: ApiApp;
let sweeper: Sweeper;
let apiKey: string;

beforeAll(async () => {
  server = await startRedisServer(); // FLUSHALL must not touch the other suites' shared Redis
  db = createDb({ url: pg.url, maxConnections: 8 });
  await migrateToLatest(db);
  await createApiClient(db, { id: 'acme' });
  apiKey = (await issueApiKey(db, { clientId: 'acme', scopes: ['payouts:write'], actor: 'acme-backend', role: 'viewer' })).key;
  const connection = redisOptionsFromUrl(server.url);
  apiHints = createNextStepDispatcher({ connection, prefix: 'flush' });
  sweepHints = createNextStepDispatcher({ connection, prefix: 'flush' });
  app = buildApp({
    db,
    hints: apiHints,
    logger: createLogger({ level: 'debug', destination: { write: (line: string) => void apiLines.push(line) } }),
  });
  // Production-like staleness: a fresh payout's hint is not "lost" for 30 s. Only the flush makes the sweeper act.
  sweeper = startSweeper({
    connection,
    prefix: 'flush',
    db,
    hints: sweepHints,
    logger: logs.logger,
    everyMs: SWEEP_EVERY_MS,
    staleAfterMs: 30_000,
  });
});

afterAll(async () => {
  await sweeper?.close();
  await app?.close();
  await apiHints?.close();
  await sweepHints?.close();
  await db?.destroy();
  await server?.dispose();
});

async function hintedIds(): Promise<Set<string>> {
  const q = new Queue<NextStepJobData>(SUBMIT_QUEUE, { connection: redisOptionsFromUrl(server.url), prefix: 'flush' });
  const jobs = await q.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
  await q.close();
  return new Set(jobs.flatMap((j) => j.data.payoutIds));
}

describe('sweeper after Redis FLUSHALL', () => {
  it('re-creates a next-step job for every payout within one sweep interval, without duplicating payouts', async () => {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    let next = 0;
    const ids = new Set<string>();
    const client = async () => {
      while (next < TOTAL) {
        const i = next++;
        const res = await fetch(`${base}/v1/payouts`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': `flush-${i}` },
          body: JSON.stringify({
            amount: `${1 + i}.00`,
            currency: 'EUR',
            beneficiary: { name: `Beneficiary ${i}`, scheme: 'iban', accountNumber: 'DE89370400440532013000' },
          }),
        });
        expect(res.status).toBe(201);
        ids.add(((await res.json()) as { id: string }).id);
      }
    };
    await Promise.all(Array.from({ length: 16 }, client));
    expect(ids.size).toBe(TOTAL);
    // intake hinted every one of them
    await waitFor(async () => (await hintedIds()).size === TOTAL, { message: 'intake hints' });

    const redis = new Redis(server.url);
    await redis.flushall();
    expect((await hintedIds()).size).toBe(0);
    const flushedAt = realNowMs();
    await waitFor(
      async () => {
        const hinted = await hintedIds();
        return [...ids].every((id) => hinted.has(id));
      },
      { timeoutMs: SWEEP_EVERY_MS, intervalMs: 50, message: 'a next-step job for every payout within one sweep interval' },
    );
    const healedInMs = realNowMs() - flushedAt;
    redis.disconnect();

    const rows = await sql<{
      n: bigint;
      keys: bigint;
    }>`select count(*) as n, count(distinct (client_id, idempotency_key)) as keys from payouts`.execute(db);
    expect(rows.rows[0]).toEqual({ n: BigInt(TOTAL), keys: BigInt(TOTAL) });
    expect(healedInMs).toBeLessThanOrEqual(SWEEP_EVERY_MS);
    expect(logs.text()).toContain('queue state lost');
    const allLogs = logs.text() + apiLines.join('');
    expect(allLogs).not.toContain('370400440532013000');
    expect(allLogs).not.toContain(apiKey);
  });
});
