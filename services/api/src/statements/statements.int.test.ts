import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres, useRedis } from '@payout/test-harness/vitest';
import { writeMt940 } from '@payout/statements';
import { startApiFixture, type ApiFixture } from '../test-support/api-fixture.ts';

const pg = usePostgres();
const redis = useRedis();
let f: ApiFixture;

beforeAll(async () => {
  f = await startApiFixture({ databaseUrl: pg.url, redisUrl: redis.url, prefix: redis.prefix() });
});
afterAll(async () => {
  await f?.close();
});

const mt940 = (seq: number, amounts: bigint[]): string => {
  const date = `2026-03-1${seq}`;
  const opening = 1_000_000n;
  const closing = amounts.reduce((b, a) => b - a, opening);
  return [
    ...writeMt940(
      {
        messageId: `M${seq}`,
        statementId: `API${seq}`,
        account: { id: 'NL91ABNA0417164300', scheme: 'iban' },
        currency: 'EUR',
        sequence: String(seq),
        creationDateTime: `${date}T20:00:00Z`,
        openingBalance: { amountMinor: opening, date },
        closingBalance: { amountMinor: closing, date },
      },
      amounts.map((a, i) => ({
        amountMinor: a,
        direction: 'debit' as const,
        bookingDate: date,
        valueDate: date,
        endToEndId: `API-${seq}-${i}`,
        bankReference: `R${seq}${i}`,
      })),
    ),
  ].join('');
};

async function counts(): Promise<string> {
  const r = await sql<{
    s: string;
  }>`select (select count(*) from statement_files) || '/' || (select count(*) from bank_statements) || '/' || (select count(*) from statement_lines) as s`.execute(
    f.db,
  );
  return r.rows[0]?.s ?? '';
}

const post = (body: string, query: string, key: string, type = 'text/plain') =>
  f.app.inject({
    method: 'POST',
    url: `/v1/statements?${query}`,
    headers: { authorization: `Bearer ${key}`, 'content-type': type },
    payload: body,
  });

describe('POST /v1/statements', () => {
  it('stores an MT940 file once; the same file again answers duplicate_file and changes nothing', async () => {
    const text = mt940(1, [500n, 700n]);
    const first = await post(text, 'bank=eu-bank', f.keys.ops);
    expect(first.statusCode).toBe(201);
    const body = first.json<{ kind: string; lineCount: number; statements: { account: string; chainStatus: string }[] }>();
    expect(body).toMatchObject({ kind: 'ingested', lineCount: 2, statements: [{ chainStatus: 'first' }] });
    expect(body.statements[0]?.account).not.toContain('0417164300');
    const before = await counts();
    const again = await post(text, 'bank=eu-bank&format=mt940', f.keys.ops);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ kind: 'duplicate_file' });
    expect(await counts()).toBe(before);
  });

  it('a malformed file is a 422 problem naming the place, and nothing is stored', async () => {
    const before = await counts();
    const bad = mt940(2, [100n]).replace(':62F:C', ':62F:X');
    const r = await post(bad, 'bank=eu-bank', f.keys.ops);
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.json<{ code: string; detail: string }>()).toMatchObject({
      code: 'PAYOUT_E_STATEMENT_MALFORMED',
      detail: expect.stringMatching(/line \d+/) as unknown,
    });
    expect(await counts()).toBe(before);
  });

  it('needs the ops scope, a bank and a body', async () => {
    expect((await post(mt940(3, [1n]), 'bank=eu-bank', f.keys.acme)).statusCode).toBe(403);
    expect((await post(mt940(3, [1n]), 'format=mt940', f.keys.ops)).statusCode).toBe(400);
    expect((await post('', 'bank=eu-bank', f.keys.ops)).statusCode).toBe(400);
  });

  it('lists exceptions for ops', async () => {
    const r = await f.app.inject({
      method: 'GET',
      url: '/v1/statements/exceptions?bank=eu-bank',
      headers: { authorization: `Bearer ${f.keys.ops}` },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ exceptions: [] });
  });
});
