import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { bankProfileToJson } from '@payout/bank';
import { usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { CN_BANK, CN_DEBTOR, cnProfile, startOpsFixture, type OpsFixture } from './test-support/ops-fixture.ts';
import { moveTo, submittedPayout } from './test-support/seed-payouts.ts';
import { api, eventsOf, outboxOf, payoutRow } from './test-support/ops-calls.ts';
import { startWorkersProcess, type RunningWorkers } from '@payout/test-kit';

// The workers deployable as it runs in production — verify role, following the simulator's clock —
// resolves a payout parked for next-day verification from the bank's statement, and every request
// it makes to the bank lands in the payout's ops timeline.

const pg = usePostgres();
const redis = useRedis();
let fx: OpsFixture;
let workers: RunningWorkers | undefined;

beforeAll(async () => {
  fx = await startOpsFixture({ databaseUrl: pg.url, redisUrl: redis.url, prefix: redis.prefix() });
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await fx?.close();
});

interface Entry {
  readonly kind: string;
  readonly summary: string;
  readonly data: Record<string, unknown>;
}

describe('workers process, verify role', () => {
  it('resolves an awaiting_verification payout from the next business day’s statement; the timeline shows the bank requests', async () => {
    // Executed at the bank, but the answer timed out: unknown, then parked for the statement.
    const simNow = new Date((await fx.simClient.clock()).now);
    const p = await submittedPayout(fx, 'timeoutAfterExecution', { sentAt: simNow });
    expect(p.state).toBe('unknown');
    // Monday 2026-01-05 in Shanghai; the statement for it is due Tuesday 10:00 local (02:00Z).
    const statementDue = new Date('2026-01-06T02:00:00Z');
    expect(simNow.getTime()).toBeLessThan(statementDue.getTime());
    await moveTo(fx.db, p.payoutId, 'awaiting_verification', { action: 'verify', at: statementDue });

    workers = await startWorkersProcess({
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix(),
      WORKER_ROLES: 'verify',
      WORKER_CHANNELS: JSON.stringify([
        {
          profile: bankProfileToJson(cnProfile()),
          baseUrl: fx.sim.bankUrl(CN_BANK),
          debtorAccount: { scheme: 'cn_bank', accountNumber: CN_DEBTOR },
        },
      ]),
      METRICS_PORT: '-1',
      LOG_LEVEL: 'warn',
      VERIFY_IDLE_MS: '200',
      CLOCK: 'sim',
      SIM_URL: fx.sim.url,
    });

    // Before the statement time nothing is decided.
    expect((await payoutRow(fx.db, p.payoutId)).status).toBe('awaiting_verification');
    await fx.simClient.setClock({ set: new Date(statementDue.getTime() + 30 * 60_000).toISOString() });

    await waitFor(async () => (await payoutRow(fx.db, p.payoutId)).status === 'succeeded', {
      timeoutMs: 30_000,
      message: `the verify role resolved the payout (stderr: ${workers.stderr().slice(-500)})`,
    }).catch(async (e: unknown) => {
      const dump = {
        payout: await payoutRow(fx.db, p.payoutId),
        statements: (await sql`select statement_id, statement_date, balance_check, chain_status from bank_statements`.execute(fx.db)).rows,
        lines: (await sql`select end_to_end_id, direction, status, match_kind, payout_id from statement_lines limit 5`.execute(fx.db)).rows,
        verifications: (await sql`select outcome, reason, coverage from payout_verifications`.execute(fx.db)).rows,
        exchanges: (await sql`select request, outcome from bank_exchanges where operation = 'statement'`.execute(fx.db)).rows,
      };
      throw new Error(
        `${String(e)}\n${JSON.stringify(dump, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 1).slice(0, 6000)}`,
      );
    });
    const events = await eventsOf(fx.db, p.payoutId);
    expect(events.at(-1)).toMatchObject({ from_status: 'awaiting_verification', to_status: 'succeeded', actor: 'worker:verify' });
    expect((await outboxOf(fx.db, p.payoutId)).map((o) => o.type)).toContain(events.at(-1)?.type);

    // The statement fetch the process made is in the exchange log; the payout's timeline shows the statement line.
    await waitFor(
      async () => {
        const t = await api(fx, 'viewer', 'GET', `/v1/ops/payouts/${p.payoutId}/timeline`);
        const entries = t.json['entries'] as Entry[];
        return entries.some((e) => e.kind === 'statement_line') && entries.some((e) => e.kind === 'verification');
      },
      { timeoutMs: 10_000, message: 'statement evidence on the timeline' },
    );
    const timeline = (await api(fx, 'viewer', 'GET', `/v1/ops/payouts/${p.payoutId}/timeline`)).json['entries'] as Entry[];
    expect(timeline.find((e) => e.kind === 'verification')?.summary).toMatch(/succeeded/);
    expect(timeline.filter((e) => JSON.stringify(e).includes(CN_DEBTOR))).toEqual([]);
  });

  it('the bank requests the process makes are recorded (masked) for the timeline', async () => {
    const statementFetches = async () =>
      (
        await sql<{
          bank_id: string;
          request: unknown;
          response: unknown;
        }>`select bank_id, request, response from bank_exchanges where operation = 'statement'`.execute(fx.db)
      ).rows;
    await waitFor(async () => (await statementFetches()).length > 0, {
      timeoutMs: 10_000,
      message: 'the statement fetch was recorded by the workers process',
    });
    const rows = await statementFetches();
    expect(rows[0]?.bank_id).toBe(CN_BANK);
    expect(JSON.stringify(rows)).not.toContain(CN_DEBTOR);
  });
});
