import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ERROR_CODES } from '@payout/domain';
import { usePostgres, useRedis } from '@payout/test-harness/vitest';
import { payoutBody, startApiFixture, type ApiFixture } from '../test-support/api-fixture.ts';
import { httpBytes, rawRequest, type RawResponse } from '../test-support/raw-http.ts';

// Each malformed request a new user might send (issue 23), over a real socket to the real
// server: every answer is problem+json with a registered code, and nothing is stored.

const pg = usePostgres();
const redis = useRedis();
let fx: ApiFixture;
let port: number;

beforeAll(async () => {
  fx = await startApiFixture({ databaseUrl: pg.url, redisUrl: redis.url, prefix: redis.prefix(), requestTimeoutMs: 1_500 });
  await fx.app.listen({ host: '127.0.0.1', port: 0 });
  port = (fx.app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await fx?.close();
});

async function stored(): Promise<string> {
  const r = await sql<Record<string, string>>`
    select (select count(*) from payouts)::text as payouts, (select count(*) from payout_events)::text as events,
           (select count(*) from outbox)::text as outbox, (select count(*) from intake_rejections)::text as rejections`.execute(fx.db);
  return JSON.stringify(r.rows[0]);
}

const auth = (): [string, string] => ['Authorization', `Bearer ${fx.keys.acme}`];
const json: [string, string] = ['Content-Type', 'application/json'];

function expectProblem(r: RawResponse, status: number, code: string): Record<string, unknown> {
  expect({ status: r.status, type: r.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  const body = JSON.parse(r.body) as Record<string, unknown>;
  expect(body['code']).toBe(code);
  expect(Object.keys(ERROR_CODES)).toContain(body['code']);
  expect(body['status']).toBe(status);
  expect(String(body['detail'])).not.toMatch(/FST_ERR|Client Error/);
  return body;
}

/** A payout body with `bad` bytes spliced into the JSON string value `"<marker>"`. */
function bodyWithBytes(marker: string, bad: Buffer, over: Record<string, unknown>): Buffer {
  const text = JSON.stringify(payoutBody(over));
  const at = text.indexOf(marker);
  return Buffer.concat([Buffer.from(text.slice(0, at), 'utf8'), bad, Buffer.from(text.slice(at + marker.length), 'utf8')]);
}

describe('the HTTP edges answer problem+json with registered codes and store nothing', () => {
  const cases: { name: string; bytes: () => Buffer; status: number; code: string }[] = [
    {
      name: 'bare CR in Idempotency-Key',
      bytes: () => httpBytes('POST', '/v1/payouts', [auth(), json, ['Idempotency-Key', 'k-1\rX']], JSON.stringify(payoutBody())),
      status: 400,
      code: 'PAYOUT_E_MALFORMED_REQUEST',
    },
    {
      name: 'bare LF in Idempotency-Key',
      bytes: () => httpBytes('POST', '/v1/payouts', [auth(), json, ['Idempotency-Key', 'k-2\nX']], JSON.stringify(payoutBody())),
      status: 400,
      code: 'PAYOUT_E_MALFORMED_REQUEST',
    },
    {
      name: 'NUL in Idempotency-Key',
      bytes: () => httpBytes('POST', '/v1/payouts', [auth(), json, ['Idempotency-Key', 'k-3\u0000X']], JSON.stringify(payoutBody())),
      status: 400,
      code: 'PAYOUT_E_MALFORMED_REQUEST',
    },
    {
      name: 'injected second Content-Length',
      bytes: () =>
        httpBytes(
          'POST',
          '/v1/payouts',
          [auth(), json, ['Idempotency-Key', 'k-4'], ['Content-Length', '2'], ['Content-Length', '200']],
          '{}',
        ),
      status: 400,
      code: 'PAYOUT_E_MALFORMED_REQUEST',
    },
    {
      name: 'Content-Length with Transfer-Encoding',
      bytes: () =>
        httpBytes(
          'POST',
          '/v1/payouts',
          [auth(), json, ['Idempotency-Key', 'k-5'], ['Content-Length', '2'], ['Transfer-Encoding', 'chunked']],
          '2\r\n{}\r\n0\r\n\r\n',
        ),
      status: 400,
      code: 'PAYOUT_E_MALFORMED_REQUEST',
    },
    {
      name: '64 KB header value',
      bytes: () =>
        httpBytes('POST', '/v1/payouts', [auth(), json, ['Idempotency-Key', 'k'.repeat(64 * 1024)]], JSON.stringify(payoutBody())),
      status: 431,
      code: 'PAYOUT_E_HEADERS_TOO_LARGE',
    },
    {
      name: '20 KB URL',
      bytes: () => httpBytes('GET', `/v1/payouts/${'a'.repeat(20 * 1024)}`, [auth()]),
      status: 431,
      code: 'PAYOUT_E_HEADERS_TOO_LARGE',
    },
    {
      name: 'over-long path id',
      bytes: () => httpBytes('GET', `/v1/payouts/${'a'.repeat(300)}`, [auth()]),
      status: 414,
      code: 'PAYOUT_E_URI_TOO_LONG',
    },
    {
      name: 'broken percent-encoding',
      bytes: () => httpBytes('GET', '/v1/payouts/%zz', [auth()]),
      status: 400,
      code: 'PAYOUT_E_MALFORMED_REQUEST',
    },
    { name: 'unknown route', bytes: () => httpBytes('GET', '/v1/nothing-here', [auth()]), status: 404, code: 'PAYOUT_E_NOT_FOUND' },
    {
      name: 'DELETE on the payouts collection',
      bytes: () => httpBytes('DELETE', '/v1/payouts', [auth()]),
      status: 405,
      code: 'PAYOUT_E_METHOD_NOT_ALLOWED',
    },
    {
      name: 'PUT on one payout',
      bytes: () => httpBytes('PUT', '/v1/payouts/3f1c2a9e-0000-4000-8000-000000000001', [auth(), json], '{}'),
      status: 405,
      code: 'PAYOUT_E_METHOD_NOT_ALLOWED',
    },
    {
      name: 'body over the limit',
      bytes: () =>
        httpBytes(
          'POST',
          '/v1/payouts',
          [auth(), json, ['Idempotency-Key', 'k-6']],
          JSON.stringify(payoutBody({ remittanceInfo: 'x'.repeat(70_000) })),
        ),
      status: 413,
      code: 'PAYOUT_E_PAYLOAD_TOO_LARGE',
    },
    {
      name: 'text/plain body',
      bytes: () =>
        httpBytes(
          'POST',
          '/v1/payouts',
          [auth(), ['Content-Type', 'text/plain'], ['Idempotency-Key', 'k-7']],
          JSON.stringify(payoutBody()),
        ),
      status: 415,
      code: 'PAYOUT_E_UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'charset iso-8859-1',
      bytes: () =>
        httpBytes(
          'POST',
          '/v1/payouts',
          [auth(), ['Content-Type', 'application/json; charset=iso-8859-1'], ['Idempotency-Key', 'k-8']],
          JSON.stringify(payoutBody()),
        ),
      status: 415,
      code: 'PAYOUT_E_UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'invalid UTF-8 in beneficiary.name',
      bytes: () =>
        httpBytes(
          'POST',
          '/v1/payouts',
          [auth(), json, ['Idempotency-Key', 'k-9']],
          bodyWithBytes('@@', Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]), {
            beneficiary: { name: '@@', scheme: 'iban', accountNumber: 'DE89370400440532013000' },
          }),
        ),
      status: 400,
      code: 'PAYOUT_E_INVALID_ENCODING',
    },
    {
      name: 'overlong UTF-8 in remittanceInfo',
      bytes: () =>
        httpBytes(
          'POST',
          '/v1/payouts',
          [auth(), json, ['Idempotency-Key', 'k-10']],
          bodyWithBytes('@@', Buffer.from([0x41, 0xc0, 0xaf]), { remittanceInfo: '@@' }),
        ),
      status: 400,
      code: 'PAYOUT_E_INVALID_ENCODING',
    },
    {
      name: 'not JSON at all',
      bytes: () => httpBytes('POST', '/v1/payouts', [auth(), json, ['Idempotency-Key', 'k-11']], '{"amount": '),
      status: 400,
      code: 'PAYOUT_E_VALIDATION',
    },
    { name: 'not HTTP at all', bytes: () => Buffer.from('HELLO THERE\r\n\r\n', 'latin1'), status: 400, code: 'PAYOUT_E_MALFORMED_REQUEST' },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await stored();
      expectProblem(await rawRequest(port, c.bytes()), c.status, c.code);
      expect(await stored()).toBe(before);
    });
  }

  it('names the field that holds invalid UTF-8 and the first bad byte', async () => {
    const body = bodyWithBytes('@@', Buffer.from([0xe4, 0xb8]), {
      remittanceInfo: 'ok',
      beneficiary: { name: '@@', scheme: 'iban', accountNumber: 'DE89370400440532013000' },
    });
    const p = expectProblem(
      await rawRequest(port, httpBytes('POST', '/v1/payouts', [auth(), json, ['Idempotency-Key', 'k-12']], body)),
      400,
      'PAYOUT_E_INVALID_ENCODING',
    );
    const offset = body.indexOf(Buffer.from([0xe4, 0xb8]));
    expect(p['errors']).toEqual([{ path: 'beneficiary.name', code: 'invalid_utf8', message: `byte ${offset} is not valid UTF-8` }]);
  });

  it('405 lists the allowed methods', async () => {
    const r = await rawRequest(port, httpBytes('DELETE', '/v1/payouts', [auth()]));
    expect(r.headers['allow']).toBe('GET, HEAD, POST');
  });

  it('a request whose body never finishes gets 408', async () => {
    const head = httpBytes('POST', '/v1/payouts', [auth(), json, ['Idempotency-Key', 'k-13'], ['Content-Length', '500']]);
    expectProblem(await rawRequest(port, Buffer.concat([head, Buffer.from('{"amount":')])), 408, 'PAYOUT_E_REQUEST_TIMEOUT');
  });

  it('UTF-8 with and without the charset parameter is accepted, names intact', async () => {
    for (const [ct, key] of [
      ['application/json; charset=utf-8', 'k-14'],
      ['application/json; charset="UTF-8"', 'k-15'],
      ['application/json', 'k-16'],
    ] as const) {
      const r = await rawRequest(
        port,
        httpBytes(
          'POST',
          '/v1/payouts',
          [auth(), ['Content-Type', ct], ['Idempotency-Key', key]],
          JSON.stringify(
            payoutBody({
              fundingAccount: undefined,
              beneficiary: { name: 'Zoë Müller 张三', scheme: 'iban', accountNumber: 'DE89370400440532013000' },
            }),
          ),
        ),
      );
      expect(r.status, r.body).toBe(201);
    }
    const names = await sql<{ name: string }>`select beneficiary->>'name' as name from payouts`.execute(fx.db);
    expect(names.rows.map((r) => r.name)).toEqual(['Zoë Müller 张三', 'Zoë Müller 张三', 'Zoë Müller 张三']);
  });
});
