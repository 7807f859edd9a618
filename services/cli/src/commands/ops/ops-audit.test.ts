import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli-io.ts';
import { createOpsCommand } from '../ops.command.ts';
import { formatAuditRow } from './ops-audit.ts';

function fakeApi(body: unknown, status = 200) {
  const urls: string[] = [];
  const command = createOpsCommand({
    fetch: async (url) => {
      urls.push(url);
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
      });
    },
  });
  return { urls, command };
}

async function run(command: ReturnType<typeof createOpsCommand>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    env: { PAYOUT_API_KEY: 'pk_test_key', PAYOUT_API_URL: 'http://api.test' },
  };
  const code = await command(argv, io);
  return { code, out, err: err.join('\n') };
}

const ROWS = {
  items: [
    {
      id: '42',
      at: '2026-12-01T10:00:00.000Z',
      actor: 'rita',
      role: 'viewer',
      action: 'ops.access',
      target: 'route:GET /v1/ops/audit',
      reason: null,
      outcome: 'refused',
      requestId: 'req-2',
      before: null,
      after: { refused: 'PAYOUT_E_FORBIDDEN', message: "rita's key lacks the ops scope" },
    },
    {
      id: '41',
      at: '2026-12-01T09:59:00.000Z',
      actor: 'alice',
      role: 'operator',
      action: 'ops.retry',
      target: 'payout:p1',
      reason: 'bank said\nAB05 is over',
      outcome: 'applied',
      requestId: 'req-1',
      before: { status: 'failed' },
      after: { status: 'accepted' },
    },
  ],
  next: 'YTEuNDE',
};

describe('payout ops audit', () => {
  it('sends every filter as a query parameter and prints one row per line, then the cursor', async () => {
    const { urls, command } = fakeApi(ROWS);
    const r = await run(command, [
      'audit',
      '--actor',
      'alice',
      '--action',
      'ops.calendar.*',
      '--target=payout:p1',
      '--from',
      '2026-12-01T00:00:00Z',
      '--to',
      '2026-12-02T00:00:00+01:00',
      '--outcome',
      'refused,error',
      '--limit',
      '2',
      '--cursor',
      'abc',
    ]);
    expect(r.code).toBe(0);
    const u = new URL(urls[0] ?? '');
    expect(u.pathname).toBe('/v1/ops/audit');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      actor: 'alice',
      action: 'ops.calendar.*',
      target: 'payout:p1',
      from: '2026-12-01T00:00:00Z',
      to: '2026-12-02T00:00:00+01:00',
      outcome: 'refused,error',
      limit: '2',
      cursor: 'abc',
    });
    expect(r.out).toEqual([
      '2026-12-01T10:00:00.000Z  #42  rita (viewer)  ops.access  route:GET /v1/ops/audit  refused PAYOUT_E_FORBIDDEN [req-2]',
      '2026-12-01T09:59:00.000Z  #41  alice (operator)  ops.retry  payout:p1  applied — "bank said\\nAB05 is over" [req-1]',
      'more: --cursor YTEuNDE',
    ]);
  });

  it('sends no parameters when no filter is given; --json prints the answer as it came', async () => {
    const { urls, command } = fakeApi({ items: [], next: null });
    const r = await run(command, ['audit', '--json']);
    expect(urls).toEqual(['http://api.test/v1/ops/audit']);
    expect(JSON.parse(r.out.join('\n'))).toEqual({ items: [], next: null });
    expect((await run(command, ['audit'])).out).toEqual(['no audit rows match']);
  });

  it.each([
    [['audit', '--limit', '0'], '--limit must be a whole number from 1 to 500'],
    [['audit', '--limit', '501'], '--limit must be a whole number from 1 to 500'],
    [['audit', '--from', 'yesterday'], '--from must be an ISO instant'],
    [['audit', '--to', '2026-12-01'], '--to must be an ISO instant'],
    [['audit', '--actor', 'a', '--actor', 'b'], '--actor given more than once'],
    [['audit', 'alice'], 'unexpected argument alice'],
  ])('refuses %j before calling the API (exit 2)', async (argv, message) => {
    const { urls, command } = fakeApi(ROWS);
    const r = await run(command, argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(urls).toEqual([]);
  });

  it('shows a refusal from the API with its code (exit 1)', async () => {
    const { command } = fakeApi(
      { code: 'PAYOUT_E_FORBIDDEN', detail: 'victor has role viewer; reading the audit log needs approver', requestId: 'r-9' },
      403,
    );
    const r = await run(command, ['audit']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^error \[PAYOUT_E_FORBIDDEN\]: victor has role viewer; reading the audit log needs approver — .* \(request r-9\)$/,
    );
  });

  it('--help lists the audit command and its flags', async () => {
    const { command } = fakeApi(ROWS);
    const r = await run(command, ['audit', '--help']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain(
      'audit [--actor A] [--action X] [--target T] [--from ISO] [--to ISO] [--outcome O[,O]] [--limit N] [--cursor C]',
    );
  });

  it('keeps a row on one line whatever its fields hold', () => {
    expect(
      formatAuditRow({
        id: '1',
        at: 'T',
        actor: 'svc',
        role: null,
        action: 'liquidity.funding_sent',
        target: 'funding_transfer:T-1\nx',
        reason: null,
        outcome: 'recorded',
        requestId: null,
      }),
    ).toBe('T  #1  svc  liquidity.funding_sent  funding_transfer:T-1 x  recorded');
  });
});
