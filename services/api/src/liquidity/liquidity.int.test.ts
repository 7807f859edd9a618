import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '@payout/test-harness/vitest';
import { createApiClient, createDb, issueApiKey, migrateToLatest, type Db } from '@payout/db';
import { money } from '@payout/domain';
import { openingBalancePosting } from '@payout/ledger';
import { PgLedgerStore, appendLifecyclePostings, saveFundingAccounts } from '@payout/db/ledger';
import type { NextStepDispatcher } from '@payout/queue';
import { buildApp } from '../app/build-app.ts';
import type { ApiApp } from '../app/api-app.ts';
import { captureLogs } from '../test-support/log-capture.ts';
import { planResponseSchema } from './liquidity.schemas.ts';

const pg = usePostgres();
let db: Db;
let app: ApiApp;
const keys = { ops: '', reader: '' };
// 09:00 in Shanghai on the day before National Day.
const now = new Date('2026-09-30T01:00:00Z');
const A = 'cn-api';

beforeAll(async () => {
  db = createDb({ url: pg.url, maxConnections: 4 });
  await migrateToLatest(db);
  await createApiClient(db, { id: 'treasury' });
  await createApiClient(db, { id: 'acme' });
  keys.ops = (await issueApiKey(db, { clientId: 'treasury', scopes: ['ops'], actor: 'tina', role: 'operator' })).key;
  keys.reader = (await issueApiKey(db, { clientId: 'acme', scopes: ['payouts:read'], actor: 'acme-dash', role: 'viewer' })).key;

  await saveFundingAccounts(
    db,
    [{ id: A, currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury', transferRoundingMinor: 100_000n }],
    { actor: 'test' },
  );
  const store = new PgLedgerStore(db);
  await store.append([
    openingBalancePosting({
      fundingAccountId: A,
      currency: 'CNY',
      statementId: 'S0929',
      balanceMinor: 300_000n,
      bookingDate: '2026-09-29',
      at: now,
    })!,
  ]);
  await store.recordStatementBalance({
    fundingAccountId: A,
    currency: 'CNY',
    statementId: 'S0929',
    date: '2026-09-29',
    closingMinor: 300_010n,
  });
  await appendLifecyclePostings(db, [
    { type: 'submitted', payoutId: 'api-p1', attempt: 1, fundingAccountId: A, amount: money(250_000n, 'CNY'), at: now },
  ]);

  const hints: NextStepDispatcher = { dispatch: () => Promise.resolve([]), close: () => Promise.resolve() };
  // build-app registers the liquidity plugin with the service clock (here: the test's fixed now).
  app = buildApp({ db, hints, logger: captureLogs().logger, ops: { clock: () => now } });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

const get = async (url: string, key: string | null = keys.ops) => {
  const res = await app.inject({ method: 'GET', url, headers: key === null ? {} : { authorization: `Bearer ${key}` } });
  return { status: res.statusCode, json: res.json<Record<string, unknown>>() };
};

describe('liquidity API', () => {
  it('GET /v1/liquidity/plan plans from the database, records the plan and serves it back with its inputs', async () => {
    const r = await get('/v1/liquidity/plan?date=2026-09-30');
    expect(r.status).toBe(200);
    const body = r.json as {
      recordedPlanId: string;
      source: string;
      plan: { accounts: Record<string, unknown>[]; transfers: Record<string, unknown>[]; inputs?: unknown };
      alerts: unknown[];
    };
    expect(body.source).toBe('postgres');
    expect(body.plan.inputs).toBeUndefined();
    const [acct] = body.plan.accounts;
    expect(acct).toMatchObject({
      fundingAccountId: A,
      run: { start: '2026-10-01', end: '2026-10-07' },
      deadline: { at: '2026-09-30T08:00:00.000Z', date: '2026-09-30' },
      confirmedMinor: '300000',
      components: { reservedMinor: '250000' },
    });
    // required 250 000 reserved + 0 forecast (no history) > 300 000? No: no transfer needed.
    expect(acct!['shortfallMinor']).toBe('0');
    expect(JSON.stringify(body)).not.toMatch(/"[A-Za-z]*Minor":-?\d/);

    const recorded = await get(`/v1/liquidity/plans/${body.recordedPlanId}`);
    expect(recorded.status).toBe(200);
    expect(recorded.json).toMatchObject({
      id: body.recordedPlanId,
      recordedBy: 'api:tina',
      asOf: '2026-09-30',
      plannedAt: now.toISOString(),
      accountCount: 1,
    });
    expect((recorded.json['inputs'] as { data: { accounts: { id: string }[] } }).data.accounts.map((a) => a.id)).toEqual([A]);
    expect(recorded.json['plan']).toEqual(body.plan);

    const list = await get('/v1/liquidity/plans?limit=5');
    expect((list.json['plans'] as { id: string; inputs?: unknown }[]).map((p) => [p.id, p.inputs])).toEqual([
      [body.recordedPlanId, undefined],
    ]);

    // A higher quantile and a what-if instant after the deadline: recorded as asked.
    const late = await get('/v1/liquidity/plan?date=2026-09-30&quantile=0.99&now=2026-09-30T09:00:00Z');
    expect(late.status).toBe(200);
    expect(
      (late.json['plan'] as { settings: { quantileBps: number }; accounts: { deadline: { passed: boolean } }[] }).settings.quantileBps,
    ).toBe(9_900);
    expect((late.json['plan'] as { accounts: { deadline: { passed: boolean } }[] }).accounts[0]!.deadline.passed).toBe(true);
  });

  it('GET /v1/liquidity/positions: positions from the ledger with the drift against the latest statement', async () => {
    const r = await get('/v1/liquidity/positions');
    expect(r.status).toBe(200);
    expect(r.json['positions']).toEqual([
      {
        fundingAccountId: A,
        currency: 'CNY',
        confirmedMinor: '300000',
        availableMinor: '50000',
        reservedMinor: '250000',
        unknownExposureMinor: '0',
        settledAwaitingStatementMinor: '0',
        fundingInTransitMinor: '0',
        returnsInTransitMinor: '0',
        asOf: now.toISOString(),
        configured: true,
        // The bank shows 10 more than the ledger explains (e.g. interest): a drift to book.
        latestStatement: {
          statementId: 'S0929',
          date: '2026-09-29',
          closingMinor: '300010',
          ledgerConfirmedMinor: '300000',
          driftMinor: '10',
          status: 'drift',
        },
      },
    ]);
    expect((await get('/v1/liquidity/positions?fundingAccount=nobody')).json).toEqual({ positions: [] });
  });

  it('needs an ops key, validates its input and answers problem+json', async () => {
    expect((await get('/v1/liquidity/plan', null)).status).toBe(401);
    const forbidden = await get('/v1/liquidity/positions', keys.reader);
    expect([forbidden.status, forbidden.json['code']]).toEqual([403, 'PAYOUT_E_FORBIDDEN']);
    const badDate = await get('/v1/liquidity/plan?date=2026-02-30');
    expect([badDate.status, badDate.json['code']]).toEqual([400, 'PAYOUT_E_VALIDATION']);
    expect((await get('/v1/liquidity/plan?quantile=2')).status).toBe(400);
    expect((await get('/v1/liquidity/plan?unknown=1')).status).toBe(400);
    const missing = await get('/v1/liquidity/plans/00000000-0000-4000-8000-000000000000');
    expect([missing.status, missing.json['code']]).toEqual([404, 'PAYOUT_E_NOT_FOUND']);
    const doc = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths)).toEqual(
      expect.arrayContaining(['/v1/liquidity/plan', '/v1/liquidity/positions']),
    );
  });

  it("POST /v1/liquidity/funding-transfers records a transfer in transit, audited as the key's actor; replays are no-ops, bad input books nothing", async () => {
    const post = async (body: Record<string, unknown>, key: string | null = keys.ops) => {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/liquidity/funding-transfers',
        payload: body,
        headers: key === null ? {} : { authorization: `Bearer ${key}` },
      });
      return { status: res.statusCode, json: res.json<Record<string, unknown>>() };
    };
    const body = { fundingAccountId: A, amountMinor: '500000', currency: 'CNY', reference: 'T-API-1' };
    const created = await post(body);
    expect(created).toEqual({
      status: 201,
      json: {
        outcome: 'recorded',
        transferId: 'T-API-1',
        fundingAccountId: A,
        sourceAccountId: 'cn-treasury',
        amountMinor: '500000',
        currency: 'CNY',
        state: 'in_transit',
        recordedAt: now.toISOString(),
        seenOn: null,
      },
    });
    expect((await post(body)).json).toMatchObject({ outcome: 'already_recorded', state: 'in_transit' });
    expect((await post(body)).status).toBe(200);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor', 'request_id'])
      .where('target', '=', 'funding_transfer:T-API-1')
      .execute();
    expect(audit).toEqual([{ actor: 'tina', request_id: expect.any(String) }]);
    const positions = (await get(`/v1/liquidity/positions?fundingAccount=${A}`)).json['positions'] as Record<string, string>[];
    expect(positions[0]).toMatchObject({ fundingInTransitMinor: '500000', availableMinor: '50000' });

    const refusals: [Record<string, unknown>, number, string][] = [
      [{ ...body, reference: 'T-API-2', amountMinor: '5000.00' }, 400, 'PAYOUT_E_VALIDATION'],
      [{ ...body, reference: 'T-API-2', amountMinor: 500000 }, 400, 'PAYOUT_E_VALIDATION'],
      [{ ...body, reference: 'T API 2' }, 400, 'PAYOUT_E_VALIDATION'],
      [{ ...body, reference: 'T-API-2', currency: 'USD' }, 422, 'PAYOUT_E_CURRENCY_MISMATCH'],
      [{ ...body, reference: 'T-API-2', currency: 'XXQ' }, 422, 'PAYOUT_E_UNKNOWN_CURRENCY'],
      [{ ...body, reference: 'T-API-2', fundingAccountId: 'nobody' }, 404, 'PAYOUT_E_NOT_FOUND'],
      [{ ...body, amountMinor: '400000' }, 409, 'PAYOUT_E_CONFLICT'],
    ];
    for (const [b, status, code] of refusals) {
      const r = await post(b);
      expect([r.status, r.json['code']]).toEqual([status, code]);
    }
    expect((await post({ ...body, reference: 'T-API-3' }, keys.reader)).status).toBe(403);
    expect((await post({ ...body, reference: 'T-API-3' }, null)).status).toBe(401);
    const funding = await db.selectFrom('audit_log').select('target').where('action', '=', 'liquidity.funding_sent').execute();
    expect(funding).toEqual([{ target: 'funding_transfer:T-API-1' }]);
  });
  it('GET /v1/liquidity/plan across a calendar year without data (CN 2027): 200, a partial plan and the gap alert, as the schema documents', async () => {
    const covered = await get('/v1/liquidity/plan?date=2026-09-30');
    expect(planResponseSchema.safeParse(covered.json).success).toBe(true);
    expect((covered.json['plan'] as Record<string, unknown>)['calendarGaps']).toBeUndefined();

    const r = await get('/v1/liquidity/plan?date=2026-12-30&now=2026-12-30T02:00:00Z');
    expect(r.status).toBe(200);
    expect(planResponseSchema.safeParse(r.json).error).toBeUndefined();
    const body = r.json as {
      recordedPlanId: string;
      plan: { accounts: Record<string, unknown>[]; calendarGaps: Record<string, unknown>[] };
      alerts: Record<string, unknown>[];
    };
    const [acct] = body.plan.accounts;
    expect(acct).toMatchObject({
      fundingAccountId: A,
      run: { start: '2027-01-01', lastBusinessDayBefore: '2026-12-31', nextBusinessDay: null },
      deadline: { date: '2026-12-31', at: '2026-12-31T08:00:00.000Z', basis: 'last_covered_business_day' },
      calendarGaps: [{ code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027, fromYear: 2019, toYear: 2026 }],
    });
    expect((acct!['uncovered'] as unknown[])[0]).toEqual({
      date: '2027-01-01',
      kind: 'unknown',
      business: null,
      reason: { code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027, fromYear: 2019, toYear: 2026 },
    });
    expect(body.plan.calendarGaps).toEqual([
      expect.objectContaining({ calendar: 'CN', year: 2027, fundingAccountIds: [A], firstDate: '2027-01-01' }),
    ]);
    expect(body.alerts[0]).toMatchObject({
      kind: 'calendar_gap',
      severity: 'critical',
      fundingAccountId: A,
      calendar: 'CN',
      year: 2027,
      deadline: '2026-12-31T08:00:00.000Z',
    });
    // Recorded like any plan, so what treasury saw can be audited later.
    expect((await get(`/v1/liquidity/plans/${body.recordedPlanId}`)).json['plan']).toEqual(body.plan);

    const later = await get('/v1/liquidity/plan?date=2027-01-04&now=2027-01-04T01:00:00Z');
    expect(later.status).toBe(200);
    expect(planResponseSchema.safeParse(later.json).error).toBeUndefined();
    const [unknownAcct] = (later.json['plan'] as { accounts: Record<string, unknown>[] }).accounts;
    expect(unknownAcct).toMatchObject({ deadline: null, run: { lastBusinessDayBefore: null, nextBusinessDay: null } });
    expect((later.json['alerts'] as Record<string, unknown>[])[0]).toMatchObject({
      kind: 'calendar_gap',
      deadline: null,
      msUntilDeadline: null,
    });
  });
});
