// The per-payout floor of issue 7's "Throughput": two BullMQ stages, one job and one Postgres
// transaction per payout per stage (see FloorStages), on real Redis and Postgres.
// Jobs have the shape and options of the real next-step hints; the stage-1 jobs are enqueued
// before the clock starts (intake's work, as seeding is for the lifecycle measurement).
import { createDb, migrateToLatest, type Db } from '@payout/db';
import {
  NEXT_STEP_JOB_OPTIONS,
  POLL_QUEUE,
  SUBMIT_QUEUE,
  nextStepJobId,
  nextStepJobSchema,
  redisOptionsFromUrl,
  type NextStepJobData,
} from '@payout/queue';
import { randomName } from '@payout/test-harness';
import { seedPayouts } from '@payout/test-kit';
import { Queue, Worker, type Job } from 'bullmq';
import { sql } from 'kysely';
import { phaseResult, type PhaseProbe, type PhaseResult } from './bench-phase.ts';
import { cpuBetween, cpuSnapshot, type ServerPorts } from './cpu-usage.ts';
import type { FloorStages } from './per-payout-floor.stages.ts';

export interface FloorOptions {
  readonly label: string;
  /** A fresh, empty database (migrated here). */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly payouts: number;
  /** How each stage's transaction is written. */
  readonly stages: FloorStages;
  /** Jobs in flight per stage (BullMQ worker concurrency). */
  readonly concurrency: number;
  /** Postgres connections shared by both stages. */
  readonly poolSize: number;
  readonly ports: ServerPorts;
  readonly timeoutMs: number;
  /** Started right before the clock, reported right after it stops (profiling). */
  readonly probe?: PhaseProbe | undefined;
}

/** The floor's business time: every payout is due at it, and both stages run at it. */
const FLOOR_NOW = new Date('2026-11-17T02:00:00Z');

/** Run the floor once: seed, enqueue, start both stages, stop the clock when every payout succeeded, then check every row. */
export async function runPerPayoutFloor(opts: FloorOptions): Promise<PhaseResult> {
  const db = createDb({ url: opts.databaseUrl, maxConnections: opts.poolSize, applicationName: 'bench-floor' });
  const connection = redisOptionsFromUrl(opts.redisUrl);
  const prefix = randomName('floor');
  const sendQueue = new Queue<NextStepJobData>(SUBMIT_QUEUE, { connection, prefix });
  const confirmQueue = new Queue<NextStepJobData>(POLL_QUEUE, { connection, prefix });
  const workers: Worker<NextStepJobData>[] = [];
  try {
    await migrateToLatest(db);
    const ids = await seedPayouts(db, opts.payouts, { dueAt: FLOOR_NOW, keyPrefix: prefix });
    const versions = await sql<{ id: string; version: number }>`select id, version from payouts`.execute(db);
    const jobs = versions.rows.map((r) => ({
      name: 'submit',
      data: { payoutIds: [r.id] },
      opts: { ...NEXT_STEP_JOB_OPTIONS, jobId: nextStepJobId('submit', [{ payoutId: r.id, version: r.version }]) },
    }));
    for (let i = 0; i < jobs.length; i += 1_000) await sendQueue.addBulk(jobs.slice(i, i + 1_000));

    let confirmed = 0;
    let settle: ((failure?: Error) => void) | undefined;
    const finished = new Promise<void>((resolve, reject) => {
      settle = (failure) => (failure === undefined ? resolve() : reject(failure));
    });
    const fail = (err: unknown): void => settle?.(err instanceof Error ? err : new Error(String(err)));
    const payoutOf = (job: Job<NextStepJobData>): string => {
      const [id] = nextStepJobSchema.parse(job.data).payoutIds;
      if (id === undefined) throw new Error('a hint without a payout id');
      return id;
    };
    const send = new Worker<NextStepJobData>(
      SUBMIT_QUEUE,
      async (job) => {
        const id = payoutOf(job);
        const version = await opts.stages.send(db, id, FLOOR_NOW);
        // Every floor payout is due and unlocked: a stale hint here is a bug of the bench.
        if (version === undefined) throw new Error(`payout ${id} was not due for submit`);
        await confirmQueue.add(
          'poll',
          { payoutIds: [id] },
          { ...NEXT_STEP_JOB_OPTIONS, jobId: nextStepJobId('poll', [{ payoutId: id, version }]) },
        );
      },
      { connection, prefix, concurrency: opts.concurrency, autorun: false },
    );
    const confirm = new Worker<NextStepJobData>(
      POLL_QUEUE,
      async (job) => {
        const id = payoutOf(job);
        if (!(await opts.stages.confirm(db, id, FLOOR_NOW))) throw new Error(`payout ${id} had nothing to confirm`);
        confirmed += 1;
        if (confirmed === opts.payouts) settle?.();
      },
      { connection, prefix, concurrency: opts.concurrency, autorun: false },
    );
    workers.push(send, confirm);
    for (const w of workers) {
      // The floor has no races and no faults: any failed job is a bug, not a retry to absorb.
      w.on('failed', (job, err) => fail(new Error(`floor job ${job?.id ?? '?'} failed: ${err.message}`)));
      w.on('error', fail);
      await w.waitUntilReady();
    }

    await opts.probe?.start();
    const cpu0 = cpuSnapshot(opts.ports);
    const t0 = performance.now();
    for (const w of workers) void w.run().catch(fail);
    const timer = setTimeout(
      () => fail(new Error(`timed out after ${opts.timeoutMs} ms: ${confirmed} of ${opts.payouts} floor payouts confirmed`)),
      opts.timeoutMs,
    );
    try {
      await finished;
    } finally {
      clearTimeout(timer);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuBetween(cpu0, cpuSnapshot(opts.ports));
    const probed = await opts.probe?.report();
    return phaseResult(opts.label, opts.payouts, seconds, cpu, await checkFloorRows(db, ids), probed);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await sendQueue.obliterate({ force: true }).catch(() => undefined);
    await confirmQueue.obliterate({ force: true }).catch(() => undefined);
    await Promise.all([sendQueue.close(), confirmQueue.close()]);
    await db.destroy();
  }
}

/** Every payout succeeded through exactly one attempt, with one event and one outbox row per move. */
async function checkFloorRows(db: Db, ids: readonly string[]): Promise<string> {
  const r = await sql<{ payouts: bigint; done: bigint; attempts: bigint; succeeded_attempts: bigint; events: bigint; outbox: bigint }>`
    select
      (select count(*) from payouts) as payouts,
      (select count(*) from payouts where status = 'succeeded' and attempt_count = 1 and next_action is null) as done,
      (select count(*) from payout_attempts) as attempts,
      (select count(*) from payout_attempts where state = 'succeeded') as succeeded_attempts,
      (select count(*) from payout_events where type in ('payout.processing', 'payout.succeeded')) as events,
      (select count(*) from outbox where type in ('payout.processing', 'payout.succeeded')) as outbox
  `.execute(db);
  const row = r.rows[0];
  const n = BigInt(ids.length);
  const want = { payouts: n, done: n, attempts: n, succeeded_attempts: n, events: 2n * n, outbox: 2n * n };
  if (row === undefined || Object.entries(want).some(([k, v]) => row[k as keyof typeof want] !== v)) {
    throw new Error(
      `floor rows do not add up: want ${JSON.stringify(want, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}, got ${JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}`,
    );
  }
  return `${ids.length} succeeded, 1 attempt each (succeeded), ${2 * ids.length} events + ${2 * ids.length} outbox rows`;
}
