import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Queue } from 'bullmq';
import { usePostgres, useRedis } from '@payout/test-harness/vitest';
import { redisOptionsFromUrl, SUBMIT_QUEUE, type NextStepJobData } from '@payout/queue';
import { databaseNow } from '@payout/db';
import { IBAN, payoutBody, startApiFixture, type ApiFixture } from '../test-support/api-fixture.ts';

const pg = usePostgres();
const redis = useRedis();
let fx: ApiFixture;
let prefix: string;
let baseUrl: string;

beforeAll(async () => {
  prefix = redis.prefix();
  fx = await startApiFixture({ databaseUrl: pg.url, redisUrl: redis.url, prefix });
  baseUrl = await fx.app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  const leaks = fx?.logs.leaks({ iban: IBAN, ibanTail: IBAN.slice(4), ...fx.keys });
  await fx?.close();
  expect(leaks).toEqual([]);
});

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

async function post(
  key: string,
  idempotencyKey: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${baseUrl}/v1/payouts`, {
    method: 'POST',
    headers: { ...auth(key), 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

async function payoutCount(where = sql`true`): Promise<bigint> {
  const r = await sql<{ n: bigint }>`select count(*) as n from payouts where ${where}`.execute(fx.db);
  return r.rows[0]!.n;
}

describe('POST /v1/payouts', () => {
  it('200 concurrent requests with one key and one body make exactly one payout, and all answer with its id', async () => {
    const body = payoutBody();
    const answers = await Promise.all(Array.from({ length: 200 }, () => post(fx.keys.acme, 'concurrent-1', body)));
    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses]).toEqual([201]);
    const ids = new Set(answers.map((a) => a.json['id']));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(await payoutCount(sql`idempotency_key = 'concurrent-1'`)).toBe(1n);
    const id = [...ids][0] as string;
    const events = await sql<{ n: bigint }>`select count(*) as n from payout_events where payout_id = ${id}`.execute(fx.db);
    expect(events.rows[0]!.n).toBe(1n);

    // the receipt: exact money, masked account, same bytes on replay
    const first = answers.find((a) => a.headers.get('idempotent-replayed') === null)!;
    expect(first.json).toMatchObject({ status: 'accepted', amount: '1250.00', amountMinor: '125000', currency: 'EUR', clientId: 'acme' });
    expect(first.json['beneficiary']).toEqual({ name: 'Ada Lovelace', scheme: 'iban', accountNumber: '****3000', bankCode: 'COBADEFFXXX' });
    expect(first.headers.get('location')).toBe(`/v1/payouts/${id}`);
    const replay = await post(fx.keys.acme, 'concurrent-1', body);
    expect(replay.json).toEqual(first.json);

    // the submit hint is on the queue
    const queue = new Queue<NextStepJobData>(SUBMIT_QUEUE, { connection: redisOptionsFromUrl(redis.url), prefix });
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
    await queue.close();
    expect(jobs.flatMap((j) => j.data.payoutIds)).toContain(id);
  });

  it('same key with a different body → 422 PAYOUT_E_IDEMPOTENCY_MISMATCH and no new row', async () => {
    const created = await post(fx.keys.acme, 'mismatch-1', payoutBody());
    expect(created.status).toBe(201);
    const before = await payoutCount();
    const other = await post(fx.keys.acme, 'mismatch-1', payoutBody({ amount: '1250.01' }));
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(other.json).toMatchObject({ code: 'PAYOUT_E_IDEMPOTENCY_MISMATCH', status: 422 });
    expect(await payoutCount()).toBe(before);
    // the same body spelled differently is the same payout
    const respelled = await post(
      fx.keys.acme,
      'mismatch-1',
      payoutBody({
        amount: '1250',
        beneficiary: { accountNumber: 'DE89 3704 0044 0532 0130 00', scheme: 'iban', name: 'Ada Lovelace', bankCode: 'cobadeffxxx' },
      }),
    );
    expect(respelled.status).toBe(201);
    expect(respelled.json['id']).toBe(created.json['id']);
  });

  it('keys are per client: the same key at another client is another payout', async () => {
    const a = await post(fx.keys.acme, 'shared-key', payoutBody());
    const g = await post(fx.keys.globex, 'shared-key', payoutBody());
    expect(a.status).toBe(201);
    expect(g.status).toBe(201);
    expect(a.json['id']).not.toBe(g.json['id']);
  });
});

describe('GET /v1/payouts/{id} and GET /v1/payouts', () => {
  let acmeId: string;
  beforeAll(async () => {
    acmeId = (await post(fx.keys.acme, 'read-1', payoutBody())).json['id'] as string;
  });

  it('returns the payout with attempts and its event timeline', async () => {
    const res = await fx.app.inject({ method: 'GET', url: `/v1/payouts/${acmeId}`, headers: auth(fx.keys.acmeReader) });
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>>();
    expect(body).toMatchObject({ id: acmeId, status: 'accepted', nextAction: 'submit', attempts: [], version: 1 });
    expect(body['events']).toEqual([
      expect.objectContaining({ seq: 1, type: 'payout.accepted', toStatus: 'accepted', actor: 'api:acme-backend' }),
    ]);
    expect(res.body).not.toContain(IBAN.slice(4));
  });

  it("another client's key gets 404 (not 403), like a missing payout; ops sees it", async () => {
    const other = await fx.app.inject({ method: 'GET', url: `/v1/payouts/${acmeId}`, headers: auth(fx.keys.globex) });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'PAYOUT_E_NOT_FOUND' });
    const missing = await fx.app.inject({
      method: 'GET',
      url: '/v1/payouts/01900000-0000-7000-8000-000000000000',
      headers: auth(fx.keys.globex),
    });
    expect(missing.json()).toEqual({ ...other.json(), requestId: missing.json<{ requestId: string }>().requestId });
    const ops = await fx.app.inject({ method: 'GET', url: `/v1/payouts/${acmeId}`, headers: { 'x-api-key': fx.keys.ops } });
    expect(ops.statusCode).toBe(200);
    const globexList = await fx.app.inject({ method: 'GET', url: '/v1/payouts?limit=200', headers: auth(fx.keys.globex) });
    expect(globexList.json<{ items: { clientId: string }[] }>().items.every((p) => p.clientId === 'globex')).toBe(true);
    const sneaky = await fx.app.inject({ method: 'GET', url: '/v1/payouts?clientId=acme', headers: auth(fx.keys.globex) });
    expect(sneaky.statusCode).toBe(403);
  });

  it('lists with status, client and date filters and keyset pagination', async () => {
    for (let i = 0; i < 7; i++) await post(fx.keys.globex, `list-${i}`, payoutBody({ amount: `${i + 1}.00` }));
    const seen: string[] = [];
    let url = '/v1/payouts?limit=3&status=accepted,held&clientId=globex';
    for (;;) {
      const res = await fx.app.inject({ method: 'GET', url, headers: auth(fx.keys.ops) });
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: { id: string; clientId: string }[]; nextCursor: string | null }>();
      expect(page.items.every((p) => p.clientId === 'globex')).toBe(true);
      seen.push(...page.items.map((p) => p.id));
      if (page.nextCursor === null) break;
      url = `/v1/payouts?limit=3&status=accepted,held&clientId=globex&cursor=${page.nextCursor}`;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(BigInt(seen.length)).toBe(await payoutCount(sql`client_id = 'globex'`));
    // createdFrom compares with created_at, the database's stamp: a minute after its now is after every row.
    const future = encodeURIComponent(new Date((await databaseNow(fx.db)).getTime() + 60_000).toISOString());
    const none = await fx.app.inject({ method: 'GET', url: `/v1/payouts?createdFrom=${future}`, headers: auth(fx.keys.ops) });
    expect(none.json()).toEqual({ items: [], nextCursor: null });
    const bad = await fx.app.inject({ method: 'GET', url: '/v1/payouts?status=paid', headers: auth(fx.keys.ops) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'PAYOUT_E_VALIDATION' });
  });
});

describe('auth', () => {
  it('every route needs a valid key with the right scope', async () => {
    const none = await fx.app.inject({ method: 'GET', url: '/v1/payouts' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json()).toMatchObject({ code: 'PAYOUT_E_UNAUTHORIZED' });
    const wrong = await fx.app.inject({ method: 'GET', url: '/v1/payouts', headers: auth(`pwk_${'A'.repeat(43)}`) });
    expect(wrong.statusCode).toBe(401);
    const reader = await fx.app.inject({
      method: 'POST',
      url: '/v1/payouts',
      headers: { ...auth(fx.keys.acmeReader), 'idempotency-key': 'r-1' },
      payload: payoutBody(),
    });
    expect(reader.statusCode).toBe(403);
    expect(reader.json()).toMatchObject({ code: 'PAYOUT_E_FORBIDDEN' });
    const unknownRoute = await fx.app.inject({ method: 'GET', url: '/v2/anything', headers: auth(fx.keys.acme) });
    expect(unknownRoute.statusCode).toBe(404);
    expect(unknownRoute.json()).toMatchObject({ code: 'PAYOUT_E_NOT_FOUND' });
  });
});

describe('OpenAPI', () => {
  it('serves a 3.1 document generated from the route schemas', async () => {
    const res = await fx.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string; required?: boolean }[];
            requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> };
            responses: Record<string, unknown>;
          }
        >
      >;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/payouts', '/v1/payouts/{id}']));
    const create = doc.paths['/v1/payouts']!['post']!;
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header', required: true }));
    const schema = create.requestBody!.content['application/json']!.schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['amount', 'currency', 'beneficiary', 'fundingAccount']));
    expect(schema.required).toEqual(expect.arrayContaining(['amount', 'currency', 'beneficiary']));
    expect(schema.required).not.toContain('fundingAccount'); // optional: routing chooses (ADR 0017)
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '413', '415', '422']));
    expect(doc.paths['/v1/payouts']!['get']!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'clientId', 'createdFrom', 'createdTo', 'limit', 'cursor']),
    );
  });
});
