import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { GroundTruthTransfer } from '@payout/bank-sim';
import { addDays } from '@payout/calendar';
import { listPayoutStatuses } from '@payout/db';
import { usePostgres } from '@payout/test-harness/vitest';
import { silentWorkerLogger } from '../logging/worker-logger.ts';
import { simClockOf } from '@payout/test-kit';
import { runDayOfPayouts } from './test-support/day-of-payouts.scenario.ts';
import { DEFAULT_VERIFY_SETTINGS } from './verify-deps.ts';
import { noopVerifyMetrics } from './verify-metrics.port.ts';
import { verifyDue } from './verify.worker.ts';

/**
 * Acceptance (issue 8), end to end with the real lifecycle workers, Postgres and the bank
 * simulator: a day of payouts with 5 % timeouts after execution (and 5 % before), the banks'
 * status queries down all day so every ambiguous payout is parked for verification; on the
 * next business day the verification resolves each parked payout to exactly what the
 * simulator did, and turns the simulator's returns into `returned` with an event.
 */
const pg = usePostgres();

describe('next-day verification against the bank simulator', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  // Simulated days: a Friday, and the eve of National Day (next business day 2026-10-08).
  it.each([
    {
      missing: false,
      day: '2026-11-20',
      name: 'resolves every awaiting_verification payout to the ground truth, and turns returns into returned',
    },
    { missing: true, day: '2026-09-30', name: 'with one statement missing from the sequence, resolves none of them as failed' },
  ])(
    '$name',
    async ({ missing, day: simDay }) => {
      const run = await runDayOfPayouts({
        databaseUrl: pg.url,
        day: simDay,
        tag: missing ? 'm' : 'c',
        accounts: ['6222000000000000011', '6222000000000000012'],
        cleanup,
      });
      const { day, sim, client, db } = run;
      const mine = new Set(run.ids);
      const before = new Map((await listPayoutStatuses(db)).filter((r) => mine.has(r.id)).map((r) => [r.id, r.status]));
      const awaiting = [...before].filter(([, s]) => s === 'awaiting_verification').map(([id]) => id);
      expect(awaiting.length).toBeGreaterThan(10);

      // The next business day, just after the banks' statement time.
      const channels = await run.nextMorning({ missingStatementOf: missing ? addDays(day, 1) : undefined });
      const reports = await verifyDue({
        db,
        clock: simClockOf(sim),
        channels,
        logger: silentWorkerLogger,
        metrics: noopVerifyMetrics,
        settings: { ...DEFAULT_VERIFY_SETTINGS, fetchAttempts: 1 },
      });
      for (const r of reports)
        expect(r.fetched.filter((f) => f.kind !== 'ingested').map((f) => f.date)).toEqual(missing ? [addDays(day, 1)] : []);

      // Ground truth: each parked payout is exactly what the bank did with it.
      const truth = await client.transfers();
      const byPayout = new Map<string, GroundTruthTransfer[]>();
      for (const t of truth) if (t.payoutId !== null) byPayout.set(t.payoutId, [...(byPayout.get(t.payoutId) ?? []), t]);
      const after = new Map((await listPayoutStatuses(db)).filter((r) => mine.has(r.id)).map((r) => [r.id, r.status]));
      const wrong: string[] = [];
      let executed = 0;
      let notExecuted = 0;
      for (const id of awaiting) {
        const ts = byPayout.get(id) ?? [];
        const got = after.get(id);
        const bankDid = ts.some((t) => t.state === 'returned') ? 'returned' : ts.some((t) => t.executed) ? 'succeeded' : 'not_executed';
        if (bankDid === 'not_executed') notExecuted++;
        else executed++;
        // With a statement missing, a payout the bank did not execute must NOT be called failed: it waits or goes to a person.
        const ok =
          bankDid === 'not_executed'
            ? missing
              ? got === 'manual_review' || got === 'awaiting_verification'
              : got === 'failed' || got === 'accepted'
            : got === bankDid;
        if (!ok) wrong.push(`${id}: bank ${bankDid}, we say ${got}`);
      }
      console.info(
        `verify e2e: ${awaiting.length} awaiting, ${executed} executed, ${notExecuted} not executed; after: ${JSON.stringify(Object.fromEntries([...new Set(after.values())].map((s) => [s, [...after.values()].filter((x) => x === s).length])))}`,
      );
      expect(wrong).toEqual([]);
      expect(executed).toBeGreaterThan(0);
      expect(notExecuted).toBeGreaterThan(0);

      // Every payout the simulator returned is returned here, with its event on the outbox.
      const returnedByBank = [
        ...new Set(
          truth.filter((t) => t.state === 'returned' && t.payoutId !== null && mine.has(t.payoutId)).map((t) => t.payoutId as string),
        ),
      ];
      expect(returnedByBank.length).toBeGreaterThan(0);
      for (const id of returnedByBank) expect(after.get(id)).toBe('returned');
      const events = await sql<{ payout_id: string }>`select payout_id from outbox where type = 'payout.returned'`.execute(db);
      expect(new Set(events.rows.map((e) => e.payout_id).filter((id) => mine.has(id)))).toEqual(new Set(returnedByBank));
      // …and nothing else turned returned.
      expect([...after].filter(([, s]) => s === 'returned').length).toBe(returnedByBank.length);
    },
    90_000,
  );
});
