import { startBankSim } from '@payout/bank-sim';
import { countPayoutsByStatus } from '@payout/db';
import { usePostgres, waitFor } from '@payout/test-harness/vitest';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startLifecycleEngine } from '../runtime/lifecycle-engine.ts';
import { channelsFor, cnySimBank, lifecycleDeps, cnBusinessDayAt, seedPayouts, simClockOf } from '@payout/test-kit';

describe('escalation when the bank’s business day closes', () => {
  const db = usePostgres();
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('parks still-pending HVPS payouts for the statement at 10:00 on the next CN business day', async () => {
    // 17:05 Shanghai on the eve of National Day; HVPS closes at 17:15; transfers stay pending
    // for 30–60 minutes; the next CN business day is Thursday 2026-10-08.
    const start = cnBusinessDayAt('2026-09-30', '17:05');
    const bank = cnySimBank({
      id: 'hvps',
      dialect: 'iso20022',
      account: '6222000000000000501',
      behaviour: { transaction: { pendingThenSuccess: 1, success: 0 }, pendingDelayMs: { min: 1_800_000, max: 3_600_000 } },
      profile: { rail: 'CN_HVPS', operatingHours: { kind: 'rail' } },
    });
    const sim = await startBankSim({ seed: 'close', clock: { start: start.toISOString(), speed: 60 }, banks: [bank] });
    cleanup.push(() => sim.close());
    const h = await lifecycleDeps({ databaseUrl: db.url, channels: channelsFor(sim.url, [bank]), clock: simClockOf(sim) });
    cleanup.push(() => h.close());
    await seedPayouts(h.db, 50, { dueAt: start, keyPrefix: 'close' });
    const engine = startLifecycleEngine({ deps: h.deps, submitLoops: 1, pollLoops: 1, idleMs: 50 });
    cleanup.push(() => engine.stop(1_000));

    await waitFor(async () => (await countPayoutsByStatus(h.db)).awaiting_verification === 50, {
      timeoutMs: 60_000,
      intervalMs: 200,
      message: 'all parked',
    });
    const expected = cnBusinessDayAt('2026-10-08', '10:00');
    const rows = (
      await sql<{
        next_action: string;
        next_action_at: Date;
        status_reason: string;
      }>`select next_action, next_action_at, status_reason from payouts`.execute(h.db)
    ).rows;
    for (const r of rows) {
      expect(r.next_action).toBe('verify');
      expect(r.next_action_at.toISOString()).toBe(expected.toISOString());
      expect(r.status_reason).toMatch(/business day closed/);
    }
    // Polling stopped at the close: no query after 17:15 Shanghai.
    const close = cnBusinessDayAt('2026-09-30', '17:15').getTime();
    expect(sim.requestLog.list({ bankId: 'hvps', operation: 'query' }).filter((q) => q.simAt >= close)).toEqual([]);
  });
});
