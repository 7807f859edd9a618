import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { usePostgres } from '@payout/test-harness/vitest';
import {
  acceptPayouts,
  claimOverduePayouts,
  createApiClient,
  createDb,
  createIntakeWriter,
  databaseNow,
  findPrincipalByKey,
  getPayoutDetail,
  issueApiKey,
  listPayouts,
  migrateToLatest,
  recordIntakeRejections,
  revokeApiKey,
  uuidv7,
  type Db,
} from './index.ts';
import { newPayoutFixture } from './test-support/new-payout.fixture.ts';

const pgDb = usePostgres();
let db: Db;

beforeAll(async () => {
  db = createDb({ url: pgDb.url, maxConnections: 6 });
  const applied = await migrateToLatest(db);
  expect(applied).toContain('0001_initial_schema');
  expect(await migrateToLatest(db)).toEqual([]);
  await createApiClient(db, { id: 'acme' });
  await createApiClient(db, { id: 'globex' });
});

afterAll(async () => {
  await db?.destroy();
});

async function counts(): Promise<{ payouts: bigint; events: bigint; outbox: bigint; attempts: bigint; rejections: bigint }> {
  const r = await sql<{ payouts: bigint; events: bigint; outbox: bigint; attempts: bigint; rejections: bigint }>`
    select (select count(*) from payouts) as payouts, (select count(*) from payout_events) as events,
           (select count(*) from outbox) as outbox, (select count(*) from payout_attempts) as attempts,
           (select count(*) from intake_rejections) as rejections`.execute(db);
  return r.rows[0]!;
}

describe('schema', () => {
  it('parses int8 as bigint', async () => {
    const r = await sql<{ big: bigint; n: bigint }>`select 9007199254740993::bigint as big, count(*) as n from payouts`.execute(db);
    expect(r.rows[0]!.big).toBe(9_007_199_254_740_993n);
    expect(typeof r.rows[0]!.n).toBe('bigint');
  });
});

describe('acceptPayouts', () => {
  it('creates once per (client, key) with its first event and outbox row; replays and mismatches write nothing', async () => {
    const a = newPayoutFixture({ clientId: 'acme', idempotencyKey: 'k-1' });
    const [first] = await acceptPayouts(db, [a]);
    expect(first?.kind).toBe('created');
    if (first?.kind !== 'created') return;
    expect(first.payout).toMatchObject({ status: 'accepted', nextAction: 'submit', amountMinor: 12_345n, version: 1 });

    const before = await counts();
    const [again, other, sameKeyOtherClient] = await acceptPayouts(db, [
      a,
      newPayoutFixture({ clientId: 'acme', idempotencyKey: 'k-1', amountMinor: 999n }),
      newPayoutFixture({ clientId: 'globex', idempotencyKey: 'k-1' }),
    ]);
    expect(again).toEqual({ kind: 'existing', payout: first.payout });
    expect(other).toEqual({ kind: 'mismatch', payoutId: first.payout.id });
    expect(sameKeyOtherClient?.kind).toBe('created');
    const after = await counts();
    expect(after.payouts - before.payouts).toBe(1n);

    const detail = await getPayoutDetail(db, first.payout.id);
    expect(detail?.events.map((e) => [e.seq, e.type, e.toStatus])).toEqual([[1, 'payout.accepted', 'accepted']]);
    const outbox = await db.selectFrom('outbox').selectAll().where('payout_id', '=', first.payout.id).execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.payload).toMatchObject({ type: 'payout.accepted', payoutId: first.payout.id, amountMinor: '12345', currency: 'EUR' });
    expect(JSON.stringify(outbox[0]!.payload)).not.toContain('0532013000');
  });

  it('answers duplicates inside one batch exactly and refuses unknown clients', async () => {
    const p = newPayoutFixture({ clientId: 'acme', idempotencyKey: 'dup' });
    const out = await acceptPayouts(db, [
      p,
      p,
      newPayoutFixture({ clientId: 'acme', idempotencyKey: 'dup', amountMinor: 1n }),
      newPayoutFixture({ clientId: 'nobody', idempotencyKey: 'x' }),
    ]);
    expect(out.map((o) => o.kind)).toEqual(['created', 'existing', 'mismatch', 'client_unknown']);
    const ids = new Set(
      out.flatMap((o) => (o.kind === 'created' || o.kind === 'existing' ? [o.payout.id] : o.kind === 'mismatch' ? [o.payoutId] : [])),
    );
    expect(ids.size).toBe(1);
  });

  it('concurrent writers with overlapping keys create each payout once and never deadlock', async () => {
    const writer = createIntakeWriter({ db, maxBatchSize: 50, maxConcurrent: 4 });
    const keys = Array.from({ length: 300 }, (_, i) => `race-${i % 100}`);
    const results = await Promise.all(keys.map((k) => writer.accept(newPayoutFixture({ clientId: 'acme', idempotencyKey: k }))));
    await writer.close();
    expect(results.filter((r) => r.kind === 'created')).toHaveLength(100);
    expect(results.every((r) => r.kind === 'created' || r.kind === 'existing')).toBe(true);
    const n = await sql<{ n: bigint }>`select count(*) as n from payouts where idempotency_key like 'race-%'`.execute(db);
    expect(n.rows[0]!.n).toBe(100n);
  });
});

describe('database-enforced invariants', () => {
  let payoutId: string;
  beforeAll(async () => {
    const [r] = await acceptPayouts(db, [newPayoutFixture({ clientId: 'acme', idempotencyKey: 'inv' })]);
    if (r?.kind !== 'created') throw new Error('setup failed');
    payoutId = r.payout.id;
    await sql`insert into audit_log (actor, role, action, target, outcome) values ('ops:alice', 'operator', 'note', ${`payout:${payoutId}`}, 'ok')`.execute(
      db,
    );
  });

  it('refuses UPDATE, DELETE and TRUNCATE on payout_events and audit_log', async () => {
    await expect(sql`update payout_events set type = 'x' where payout_id = ${payoutId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from payout_events where payout_id = ${payoutId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set reason = 'rewritten'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate payout_events cascade`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const still = await sql<{ n: bigint }>`select count(*) as n from audit_log`.execute(db);
    expect(still.rows[0]!.n).toBe(1n);
  });

  it('allows one live attempt per payout, and a new one only after the earlier failed', async () => {
    const insert = (no: number, state: string, e2e: string) =>
      sql`insert into payout_attempts (id, payout_id, attempt_no, channel_id, end_to_end_id, state)
          values (${uuidv7()}, ${payoutId}, ${no}, 'sim-1', ${e2e}, ${state})`.execute(db);
    await insert(1, 'sending', 'E2E-INV-1');
    await expect(insert(2, 'sending', 'E2E-INV-2')).rejects.toThrow(/payout_attempts_one_live_idx/);
    await expect(insert(2, 'unknown', 'E2E-INV-2')).rejects.toThrow(/payout_attempts_one_live_idx/);
    await sql`update payout_attempts set state = 'failed' where payout_id = ${payoutId}`.execute(db);
    await insert(2, 'sending', 'E2E-INV-2');
    await expect(
      sql`update payout_attempts set state = 'pending' where payout_id = ${payoutId} and attempt_no = 1`.execute(db),
    ).rejects.toThrow(/payout_attempts_one_live_idx/);
    // the end-to-end id is unique and at most 35 characters
    await sql`update payout_attempts set state = 'failed' where payout_id = ${payoutId}`.execute(db);
    await expect(insert(3, 'failed', 'E2E-INV-1')).rejects.toThrow(/payout_attempts_end_to_end_id/);
    await expect(insert(3, 'failed', 'X'.repeat(36))).rejects.toThrow(/value too long|check/);
  });

  it('keeps amounts positive bigint and statuses in the domain set', async () => {
    await expect(sql`update payouts set amount_minor = 0 where id = ${payoutId}`.execute(db)).rejects.toThrow(/check constraint/);
    await expect(sql`update payouts set amount_minor = -5 where id = ${payoutId}`.execute(db)).rejects.toThrow(/check constraint/);
    await expect(sql`update payouts set status = 'paid' where id = ${payoutId}`.execute(db)).rejects.toThrow(/check constraint/);
    await expect(sql`update payouts set next_action = 'submit', next_action_at = null where id = ${payoutId}`.execute(db)).rejects.toThrow(
      /payouts_next_action_has_time/,
    );
    const [r] = await acceptPayouts(db, [newPayoutFixture({ clientId: 'acme', idempotencyKey: 'zero', amountMinor: 0n })]).catch(
      (e: unknown) => [e],
    );
    expect(String(r)).toMatch(/check constraint/);
  });
});

describe('reads', () => {
  it('lists newest first with keyset pagination, filters, and client scoping', async () => {
    await createApiClient(db, { id: 'pager' });
    const made = await acceptPayouts(
      db,
      Array.from({ length: 25 }, (_, i) => newPayoutFixture({ clientId: 'pager', idempotencyKey: `p-${i}` })),
    );
    const ids = made.map((m) => (m.kind === 'created' ? m.payout.id : ''));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await listPayouts(db, { clientId: 'pager', limit: 7, cursor });
      if (!page.ok) throw new Error('bad cursor');
      seen.push(...page.items.map((p) => p.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(await listPayouts(db, { clientId: 'pager', limit: 5, cursor: 'garbage' })).toEqual({ ok: false, reason: 'bad_cursor' });
    const none = await listPayouts(db, { clientId: 'pager', limit: 5, statuses: ['succeeded'] });
    expect(none.ok && none.items).toEqual([]);
    // created_at is the database's stamp: an hour after the database's now is after every row.
    const future = await listPayouts(db, {
      clientId: 'pager',
      limit: 5,
      createdFrom: new Date((await databaseNow(db)).getTime() + 3_600_000),
    });
    expect(future.ok && future.items).toEqual([]);
    expect(await getPayoutDetail(db, ids[0]!, { clientId: 'acme' })).toBeUndefined();
    expect((await getPayoutDetail(db, ids[0]!, { clientId: 'pager' }))?.payout.id).toBe(ids[0]);
  });
});

describe('claimOverduePayouts', () => {
  it('gives concurrent sweepers disjoint sets and re-marks what it claimed', async () => {
    await createApiClient(db, { id: 'sweep' });
    await acceptPayouts(
      db,
      Array.from({ length: 40 }, (_, i) => newPayoutFixture({ clientId: 'sweep', idempotencyKey: `s-${i}` })),
    );
    await sql`update payouts set next_action_at = now() - interval '1 hour' where client_id = 'sweep'`.execute(db);
    const cutoff = new Date((await databaseNow(db)).getTime() - 60_000);
    let releaseFirst!: () => void;
    const held = new Promise<void>((r) => (releaseFirst = r));
    let firstClaim: string[] = [];
    const first = db.transaction().execute(async (trx) => {
      firstClaim = (await claimOverduePayouts(trx, { dueBefore: cutoff, limit: 25 })).map((r) => r.payoutId);
      await held;
    });
    // wait until the first transaction holds its rows
    while (firstClaim.length === 0) await new Promise((r) => setTimeout(r, 5));
    const second = await db.transaction().execute((trx) => claimOverduePayouts(trx, { dueBefore: cutoff, limit: 100 }));
    releaseFirst();
    await first;
    const secondIds = second.map((r) => r.payoutId).filter((id) => !firstClaim.includes(id));
    expect(firstClaim).toHaveLength(25);
    expect(secondIds.length).toBe(second.length);
    const sweepRows = await db.selectFrom('payouts').select(['id', 'next_action_at']).where('client_id', '=', 'sweep').execute();
    expect(new Set([...firstClaim, ...second.map((r) => r.payoutId)])).toEqual(new Set(sweepRows.map((r) => r.id)));
    expect(second.every((r) => r.nextAction === 'submit' && r.version === 1)).toBe(true);
    // re-marked: nothing is overdue any more for the same cutoff
    expect(await db.transaction().execute((trx) => claimOverduePayouts(trx, { dueBefore: cutoff, limit: 100 }))).toEqual([]);
  });
});

describe('intake rejections and API keys', () => {
  it('records a rejection once per dedupe key and reports it on the outbox', async () => {
    const r = {
      source: 'queue' as const,
      dedupeKey: 'd'.repeat(64),
      clientId: 'acme',
      idempotencyKey: 'bad-1',
      jobId: 'intake-x',
      code: 'PAYOUT_E_INVALID_AMOUNT',
      reason: 'amount "1e3" is not a plain decimal like "123.45"',
      requestMasked: { amount: '1e3', beneficiary: { accountNumber: '****3000' } },
    };
    expect(await recordIntakeRejections(db, [r])).toHaveLength(1);
    expect(await recordIntakeRejections(db, [r])).toHaveLength(0);
    const ob = await db.selectFrom('outbox').selectAll().where('type', '=', 'payout.rejected').execute();
    expect(ob).toHaveLength(1);
    expect(ob[0]!.payload).toMatchObject({
      clientId: 'acme',
      idempotencyKey: 'bad-1',
      code: 'PAYOUT_E_INVALID_AMOUNT',
      status: 'rejected',
    });
    await expect(sql`delete from intake_rejections`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('stores only a hash of each key and resolves principals; revoked keys stop working', async () => {
    const issued = await issueApiKey(db, {
      clientId: 'acme',
      scopes: ['payouts:write', 'payouts:read'],
      actor: 'acme-backend',
      role: 'viewer',
    });
    const stored = await db.selectFrom('api_keys').selectAll().where('id', '=', issued.keyId).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(issued.key);
    expect(await findPrincipalByKey(db, issued.key)).toEqual({
      keyId: issued.keyId,
      clientId: 'acme',
      scopes: ['payouts:write', 'payouts:read'],
      actor: 'acme-backend',
      role: 'viewer',
    });
    // One character off (never the same character: a key ending in 'A' made this test pass the real key).
    const wrongKey = `${issued.key.slice(0, -1)}${issued.key.endsWith('A') ? 'B' : 'A'}`;
    expect(await findPrincipalByKey(db, wrongKey)).toBeUndefined();
    expect(await revokeApiKey(db, issued.keyId)).toBe(true);
    expect(await findPrincipalByKey(db, issued.key)).toBeUndefined();
    await expect(issueApiKey(db, { clientId: 'acme', scopes: ['root'], actor: 'x', role: 'viewer' })).rejects.toThrow(/scopes/);
    await expect(issueApiKey(db, { clientId: 'nope', scopes: ['ops'], actor: 'x', role: 'viewer' })).rejects.toThrow(/does not exist/);
    await expect(createApiClient(db, { id: 'acme' })).rejects.toThrow(/already exists/);
  });
});
