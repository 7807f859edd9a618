import { isUtf8 } from 'node:buffer';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { ERROR_CODES, type ErrorCode } from '@payout/domain';
import { usePostgres, useRedis } from '@payout/test-harness/vitest';
import { payoutBody, startApiFixture, type ApiFixture } from '../test-support/api-fixture.ts';
import { httpBytes, rawRequest } from '../test-support/raw-http.ts';

// Property-based fuzzing of the real HTTP server (issue 23): a few thousand seeded requests,
// from almost right to not HTTP at all, over real sockets. For every one: no 5xx; every error
// is problem+json with a registered code whose status is the one sent; and a refused request
// wrote no row (payouts, events, outbox, attempts, intake rejections; the audit log only for an
// ops refusal, which is audited on purpose).

const SEED = 20_261_207;
const RUNS = Number(process.env['PAYOUT_FUZZ_RUNS'] ?? 3_000);

const pg = usePostgres();
const redis = useRedis();
let fx: ApiFixture;
let port: number;

beforeAll(async () => {
  fx = await startApiFixture({ databaseUrl: pg.url, redisUrl: redis.url, prefix: redis.prefix(), requestTimeoutMs: 5_000 });
  await fx.app.listen({ host: '127.0.0.1', port: 0 });
  port = (fx.app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await fx?.close();
});

interface Counts {
  readonly rows: string;
  readonly audit: number;
}

async function counts(): Promise<Counts> {
  const r = await sql<{ rows: string; audit: number }>`
    select concat_ws('/', (select count(*) from payouts), (select count(*) from payout_events), (select count(*) from outbox),
                     (select count(*) from payout_attempts), (select count(*) from intake_rejections)) as rows,
           (select count(*) from audit_log)::int as audit`.execute(fx.db);
  const row = r.rows[0];
  if (row === undefined) throw new Error('no counts');
  return row;
}

type KeyName = 'acme' | 'acmeReader' | 'globex' | 'ops';

const method = fc.constantFrom('GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'BREW');
const idChars = fc.string({ unit: fc.constantFrom(...'abcdef0123456789-_.~%ZzÄ'.split('')), maxLength: 300 });
const path = fc.oneof(
  fc.constant('/v1/payouts'),
  fc.uuid().map((u) => `/v1/payouts/${u}`),
  idChars.map((s) => `/v1/payouts/${s}`),
  fc
    .record({
      limit: fc.oneof(fc.integer({ min: -5, max: 2_000 }).map(String), fc.string({ maxLength: 8 })),
      status: fc.constantFrom('held', 'succeeded', 'bogus', ''),
    })
    .map((q) => `/v1/payouts?limit=${encodeURIComponent(q.limit)}&status=${q.status}`),
  fc.constantFrom(
    '/v1/ops/stuck',
    '/v1/ops/audit?limit=0',
    '/v1/ops/calendars',
    '/v1/liquidity/positions',
    '/openapi.json',
    '/healthz',
    '/',
    '/v2/payouts',
    '/v1/payouts/%zz',
    '/v1//payouts',
  ),
  fc.string({ maxLength: 40 }).map((s) => `/v1/${s}`),
);
const auth = fc.oneof(
  fc.constant<KeyName | 'none' | 'garbage'>('acme'),
  fc.constantFrom<KeyName | 'none' | 'garbage'>('acme', 'acmeReader', 'globex', 'ops', 'none', 'garbage'),
);
const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_:.'.split('')), minLength: 1, maxLength: 60 });
const idempotencyKey = fc.oneof(
  { weight: 4, arbitrary: printable.map((s) => `fz-${s}`) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(printable, fc.constantFrom('\r', '\n', '\u0000', '\t', '\u007f', '\u0001'), printable)
      .map(([a, c, b]) => `${a}${c}${b}`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 20_000 }).map((n) => 'k'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom('ключ', 'clé-é', ' ', '') },
);
const contentType = fc.oneof(
  { weight: 5, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      undefined,
      'application/json; charset=utf-8',
      'application/json; charset=iso-8859-1',
      'application/json; charset=windows-1252',
      'application/json;charset=UTF-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'application/json-patch+json',
      '*/*',
      'garbage',
    ),
  },
);
const badBytes = fc.constantFrom(
  Buffer.from([0xfc]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe4, 0xb8]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0x80]),
);
const fieldValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.json({ maxDepth: 2 }).map((j) => JSON.parse(j) as unknown),
);
const payoutish = fc
  .record(
    {
      amount: fc.oneof(fc.constantFrom('1.00', '0', '-1', '1e3', '12.345', '99999999999999999999.99', ''), fieldValue),
      currency: fc.oneof(fc.constantFrom('EUR', 'CNY', 'JPY', 'eur', 'XXX'), fieldValue),
      beneficiary: fc.oneof(
        fieldValue,
        fc.record({ name: fieldValue, scheme: fc.constantFrom('iban', 'cn_bank', 'us_aba', 'nope'), accountNumber: fieldValue }),
      ),
      remittanceInfo: fieldValue,
      railPreference: fc.constantFrom('sepa_ct', 'cn_hvps', 'teleport'),
      fundingAccount: fc.oneof(fc.constant(undefined), fc.constantFrom('nope', '', 'x'.repeat(80)), fieldValue),
      extra: fieldValue,
    },
    { requiredKeys: [] },
  )
  .map((over) => JSON.stringify(payoutBody({ fundingAccount: undefined, ...over })));
const body = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: payoutish.map((s) => Buffer.from(s, 'utf8')) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('name', 'remittanceInfo'), badBytes).map(([field, bad]) => {
      const text = JSON.stringify(
        payoutBody(
          field === 'name'
            ? { fundingAccount: undefined, beneficiary: { name: '@@', scheme: 'iban', accountNumber: 'DE89370400440532013000' } }
            : { fundingAccount: undefined, remittanceInfo: '@@' },
        ),
      );
      const at = text.indexOf('@@');
      return Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at + 2))]);
    }),
  },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((s) => Buffer.from(s, 'utf8')) },
  { weight: 1, arbitrary: payoutish.chain((s) => fc.nat({ max: s.length }).map((n) => Buffer.from(s.slice(0, n), 'utf8'))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) },
);
const extraHeaders = fc.oneof(
  { weight: 6, arbitrary: fc.constant<[string, string][]>([]) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<[string, string][]>(
      [
        ['Content-Length', '1'],
        ['Content-Length', '999'],
      ],
      [
        ['Transfer-Encoding', 'chunked'],
        ['Content-Length', '3'],
      ],
      [['X-Big', 'b'.repeat(40_000)]],
      [['X-Bad', 'a\u0000b']],
      [['Bad Name', 'x']],
      [['X-Request-Id', 'ok-id-1']],
      [['X-Request-Id', '\u00ff\u00fe']],
      [['Accept', 'text/html']],
    ),
  },
);

const request = fc.record({ method, path, auth, idempotencyKey, contentType, body, extraHeaders });
type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

function bytesOf(r: FuzzRequest): Buffer {
  const headers: [string, string][] = [];
  if (r.auth === 'garbage') headers.push(['Authorization', 'Bearer not-a-key']);
  else if (r.auth !== 'none') headers.push(['Authorization', `Bearer ${fx.keys[r.auth]}`]);
  if (r.idempotencyKey !== undefined) headers.push(['Idempotency-Key', r.idempotencyKey]);
  if (r.contentType !== undefined && r.body !== undefined) headers.push(['Content-Type', r.contentType]);
  headers.push(...r.extraHeaders);
  return httpBytes(r.method, r.path, headers, r.body);
}

describe('HTTP fuzz (seeded, property-based, real server)', () => {
  it(`${RUNS} requests: no 5xx, every error problem+json with a registered code, no row for a refusal`, { timeout: 900_000 }, async () => {
    const seen = new Map<string, number>();
    let before = await counts();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const res = await rawRequest(port, bytesOf(r));
        const after = await counts();
        expect(res.status, `${r.method} ${r.path.slice(0, 80)} → ${res.status} ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (r.method === 'POST' && r.body !== undefined && !isUtf8(r.body)) {
          // Never stored with U+FFFD in place of the bad bytes.
          expect(res.status, `invalid UTF-8 accepted: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        }
        if (res.status >= 400) {
          expect(res.headers['content-type'] ?? '').toMatch(/^application\/problem\+json/);
          if (r.method !== 'HEAD') {
            const p = JSON.parse(res.body) as { code: ErrorCode; status: number };
            expect(Object.keys(ERROR_CODES)).toContain(p.code);
            expect({ code: p.code, status: p.status }).toEqual({ code: p.code, status: ERROR_CODES[p.code].httpStatus });
            expect(p.status).toBe(res.status);
            seen.set(p.code, (seen.get(p.code) ?? 0) + 1);
          }
          expect(after.rows, `a refused request wrote rows: ${r.method} ${r.path.slice(0, 80)} ${res.status}`).toBe(before.rows);
          if (after.audit !== before.audit) {
            // Only an ops route refusing a key audits (who tried what), on purpose.
            expect([401, 403]).toContain(res.status);
            expect(r.path.startsWith('/v1/ops/')).toBe(true);
          }
        }
        before = after;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
    // The generators reach the edges they are meant to: the common refusals all occurred.
    for (const code of [
      'PAYOUT_E_VALIDATION',
      'PAYOUT_E_MALFORMED_REQUEST',
      'PAYOUT_E_INVALID_ENCODING',
      'PAYOUT_E_UNSUPPORTED_MEDIA_TYPE',
      'PAYOUT_E_NOT_FOUND',
      'PAYOUT_E_METHOD_NOT_ALLOWED',
      'PAYOUT_E_UNAUTHORIZED',
      'PAYOUT_E_HEADERS_TOO_LARGE',
    ] as const) {
      expect(seen.get(code) ?? 0, `${code} never produced: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    }
  });
});
