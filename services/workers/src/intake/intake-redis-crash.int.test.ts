import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { usePostgres, waitFor } from '@payout/test-harness/vitest';
import { startRedisServer, type ServerHandle } from '@payout/test-harness';
import { createApiClient, createDb, migrateToLatest, type Db } from '@payout/db';
import {
  createNextStepDispatcher,
  createPayoutClient,
  redisOptionsFromUrl,
  type NextStepDispatcher,
  type PayoutClient,
} from '@payout/queue';
import { startIntakeWorker, type IntakeWorker } from './intake.worker.ts';
import { captureWorkerLogs } from './test-support/capture-logs.ts';

// Acceptance: 1,000 payouts enqueued through the client while a dedicated Redis is SIGKILLed and
// restarted once — every acknowledged enqueue ends as exactly one persisted payout.
const pg = usePostgres();
const logs = captureWorkerLogs();
const TOTAL = 1_000;
let server: ServerHandle;
let db: Db;
let hints: NextStepDispatcher;
let intake: IntakeWorker;
let client: PayoutClient;

beforeAll(async () => {
  server = await startRedisServer();
  db = createDb({ url: pg.url, maxConnections: 6 });
  await migrateToLatest(db);
  await createApiClient(db, { id: 'acme' });
  const connection = redisOptionsFromUrl(server.url);
  hints = createNextStepDispatcher({ connection, prefix: 'crash' });
  intake = startIntakeWorker({
    connection,
    prefix: 'crash',
    db,
    hints,
    logger: logs.logger,
    lockDurationMs: 2_000,
    stalledIntervalMs: 1_000,
  });
  client = createPayoutClient({ connection, prefix: 'crash' });
});

afterAll(async () => {
  await client?.close();
  await intake?.close();
  await hints?.close();
  await db?.destroy();
  await server?.dispose();
});

describe('queue intake across a Redis crash', () => {
  it('every acknowledged enqueue becomes exactly one payout', async () => {
    const acknowledged = new Set<string>();
    let errors = 0;
    let sent = 0;
    let crash: Promise<void> | undefined;
    let waitingAtCrash = 0;
    const runId = async (): Promise<string> => {
      const r = new Redis(server.url, { maxRetriesPerRequest: 1 });
      try {
        return /run_id:(\w+)/.exec(await r.info('server'))?.[1] ?? '';
      } finally {
        r.disconnect();
      }
    };
    const runIdBefore = await runId();
    const enqueue = async (i: number): Promise<void> => {
      const request = {
        clientId: 'acme',
        idempotencyKey: `crash-${i}`,
        payout: {
          amount: `${1 + (i % 500)}.${String(i % 100).padStart(2, '0')}`,
          currency: 'EUR',
          beneficiary: { name: `Beneficiary ${i}`, scheme: 'iban' as const, accountNumber: 'DE89370400440532013000' },
        },
      };
      // Like an upstream: an enqueue that errored is retried with the same key until acknowledged.
      for (;;) {
        try {
          await client.enqueuePayout(request);
          acknowledged.add(request.idempotencyKey);
          return;
        } catch {
          errors++;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    let next = 0;
    const producer = async () => {
      while (next < TOTAL) {
        const i = next++;
        sent++;
        // Hold the worker back a moment so a backlog of acknowledged jobs is in Redis when it dies.
        if (sent === 200) void intake.worker.pause(true);
        if (sent === 300 && crash === undefined) {
          crash = (async () => {
            // Acknowledged but not yet persisted at the moment of the kill: these must survive in Redis (AOF).
            const ackedBefore = acknowledged.size;
            const persisted = await sql<{ n: bigint }>`select count(*) as n from payouts`.execute(db);
            waitingAtCrash = ackedBefore - Number(persisted.rows[0]!.n);
            await server.kill();
            await new Promise((r) => setTimeout(r, 300));
            await server.start();
            intake.worker.resume();
          })();
        }
        await enqueue(i);
      }
    };
    await Promise.all(Array.from({ length: 16 }, producer));
    await crash;
    expect(acknowledged.size).toBe(TOTAL);

    const keys = await waitFor(
      async () => {
        const r = await sql<{ idempotency_key: string }>`select idempotency_key from payouts where client_id = 'acme'`.execute(db);
        return r.rows.length >= TOTAL ? r.rows.map((x) => x.idempotency_key) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, message: `all ${TOTAL} acknowledged enqueues persisted` },
    );
    expect(keys).toHaveLength(TOTAL);
    expect(new Set(keys)).toEqual(acknowledged);
    const rejected = await sql<{ n: bigint }>`select count(*) as n from intake_rejections`.execute(db);
    expect(rejected.rows[0]!.n).toBe(0n);
    // it was a real crash and restart (a new Redis process), and the logs hold no account number
    expect(await runId()).not.toBe(runIdBefore);
    expect(logs.leaks({ iban: 'DE89370400440532013000', ibanTail: '370400440532013000' })).toEqual([]);
    // the test means something only if acknowledged jobs were still waiting in Redis when it died
    expect(waitingAtCrash).toBeGreaterThan(0);
    logs.logger.info({ waitingAtCrash, enqueueErrors: errors }, 'crash test summary');
  });
});
