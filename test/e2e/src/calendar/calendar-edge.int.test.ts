import { buildApp, createLogger, type ApiApp } from '@payout/api';
import { zonedDateTimeToInstant } from '@payout/calendar';
import { createApiClient, issueApiKey, listOpsAlerts, type Db } from '@payout/db';
import { createNextStepDispatcher, redisOptionsFromUrl } from '@payout/queue';
import { usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { checkAgainstGroundTruth, cnySimBank, seedPayouts } from '@payout/test-kit';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.ts';

/**
 * Acceptance (issue 14): the lifecycle across the end of calendar coverage, with worker
 * processes that are never restarted.
 *
 * The built-in CN data ends 2026-12-31. At 18:00 Shanghai on 12-31 HVPS has closed for the
 * day and its next session depends on 2027, which nobody has imported: HVPS payouts wait with
 * PAYOUT_E_CALENDAR_NO_DATA while IBPS payouts in the same batches succeed. A file with a
 * make-up day on a Wednesday is refused naming the date; a proper 2027 file is proposed by an
 * operator, refused to its own proposer, approved by a second person with the approver role —
 * and the waiting HVPS payouts go out in HVPS's next session (the evening of Sunday 01-03)
 * without a restart. The simulator's ground truth shows each payout executed at most once.
 *
 * The 2027 list below is a TEST FIXTURE shaped like a State Council notice, not the official
 * list (the project never invents a year; operators import the published one).
 */
const CN_2027_FIXTURE = {
  calendar: 'CN',
  year: 2027,
  source: { notice: 'test fixture — not the official 2027 notice' },
  holidays: [
    { date: '2027-01-01', name: "New Year's Day (元旦)", weekday: 'Fri' },
    { date: '2027-01-02', name: "New Year's Day (元旦)", weekday: 'Sat' },
    { date: '2027-01-03', name: "New Year's Day (元旦)", weekday: 'Sun' },
  ],
  workdays: [],
};

const TZ = 'Asia/Shanghai';
const at = (day: string, time: string): Date => zonedDateTimeToInstant(day, time, TZ);
const N = 40;

async function statuses(db: Db, ids: readonly string[]): Promise<Map<string, { status: string; reason: string | null }>> {
  const r = await sql<{
    id: string;
    status: string;
    status_reason: string | null;
  }>`select id, status, status_reason from payouts where id = any(${ids}::uuid[])`.execute(db);
  return new Map(r.rows.map((x) => [x.id, { status: x.status, reason: x.status_reason }]));
}

async function channelsUsed(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const r = await sql<{
    channel_id: string;
  }>`select distinct channel_id from payout_attempts where payout_id = any(${ids}::uuid[])`.execute(db);
  return new Set(r.rows.map((x) => x.channel_id));
}

describe('across the end of calendar coverage', () => {
  const pg = usePostgres();
  const redis = useRedis();
  let stack: E2eStack | undefined;
  let app: ApiApp | undefined;
  let closeHints: (() => Promise<unknown>) | undefined;
  afterAll(async () => {
    await app?.close();
    await closeHints?.();
    await stack?.dispose();
  });

  it('HVPS payouts wait with PAYOUT_E_CALENDAR_NO_DATA, IBPS ones succeed; an approved 2027 file lets them finish without a restart', async () => {
    const hvps = cnySimBank({
      id: 'cal-hvps',
      dialect: 'iso20022',
      account: '6222000000000000701',
      profile: { rail: 'CN_HVPS', operatingHours: { kind: 'rail' } },
    });
    const ibps = cnySimBank({ id: 'cal-ibps', dialect: 'cn-json', account: '6222000000000000702' });
    // 18:00 Shanghai on the last covered day: HVPS closed at 17:15, its next session is in 2027.
    const start = at('2026-12-31', '18:00');
    stack = await startE2eStack({
      databaseUrl: pg.url,
      redisUrl: redis.url,
      queuePrefix: redis.prefix(),
      banks: [hvps, ibps],
      seed: 'calendar-edge',
      speed: 30,
      simStart: start,
      workerEnv: { WORKER_ROLES: 'submit,poll,notify,sweeper', CALENDAR_REFRESH_MS: '500', SWEEP_INTERVAL_MS: '500' },
    });
    const s = stack;
    await createApiClient(s.db, { id: 'ops-team' });
    const key = async (actor: string, role: 'operator' | 'approver') =>
      (await issueApiKey(s.db, { clientId: 'ops-team', scopes: ['ops'], actor, role })).key;
    const alice = await key('alice', 'operator');
    const carol = await key('carol', 'approver');
    const bob = await key('bob', 'approver');
    const hints = createNextStepDispatcher({ connection: redisOptionsFromUrl(redis.url), prefix: redis.prefix() });
    closeHints = () => hints.close();
    app = buildApp({
      db: s.db,
      hints,
      logger: createLogger({ level: 'warn', name: 'api' }),
      authCacheTtlMs: 0,
      ops: { clock: () => start },
    });
    const api = app;
    const call = async (method: 'GET' | 'POST', url: string, who: string, payload?: unknown) => {
      const res = await api.inject({
        method,
        url,
        headers: { authorization: `Bearer ${who}` },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
      return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
    };

    // Mixed batches: every other payout asks for HVPS, the rest for IBPS.
    const ids = await seedPayouts(s.db, 2 * N, {
      dueAt: start,
      keyPrefix: 'edge',
      railPreference: (i) => (i % 2 === 0 ? 'CN_HVPS' : 'CN_IBPS'),
    });
    const hvpsIds = ids.filter((_, i) => i % 2 === 0);
    const ibpsIds = ids.filter((_, i) => i % 2 === 1);
    await s.startWorkers(1);

    await waitFor(
      async () => {
        const st = await statuses(s.db, ids);
        const ibpsDone = ibpsIds.every((id) => st.get(id)?.status === 'succeeded');
        const hvpsWaiting = hvpsIds.every(
          (id) => st.get(id)?.status === 'held' && (st.get(id)?.reason ?? '').startsWith('PAYOUT_E_CALENDAR_NO_DATA'),
        );
        return ibpsDone && hvpsWaiting ? st : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, message: 'IBPS payouts succeeded and HVPS payouts held with PAYOUT_E_CALENDAR_NO_DATA' },
    );
    const waiting = await statuses(s.db, hvpsIds);
    expect([...waiting.values()][0]?.reason).toMatch(/calendar CN has no data for 2027/);
    expect(await channelsUsed(s.db, ibpsIds)).toEqual(new Set(['cal-ibps']));
    expect(await channelsUsed(s.db, hvpsIds)).toEqual(new Set()); // nothing was sent for them
    // Never failed, never handed to people for this.
    const bad = await sql<{
      n: string;
    }>`select count(*)::text as n from payouts where status in ('failed', 'manual_review', 'rejected')`.execute(s.db);
    expect(bad.rows[0]?.n).toBe('0');
    // The sweeper raised the coverage alert for CN (its last covered day is today).
    const alerts = await waitFor(
      async () => {
        const a = await listOpsAlerts(s.db, { kind: 'calendar.coverage', limit: 10 });
        return a.length > 0 ? a : undefined;
      },
      { timeoutMs: 30_000, message: 'a calendar coverage alert' },
    );
    expect(alerts[0]).toMatchObject({ severity: 'critical', dedupeKey: 'CN:2026-12-31:7' });

    // Coverage as ops sees it.
    const overview = await call('GET', '/v1/ops/calendars', alice);
    expect(overview.status).toBe(200);
    expect(
      (overview.body['calendars'] as { calendar: string; lastCoveredDay: string; daysLeft: number }[]).find((c) => c.calendar === 'CN'),
    ).toMatchObject({ lastCoveredDay: '2026-12-31', daysLeft: 0 });

    // A make-up day on a Wednesday is refused, naming the date; nothing is stored.
    const wednesday = await call('POST', '/v1/ops/calendars/CN/years/2027', alice, {
      reason: 'notice',
      file: { ...CN_2027_FIXTURE, workdays: [{ date: '2027-02-10', name: 'make-up' }] },
    });
    expect(wednesday.status).toBe(422);
    expect(wednesday.body['code']).toBe('PAYOUT_E_CALENDAR_IMPORT_INVALID');
    expect(String(wednesday.body['detail'])).toContain('2027-02-10 is a Wed');
    expect((await call('GET', '/v1/ops/calendars/years', alice)).body['items']).toEqual([]);

    // Maker: carol (an approver) proposes. The year is not in force yet.
    const proposed = await call('POST', '/v1/ops/calendars/CN/years/2027', carol, {
      reason: 'State Council notice (fixture)',
      file: CN_2027_FIXTURE,
    });
    expect(proposed.status).toBe(202);
    const id = String(proposed.body['id']);
    // Checker: never the proposer, never an operator; then bob.
    const self = await call('POST', `/v1/ops/calendars/years/${id}/approve`, carol, {});
    expect(self.body['code']).toBe('PAYOUT_E_OPS_SELF_APPROVAL');
    const operator = await call('POST', `/v1/ops/calendars/years/${id}/approve`, alice, {});
    expect([operator.status, operator.body['code']]).toEqual([403, 'PAYOUT_E_FORBIDDEN']);
    const approved = await call('POST', `/v1/ops/calendars/years/${id}/approve`, bob, { reason: 'checked against the notice' });
    expect(approved.status).toBe(200);
    expect(approved.body['coverage']).toMatchObject({ calendar: 'CN', lastCoveredDay: '2027-12-31' });
    const audit = await sql<{
      actor: string;
      action: string;
      outcome: string;
    }>`select actor, action, outcome from audit_log where target like 'calendar%' order by id`.execute(s.db);
    expect(audit.rows.map((r) => `${r.actor} ${r.action} ${r.outcome}`)).toEqual([
      'alice ops.calendar.propose refused',
      'carol ops.calendar.propose proposed',
      'carol ops.calendar.approve refused',
      'alice ops.calendar.approve refused',
      'bob ops.calendar.approve applied',
    ]);

    // HVPS's next session: the evening before Monday 2027-01-04 (01-01..03 closed in the file).
    await s.sim.client.setClock({ set: at('2027-01-03', '20:31').toISOString() });
    await waitFor(
      async () => {
        const st = await statuses(s.db, hvpsIds);
        return [...st.values()].every((x) => x.status === 'succeeded') ? st : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250, message: 'the waiting HVPS payouts succeeded after the approval, without a restart' },
    );
    expect(await channelsUsed(s.db, hvpsIds)).toEqual(new Set(['cal-hvps']));
    const report = await checkAgainstGroundTruth(s.db, await s.sim.client.executions(), {
      expectedIds: ids,
      allowedStatuses: ['succeeded'],
    });
    expect(report.maxExecutionsPerPayout).toBe(1);
    expect(report.unsettled).toEqual([]);
  }, 300_000);
});
