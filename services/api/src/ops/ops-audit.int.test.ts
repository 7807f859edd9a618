import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import { usePostgres, useRedis } from '@payout/test-harness/vitest';
import { appendAuditEntries } from '@payout/db';
import { BENEFICIARY_ACCOUNT, CN_DEBTOR, startOpsFixture, type KeyName, type OpsFixture } from './test-support/ops-fixture.ts';
import { acceptedPayout } from './test-support/seed-payouts.ts';
import { api, cli } from './test-support/ops-calls.ts';

const pg = usePostgres();
const redis = useRedis();
let fx: OpsFixture;

// An IBAN an operator wrote into statement evidence and into a reason: stored as written, never shown whole.
const IBAN = 'DE89370400440532013000';
const ACCOUNT_IN_REASON = '6222020200009876543';

interface Row {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly role: string | null;
  readonly action: string;
  readonly target: string;
  readonly reason: string | null;
  readonly outcome: string;
  readonly requestId: string | null;
  readonly before: unknown;
  readonly after: Record<string, unknown> | null;
}
interface Page {
  readonly items: Row[];
  readonly next: string | null;
}

async function read(
  key: KeyName | null,
  query: Record<string, string> = {},
): Promise<{ status: number; contentType: string; text: string; json: Record<string, unknown> }> {
  const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${fx.keys[key]}` };
  const res = await fetch(`${fx.baseUrl}/v1/ops/audit?${new URLSearchParams(query).toString()}`, { headers });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}

async function page(query: Record<string, string>): Promise<Page> {
  const r = await read('bob', query);
  expect(r.status, r.text).toBe(200);
  return r.json as unknown as Page;
}

/** Every row matching the filter, following `next` to the end. */
async function all(query: Record<string, string>): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const p: Page = await page({ ...query, limit: '500', ...(cursor === null ? {} : { cursor }) });
    rows.push(...p.items);
    cursor = p.next;
  } while (cursor !== null);
  return rows;
}

let payoutId: string;
let calendarPayout: string;

beforeAll(async () => {
  fx = await startOpsFixture({ databaseUrl: pg.url, redisUrl: redis.url, prefix: redis.prefix() });
  // Real ops actions and refusals, through the HTTP API.
  payoutId = (await acceptedPayout(fx.db)).id;
  calendarPayout = (await acceptedPayout(fx.db)).id;
  expect(
    (await api(fx, 'alice', 'POST', `/v1/ops/payouts/${payoutId}/cancel`, { reason: 'client asked to stop' }, 'audit-cancel')).status,
  ).toBe(200);
  expect((await api(fx, 'viewer', 'POST', `/v1/ops/payouts/${calendarPayout}/retry`, { reason: 'try' }, 'audit-viewer-retry')).status).toBe(
    403,
  );
  const evidence = [{ kind: 'statement', account: IBAN, date: '2026-12-01' }];
  expect(
    (
      await api(
        fx,
        'viewer',
        'POST',
        `/v1/ops/payouts/${calendarPayout}/force-resolve`,
        { target: 'succeeded', reason: `paid to ${ACCOUNT_IN_REASON}`, evidence },
        'audit-masked',
      )
    ).status,
  ).toBe(403);
  expect(
    (await api(fx, 'alice', 'POST', '/v1/ops/calendars/CN/years/2031', { reason: 'notice 2031', file: { nope: true } }, 'audit-calendar'))
      .status,
  ).toBe(422);
  expect(
    (await api(fx, 'alice', 'POST', `/v1/ops/payouts/${payoutId}/cancel`, { because: 'no reason field' }, 'audit-schema')).status,
  ).toBe(400);
});

afterAll(async () => {
  const leaks = fx?.logs.leaks({
    iban: IBAN,
    accountInReason: ACCOUNT_IN_REASON,
    beneficiary: BENEFICIARY_ACCOUNT,
    debtor: CN_DEBTOR,
    ...fx.keys,
  });
  await fx?.close();
  expect(leaks).toEqual([]);
});

describe('GET /v1/ops/audit — who may read it', () => {
  it('an approver reads it; a viewer and an operator are refused (403) and the refusal is in the log under ops.audit.read', async () => {
    expect((await read('bob')).status).toBe(200);
    for (const key of ['viewer', 'alice'] as const) {
      const r = await read(key);
      expect(r.status).toBe(403);
      expect(r.contentType).toContain('application/problem+json');
      expect(r.json).toMatchObject({ code: 'PAYOUT_E_FORBIDDEN' });
    }
    const refused = (await page({ action: 'ops.audit.read' })).items;
    expect(refused.map((x) => [x.actor, x.role, x.target, x.outcome])).toEqual([
      ['alice', 'operator', 'audit_log', 'refused'],
      ['victor', 'viewer', 'audit_log', 'refused'],
    ]);
    expect(refused[0]?.after).toMatchObject({ refused: 'PAYOUT_E_FORBIDDEN' });
  });

  it('a key without the ops scope is refused and audited under its actor, visible here; no key is 401', async () => {
    const requestId = `no-scope-${randomUUID()}`;
    const res = await fetch(`${fx.baseUrl}/v1/ops/audit`, {
      headers: { authorization: `Bearer ${fx.keys.reader}`, 'x-request-id': requestId },
    });
    expect(res.status).toBe(403);
    const rows = (await page({ actor: 'rita' })).items;
    expect(rows.find((x) => x.requestId === requestId)).toMatchObject({
      actor: 'rita',
      action: 'ops.access',
      target: 'route:GET /v1/ops/audit',
      outcome: 'refused',
      after: { refused: 'PAYOUT_E_FORBIDDEN' },
    });
    expect((await page({ action: 'ops.access', target: 'route:GET /v1/ops/audit' })).items.map((x) => x.requestId)).toContain(requestId);
    expect((await read(null)).status).toBe(401);
  });
});

describe('GET /v1/ops/audit — rows and filters', () => {
  it('shows real ops actions and refusals with every field', async () => {
    const rows = await all({});
    const cancel = rows.find((x) => x.requestId === 'audit-cancel');
    expect(cancel).toMatchObject({
      actor: 'alice',
      role: 'operator',
      action: 'ops.cancel',
      target: `payout:${payoutId}`,
      reason: 'client asked to stop',
      outcome: 'applied',
      before: { status: 'accepted' },
      after: { status: 'cancelled' },
    });
    expect(cancel?.id).toMatch(/^[1-9][0-9]*$/);
    expect(Number.isNaN(Date.parse(cancel?.at ?? ''))).toBe(false);
    expect(rows.find((x) => x.requestId === 'audit-viewer-retry')).toMatchObject({
      actor: 'victor',
      action: 'ops.retry',
      outcome: 'refused',
      after: { refused: 'PAYOUT_E_FORBIDDEN' },
    });
    expect(rows.find((x) => x.requestId === 'audit-calendar')).toMatchObject({
      actor: 'alice',
      action: 'ops.calendar.propose',
      target: 'calendar:CN:2031',
      outcome: 'refused',
    });
    expect(rows.find((x) => x.requestId === 'audit-schema')).toMatchObject({
      action: 'ops.request',
      target: `payout:${payoutId}`,
      outcome: 'refused',
      after: { refused: 'PAYOUT_E_VALIDATION' },
    });
    // Newest first, ids unique.
    const ids = rows.map((x) => BigInt(x.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('masks account numbers in before/after and reasons (stored as written; never shown whole)', async () => {
    const stored = await sql<{
      before: unknown;
      reason: string;
    }>`select before, reason from audit_log where request_id = 'audit-masked'`.execute(fx.db);
    expect(JSON.stringify(stored.rows)).toContain(IBAN);
    const r = await read('bob', { target: `payout:${calendarPayout}` });
    expect(r.text).not.toContain(IBAN);
    expect(r.text).not.toContain(ACCOUNT_IN_REASON);
    const row = (r.json as unknown as Page).items.find((x) => x.requestId === 'audit-masked');
    expect(row).toMatchObject({
      action: 'ops.force_resolve.propose',
      reason: 'paid to ****6543',
      before: { proposal: { evidence: [{ kind: 'statement', account: '****3000' }] } },
    });
    // Whole-log text: no full account number anywhere.
    const everything = JSON.stringify(await all({}));
    for (const secret of [IBAN, ACCOUNT_IN_REASON, BENEFICIARY_ACCOUNT, CN_DEBTOR]) expect(everything).not.toContain(secret);
  });

  it('each filter narrows to exactly the matching rows', async () => {
    const rows = await all({});
    const expectSame = async (query: Record<string, string>, keep: (x: Row) => boolean) => {
      const got = await all(query);
      expect(
        got.map((x) => x.id),
        JSON.stringify(query),
      ).toEqual(rows.filter(keep).map((x) => x.id));
      expect(got.length, JSON.stringify(query)).toBeGreaterThan(0);
    };
    await expectSame({ actor: 'victor' }, (x) => x.actor === 'victor');
    await expectSame({ action: 'ops.cancel' }, (x) => x.action === 'ops.cancel');
    await expectSame({ action: 'ops.calendar.*' }, (x) => x.action.startsWith('ops.calendar.'));
    await expectSame({ action: 'ops.c*' }, (x) => x.action.startsWith('ops.c'));
    await expectSame({ target: `payout:${payoutId}` }, (x) => x.target === `payout:${payoutId}`);
    await expectSame({ target: 'payout:*' }, (x) => x.target.startsWith('payout:'));
    await expectSame({ target: 'route:*' }, (x) => x.target.startsWith('route:'));
    await expectSame({ outcome: 'refused' }, (x) => x.outcome === 'refused');
    await expectSame({ outcome: 'applied,refused' }, (x) => x.outcome === 'applied' || x.outcome === 'refused');
    await expectSame(
      { actor: 'alice', outcome: 'refused', action: 'ops.*' },
      (x) => x.actor === 'alice' && x.outcome === 'refused' && x.action.startsWith('ops.'),
    );
    // LIKE's wildcards are literal in a prefix.
    expect(await all({ target: '%*' })).toEqual([]);
    expect(await all({ action: 'ops_cancel*' })).toEqual([]);
    expect(await all({ action: 'ops.cancel.' })).toEqual([]);

    // Time range: from inclusive, to exclusive, on the row's time.
    const times = [...new Set(rows.map((x) => x.at))].sort();
    const middle = times[Math.floor(times.length / 2)]!;
    await expectSame({ from: middle }, (x) => x.at >= middle);
    await expectSame({ to: middle }, (x) => x.at < middle);
    const last = times.at(-1)!;
    await expectSame({ from: times[0]!, to: new Date(Date.parse(last) + 1).toISOString() }, () => true);
    expect(await all({ from: new Date(Date.parse(last) + 1).toISOString() })).toEqual([]);
  });
});

describe('GET /v1/ops/audit — paging', () => {
  it('returns every row exactly once, newest first, while new rows are inserted between pages', async () => {
    const actor = `pager-${randomUUID()}`;
    const entry = (n: number, tag: string) => ({
      actor,
      role: 'operator',
      action: 'ops.retry',
      target: `payout:${tag}-${n}`,
      reason: `row ${n}`,
      requestId: `${tag}-${n}`,
      outcome: n % 3 === 0 ? 'refused' : 'applied',
    });
    for (let n = 0; n < 23; n++) await appendAuditEntries(fx.db, [entry(n, 'before')]);
    const expected = (await all({ actor })).map((x) => x.id);
    expect(expected).toHaveLength(23);

    for (const query of [{ actor }, {}]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const p: Page = await page({ ...query, limit: '5', ...(cursor === null ? {} : { cursor }) });
        expect(p.items.length).toBeLessThanOrEqual(5);
        seen.push(...p.items.map((x) => x.id));
        cursor = p.next;
        pages += 1;
        // Concurrent writers: rows appended between pages, directly and through the API.
        await appendAuditEntries(fx.db, [entry(pages, `during-${pages}`), entry(pages + 100, `during-${pages}`)]);
        expect((await api(fx, 'viewer', 'POST', `/v1/ops/payouts/${payoutId}/repoll`, { reason: 'look' })).status).toBe(403);
      } while (cursor !== null);
      expect(new Set(seen).size, 'no row twice').toBe(seen.length);
      const ids = seen.map(BigInt);
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
      for (const id of expected) expect(seen, 'every row that existed before paging').toContain(id);
    }
    // A full page ends with a cursor even when nothing is left, and that next page is empty.
    const exact = await page({ actor, action: 'ops.retry', target: 'payout:before-*', limit: '23' });
    expect(exact.items).toHaveLength(23);
    if (exact.next !== null) expect((await page({ actor, target: 'payout:before-*', cursor: exact.next })).items).toEqual([]);
    // Default and largest page sizes.
    expect((await page({ actor })).items).toHaveLength(50);
    expect((await page({ limit: '500' })).items.length).toBeLessThanOrEqual(500);
  });
});

describe('GET /v1/ops/audit — invalid filters', () => {
  it.each([
    [{ from: 'yesterday' }, 'from'],
    [{ to: '2026-12-01' }, 'to'],
    [{ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }, 'to'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ outcome: 'denied' }, 'outcome'],
    [{ outcome: 'refused,succeeded' }, 'outcome'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ cursor: Buffer.from('a1.-5').toString('base64url') }, 'cursor'],
    [{ action: '*' }, 'action'],
    [{ actor: '' }, 'actor'],
    [{ colour: 'red' }, ''],
  ])('%j → 400 problem+json PAYOUT_E_VALIDATION naming the field', async (query, field) => {
    const r = await read('bob', query);
    expect(r.status).toBe(400);
    expect(r.contentType).toContain('application/problem+json');
    expect(r.json).toMatchObject({ code: 'PAYOUT_E_VALIDATION', status: 400 });
    const errors = r.json['errors'] as { path: string }[];
    expect(errors[0]?.path).toBe(field);
    if (field !== '') expect(String(r.json['detail'])).toContain(field);
  });
});

describe('./dev payout ops audit', () => {
  it('prints the filtered log one row per line through the real CLI and API; a viewer is refused (exit 1)', async () => {
    const r = await cli(fx, 'bob', ['audit', '--actor', 'alice', '--action', 'ops.cancel', '--outcome', 'applied']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\S+  #[0-9]+  alice \\(operator\\)  ops\\.cancel  payout:${payoutId}  applied — "client asked to stop" \\[audit-cancel\\]$`,
      ),
    );
    const refused = await cli(fx, 'viewer', ['audit']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error [PAYOUT_E_FORBIDDEN]');
  });
});

describe('the audit log itself', () => {
  it('stays append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    const [row] = (await page({ limit: '1' })).items;
    const id = row!.id;
    await expect(sql`update audit_log set reason = 'rewritten' where id = ${id}::bigint`.execute(fx.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set outcome = 'applied' where outcome = 'refused'`.execute(fx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = ${id}::bigint`.execute(fx.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(fx.db)).rejects.toThrow(/append-only/);
    expect((await page({ limit: '1' })).items[0]).toEqual(row);
  });

  it('the filters can use the 0130 indexes (exact and prefix, whatever the collation)', async () => {
    const plans: Record<string, string> = {};
    const cases: [string, string, unknown[]][] = [
      ['actor', 'select * from audit_log where actor = $1 order by id desc limit 51', ['alice']],
      ['action prefix', 'select * from audit_log where action like $1 order by id desc limit 51', ['ops.calendar.%']],
      ['target prefix', 'select * from audit_log where target like $1 order by id desc limit 51', ['payout:%']],
      ['refusals', 'select * from audit_log where outcome in ($1) order by id desc limit 51', ['refused']],
      [
        'time',
        'select * from audit_log where created_at >= $1 and created_at < $2 order by id desc limit 51',
        ['2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z'],
      ],
    ];
    await fx.db.connection().execute(async (c) => {
      // The test table is small, so a sequential scan would win; forbid it to see what the indexes can serve.
      await sql`set enable_seqscan = off`.execute(c);
      for (const [name, text, params] of cases) {
        const r = await c.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${text}`, params));
        plans[name] = r.rows.map((x) => x['QUERY PLAN']).join('\n');
      }
      await sql`reset enable_seqscan`.execute(c);
    });
    expect(plans['actor']).toContain('audit_log_actor_id_idx');
    expect(plans['action prefix']).toContain('audit_log_action_id_idx');
    expect(plans['target prefix']).toContain('audit_log_target_id_idx');
    expect(plans['refusals']).toContain('audit_log_refusals_idx');
    expect(plans['time']).toContain('audit_log_created_at_idx');
  });

  it('is documented in the OpenAPI document with its filters', async () => {
    const doc = (await (await fetch(`${fx.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[]; responses?: Record<string, unknown> } }>;
    };
    const op = doc.paths['/v1/ops/audit']?.get;
    expect(op?.parameters?.map((p) => p.name).sort()).toEqual(['action', 'actor', 'cursor', 'from', 'limit', 'outcome', 'target', 'to']);
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  });
});
