import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { usePostgres, useRedis } from '@payout/test-harness/vitest';
import { deactivateFundingAccount, saveFundingAccounts } from '@payout/db/ledger';
import { IBAN, payoutBody, startApiFixture, type ApiFixture } from '../test-support/api-fixture.ts';

// `fundingAccount` is checked against treasury's funding-account configuration (issue 23, ADR 0017).
const pg = usePostgres();
const redis = useRedis();
let fx: ApiFixture;

beforeAll(async () => {
  fx = await startApiFixture({ databaseUrl: pg.url, redisUrl: redis.url, prefix: redis.prefix() });
  await saveFundingAccounts(
    fx.db,
    [
      { id: 'eu-ops', currency: 'EUR', rail: 'EU_SEPA_SCT', internalCutoff: '15:00', fundingSource: 'eu-treasury' },
      { id: 'eu-old', currency: 'EUR', rail: 'EU_SEPA_SCT', internalCutoff: '15:00', fundingSource: 'eu-treasury' },
      { id: 'eu-later', currency: 'EUR', rail: 'EU_SEPA_SCT', internalCutoff: '15:00', fundingSource: 'eu-treasury' },
      { id: 'cn-ops', currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury' },
    ],
    { actor: 'test:treasury' },
  );
  await deactivateFundingAccount(fx.db, 'eu-old', { actor: 'test:treasury' });
});

afterAll(async () => {
  const leaks = fx?.logs.leaks({ iban: IBAN, ibanTail: IBAN.slice(4), ...fx.keys });
  await fx?.close();
  expect(leaks).toEqual([]);
});

async function post(idempotencyKey: string, body: unknown): Promise<{ status: number; json: Record<string, unknown>; replayed: boolean }> {
  const res = await fx.app.inject({
    method: 'POST',
    url: '/v1/payouts',
    headers: { authorization: `Bearer ${fx.keys.acme}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, json: res.json(), replayed: res.headers['idempotent-replayed'] === 'true' };
}

async function rowCounts(): Promise<{ payouts: bigint; events: bigint; outbox: bigint }> {
  const r = await sql<{ payouts: bigint; events: bigint; outbox: bigint }>`
    select (select count(*) from payouts) as payouts, (select count(*) from payout_events) as events, (select count(*) from outbox) as outbox
  `.execute(fx.db);
  return r.rows[0]!;
}

async function storedAccount(id: string): Promise<string | null> {
  const r = await sql<{ funding_account: string | null }>`select funding_account from payouts where id = ${id}`.execute(fx.db);
  return r.rows[0]!.funding_account;
}

describe('POST /v1/payouts fundingAccount', () => {
  it.each([
    ['an account treasury never configured', 'eu-nowhere', 'PAYOUT_E_UNKNOWN_FUNDING_ACCOUNT', 'not configured'],
    ['a deactivated account', 'eu-old', 'PAYOUT_E_UNKNOWN_FUNDING_ACCOUNT', 'not active'],
    ['an account in another currency', 'cn-ops', 'PAYOUT_E_CURRENCY_MISMATCH', 'holds CNY, not EUR'],
  ])('refuses %s with 422 naming the field, and stores nothing', async (_name, account, code, says) => {
    const before = await rowCounts();
    const res = await post(`ref-${account}`, payoutBody({ fundingAccount: account }));
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ code, status: 422 });
    expect(res.json['errors']).toEqual([{ path: 'fundingAccount', code, message: expect.stringContaining(says) as unknown }]);
    expect(await rowCounts()).toEqual(before);
    // a retry with the key fixed is a new request, accepted
    expect((await post(`ref-${account}`, payoutBody())).status).toBe(201);
  });

  it('accepts an active account of the payout currency, stores it and shows it', async () => {
    const res = await post('ref-valid', payoutBody({ fundingAccount: 'eu-ops' }));
    expect(res.status).toBe(201);
    expect(res.json['fundingAccount']).toBe('eu-ops');
    const id = res.json['id'] as string;
    expect(await storedAccount(id)).toBe('eu-ops');
    const got = await fx.app.inject({ method: 'GET', url: `/v1/payouts/${id}`, headers: { authorization: `Bearer ${fx.keys.acme}` } });
    expect(got.json()).toMatchObject({ id, fundingAccount: 'eu-ops' });
  });

  it('accepts a payout without one (routing chooses): stored and shown as null', async () => {
    const res = await post('ref-absent', payoutBody());
    expect(res.status).toBe(201);
    expect(res.json['fundingAccount']).toBeNull();
    const id = res.json['id'] as string;
    expect(await storedAccount(id)).toBeNull();
    const got = await fx.app.inject({ method: 'GET', url: `/v1/payouts/${id}`, headers: { authorization: `Bearer ${fx.keys.acme}` } });
    expect(got.json()).toMatchObject({ id, fundingAccount: null });
    // null is the same request as leaving it out
    const replay = await post('ref-absent', payoutBody({ fundingAccount: null }));
    expect(replay).toMatchObject({ status: 201, replayed: true });
  });

  it('treats the same body with and without the field as different requests under one key', async () => {
    expect((await post('ref-fp', payoutBody())).status).toBe(201);
    const named = await post('ref-fp', payoutBody({ fundingAccount: 'eu-ops' }));
    expect(named.status).toBe(422);
    expect(named.json['code']).toBe('PAYOUT_E_IDEMPOTENCY_MISMATCH');
  });

  it('replays a payout accepted before its account was deactivated with the original answer', async () => {
    const first = await post('ref-later', payoutBody({ fundingAccount: 'eu-later' }));
    expect(first.status).toBe(201);
    await deactivateFundingAccount(fx.db, 'eu-later', { actor: 'test:treasury' });
    const replay = await post('ref-later', payoutBody({ fundingAccount: 'eu-later' }));
    expect(replay).toMatchObject({ status: 201, replayed: true });
    expect(replay.json['id']).toBe(first.json['id']);
    const fresh = await post('ref-later-2', payoutBody({ fundingAccount: 'eu-later' }));
    expect(fresh.json['code']).toBe('PAYOUT_E_UNKNOWN_FUNDING_ACCOUNT');
  });

  it('answers each item of one intake batch for itself', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) =>
      i % 4 === 0
        ? payoutBody({ fundingAccount: 'eu-nowhere', amount: `${i + 1}.00` })
        : payoutBody({ fundingAccount: i % 2 ? 'eu-ops' : null, amount: `${i + 1}.00` }),
    );
    const answers = await Promise.all(bodies.map((b, i) => post(`ref-batch-${i}`, b)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map((_, i) => (i % 4 === 0 ? 422 : 201)));
  });
});
