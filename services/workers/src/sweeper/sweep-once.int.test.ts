import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Queue } from 'bullmq';
import { usePostgres, useRedis } from '@payout/test-harness/vitest';
import { acceptPayouts, createApiClient, createDb, migrateToLatest, type Db, type NewPayout } from '@payout/db';
import {
  createNextStepDispatcher,
  NEXT_STEP_QUEUES,
  redisOptionsFromUrl,
  type NextStep,
  type NextStepDispatcher,
  type NextStepJobData,
} from '@payout/queue';
import { sweepOnce } from './sweep-once.ts';

const pg = usePostgres();
const redis = useRedis();
let db: Db;

beforeAll(async () => {
  db = createDb({ url: pg.url, maxConnections: 6 });
  await migrateToLatest(db);
  await createApiClient(db, { id: 'acme' });
});

afterAll(async () => {
  await db?.destroy();
});

async function seed(prefix: string, n: number): Promise<string[]> {
  const items: NewPayout[] = Array.from({ length: n }, (_, i) => ({
    clientId: 'acme',
    idempotencyKey: `${prefix}-${i}`,
    requestFingerprint: 'a'.repeat(64),
    amountMinor: 100n + BigInt(i),
    currency: 'EUR',
    fundingAccount: null,
    beneficiary: { name: 'Ada', scheme: 'iban', accountNumber: 'DE89370400440532013000' },
    railPreference: null,
    remittanceInfo: null,
    requestedExecutionDate: null,
    actor: 'test',
  }));
  const out = await acceptPayouts(db, items);
  return out.map((r) => (r.kind === 'created' ? r.payout.id : ''));
}

async function hintedIds(prefix: string, step: NextStep): Promise<string[]> {
  const q = new Queue<NextStepJobData>(NEXT_STEP_QUEUES[step], { connection: redisOptionsFromUrl(redis.url), prefix });
  const jobs = await q.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
  await q.close();
  return jobs.flatMap((j) => j.data.payoutIds);
}

describe('sweepOnce', () => {
  it('re-hints overdue payouts per step, in batches, and not again until they are overdue again', async () => {
    const prefix = redis.prefix();
    const hints = createNextStepDispatcher({ connection: redisOptionsFromUrl(redis.url), prefix });
    const ids = await seed('a', 250);
    // 50 of them wait for a poll instead of a submit; 20 are not due yet
    await sql`update payouts set next_action = 'poll' where id = any(${ids.slice(0, 50)}::uuid[])`.execute(db);
    await sql`update payouts set next_action_at = now() - interval '10 minutes' where id = any(${ids.slice(0, 230)}::uuid[])`.execute(db);
    await sql`update payouts set next_action_at = now() + interval '10 minutes' where id = any(${ids.slice(230)}::uuid[])`.execute(db);

    const r = await sweepOnce({ db, hints, staleAfterMs: 60_000, batchSize: 100 });
    expect(r.byStep).toEqual({ submit: 180, poll: 50, verify: 0 });
    expect(new Set(await hintedIds(prefix, 'submit'))).toEqual(new Set(ids.slice(50, 230)));
    expect(new Set(await hintedIds(prefix, 'poll'))).toEqual(new Set(ids.slice(0, 50)));
    expect((await sweepOnce({ db, hints, staleAfterMs: 60_000 })).reHinted).toBe(0);
    await hints.close();
  });

  it('concurrent sweepers never hint the same payout twice, and a failed enqueue leaves the rows overdue', async () => {
    const prefix = redis.prefix();
    const ids = await seed('b', 400);
    await sql`update payouts set next_action_at = now() - interval '10 minutes' where id = any(${ids}::uuid[])`.execute(db);
    const failing: NextStepDispatcher = { dispatch: () => Promise.reject(new Error('redis down')), close: () => Promise.resolve() };
    await expect(sweepOnce({ db, hints: failing, staleAfterMs: 60_000 })).rejects.toThrow('redis down');

    const seen: string[][] = [[], [], []];
    const sweepers = seen.map((mine) => {
      const real = createNextStepDispatcher({ connection: redisOptionsFromUrl(redis.url), prefix });
      const recording: NextStepDispatcher = {
        dispatch: async (step, targets, o) => {
          mine.push(...targets.map((t) => t.payoutId));
          await new Promise((r) => setTimeout(r, 20)); // hold the rows a moment, like a slow Redis
          return real.dispatch(step, targets, o);
        },
        close: () => real.close(),
      };
      return recording;
    });
    await Promise.all(sweepers.map((hints) => sweepOnce({ db, hints, staleAfterMs: 60_000, batchSize: 50 })));
    await Promise.all(sweepers.map((h) => h.close()));
    const all = seen.flat();
    expect(all.filter((id) => ids.includes(id))).toHaveLength(400);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(await hintedIds(prefix, 'submit'))).toEqual(new Set(ids));
  });
});
