import { createHash } from 'node:crypto';
import { startBankSim, type RunningBankSim } from '@payout/bank-sim';
import { checkCalendarYearFile, installCalendarYears } from '@payout/calendar';
import { acceptPayouts, createApiClient, type Db } from '@payout/db';
import { usePostgres } from '@payout/test-harness/vitest';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollBatch } from '../poll/poll-batch.ts';
import type { LifecycleDeps } from '../runtime/lifecycle-deps.ts';
import { channelsFor, cnySimBank, lifecycleDeps, simClockOf } from '@payout/test-kit';
import { runSubmitBatch } from './submit-batch.ts';

// Thu 2026-12-31 18:00 Shanghai: HVPS closed at 17:15, and whether 2027-01-01 opens a session
// is unknown (CN data ends 2026). IBPS runs 7×24 and needs no holiday list.
const START = new Date('2026-12-31T10:00:00Z');
const RECHECK = 5 * 60_000;

describe('submit and poll across the end of calendar data', () => {
  const pg = usePostgres();
  let sim: RunningBankSim;
  let db: Db;
  let deps: LifecycleDeps;
  let close: () => Promise<void>;
  let n = 0;

  beforeAll(async () => {
    const hvps = cnySimBank({
      id: 'cn-hvps',
      dialect: 'cn-json',
      account: '6222000000000000991',
      profile: { rail: 'CN_HVPS', operatingHours: { kind: 'rail' } },
    });
    const ibps = cnySimBank({
      id: 'cn-ibps',
      dialect: 'cn-json',
      account: '6222000000000000992',
      profile: { rail: 'CN_IBPS', operatingHours: { kind: 'always' } },
    });
    sim = await startBankSim({ seed: 'end-of-calendar', clock: { start: START.toISOString(), speed: 0 }, banks: [hvps, ibps] });
    const h = await lifecycleDeps({
      databaseUrl: pg.url,
      channels: channelsFor(sim.url, [hvps, ibps]),
      clock: simClockOf(sim),
      settings: { heldRecheckMs: RECHECK },
    });
    db = h.db;
    deps = { ...h.deps, stopSignal: new AbortController().signal };
    close = h.close;
    await createApiClient(db, { id: 'acme' });
  });
  afterAll(async () => {
    installCalendarYears([]);
    await close?.();
    await sim?.close();
  });

  async function payout(railPreference: string | null): Promise<string> {
    const key = `eoc-${++n}`;
    const [r] = await acceptPayouts(db, [
      {
        clientId: 'acme',
        idempotencyKey: key,
        requestFingerprint: createHash('sha256').update(key).digest('hex'),
        amountMinor: 12_345n,
        currency: 'CNY',
        fundingAccount: null,
        beneficiary: { name: `收款人 ${n}`, scheme: 'cn_bank', accountNumber: `622202021${String(n).padStart(8, '0')}` },
        railPreference,
        remittanceInfo: null,
        requestedExecutionDate: null,
        actor: 'test',
      },
    ]);
    if (r?.kind !== 'created') throw new Error('not created');
    await sql`update payouts set next_action_at = ${sim.clock.now()} where id = ${r.payout.id}`.execute(db);
    return r.payout.id;
  }
  /** A payout already processing at HVPS, its attempt in `attemptState`, due for `action` now. */
  async function processingAtHvps(attemptState: 'sending' | 'pending', action: 'submit' | 'poll'): Promise<string> {
    const id = await payout('CN_HVPS');
    const e2e = `EOC${String(++n).padStart(6, '0')}`;
    await sql`insert into payout_attempts (id, payout_id, attempt_no, channel_id, end_to_end_id, state, sent_at)
              values (gen_random_uuid(), ${id}, 1, 'cn-hvps', ${e2e}, ${attemptState}, ${new Date(START.getTime() - 3_600_000)})`.execute(
      db,
    );
    await sql`update payouts set status = 'processing', attempt_count = 1, next_action = ${action}, next_action_at = ${sim.clock.now()} where id = ${id}`.execute(
      db,
    );
    return id;
  }
  const row = async (id: string) =>
    (
      await sql<{
        status: string;
        status_reason: string | null;
        next_action: string | null;
        next_action_at: Date | null;
      }>`select status, status_reason, next_action, next_action_at from payouts where id = ${id}`.execute(db)
    ).rows[0]!;
  const attempts = async (id: string) =>
    (
      await sql<{
        channel_id: string;
        state: string;
      }>`select channel_id, state from payout_attempts where payout_id = ${id} order by attempt_no`.execute(db)
    ).rows;
  const events = async (id: string, type: string) =>
    (
      await sql<{ data: unknown }>`select data from payout_events where payout_id = ${id} and type = ${type} order by seq`.execute(db)
    ).rows.map((r) => r.data);

  it('one batch: the HVPS-only payout is held with the code, the IBPS-able one is sent, nothing throws', async () => {
    const hvpsOnly = await payout('CN_HVPS');
    const any = await payout(null);
    expect(await runSubmitBatch(deps, { payoutIds: [hvpsOnly, any] })).toEqual({ claimed: 2, sent: 1 });

    expect(await row(hvpsOnly)).toEqual({
      status: 'held',
      status_reason: expect.stringMatching(
        /^PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; held until the year is imported: .*cn-hvps calendar_no_data/,
      ),
      next_action: 'submit',
      next_action_at: new Date(START.getTime() + RECHECK),
    });
    expect(await events(hvpsOnly, 'payout.held')).toEqual([{ reason: 'calendar_no_data', calendar: 'CN', year: 2027 }]);
    // Sent to the 7×24 rail (the simulator may already have answered it).
    expect(['processing', 'succeeded']).toContain((await row(any)).status);
    expect(await attempts(any)).toEqual([{ channel_id: 'cn-ibps', state: expect.any(String) }]);

    // The next look that still finds no data: held again, no second event, never failed.
    sim.clock.set(new Date(START.getTime() + RECHECK));
    expect(await runSubmitBatch(deps, { payoutIds: [hvpsOnly] })).toEqual({ claimed: 1, sent: 0 });
    expect(await row(hvpsOnly)).toMatchObject({
      status: 'held',
      next_action: 'submit',
      next_action_at: new Date(START.getTime() + 2 * RECHECK),
    });
    expect(await events(hvpsOnly, 'payout.held')).toHaveLength(1);
  });

  it('an unsent attempt at a bank with unknown hours waits as it is; a status query due there waits too', async () => {
    const unsent = await processingAtHvps('sending', 'submit');
    const polled = await processingAtHvps('pending', 'poll');
    const now = sim.clock.now();
    expect(await runSubmitBatch(deps, { payoutIds: [unsent] })).toEqual({ claimed: 1, sent: 0 });
    expect(await row(unsent)).toEqual({
      status: 'processing',
      status_reason: expect.stringMatching(
        /^PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; attempt #1 waits to be sent to cn-hvps/,
      ),
      next_action: 'submit',
      next_action_at: new Date(now.getTime() + RECHECK),
    });
    expect(await attempts(unsent)).toEqual([{ channel_id: 'cn-hvps', state: 'sending' }]); // not failed NOOR, not rerouted

    expect(await runPollBatch(deps, { payoutIds: [polled] })).toBe(1);
    expect(await row(polled)).toEqual({
      status: 'processing',
      status_reason: expect.stringMatching(
        /^PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; attempt #1 at cn-hvps is pending: not queried/,
      ),
      next_action: 'poll',
      next_action_at: new Date(now.getTime() + RECHECK),
    });
    expect(await attempts(polled)).toEqual([{ channel_id: 'cn-hvps', state: 'pending' }]);
    expect(sim.requestLog.list({ bankId: 'cn-hvps', operation: 'query' })).toEqual([]);
  });

  it('once the year is imported, the held payout goes on at its next look by itself', async () => {
    const hvpsOnly = await payout('CN_HVPS');
    await runSubmitBatch(deps, { payoutIds: [hvpsOnly] });
    expect((await row(hvpsOnly)).status).toBe('held');
    installCalendarYears([
      checkCalendarYearFile({
        calendar: 'CN',
        year: 2027,
        source: { notice: 'test' },
        holidays: [{ date: '2027-01-01', name: "New Year's Day" }],
        workdays: [],
      }).file,
    ]);
    sim.clock.set(new Date('2027-01-04T02:00:00Z')); // Monday 10:00 Shanghai: HVPS open
    expect(await runSubmitBatch(deps, { payoutIds: [hvpsOnly] })).toMatchObject({ claimed: 1, sent: 1 });
    expect((await row(hvpsOnly)).status).not.toBe('held');
    expect(await attempts(hvpsOnly)).toEqual([{ channel_id: 'cn-hvps', state: expect.any(String) }]);
  });
});
