import { createHash } from 'node:crypto';
import { usePostgres } from '@payout/test-harness/vitest';
import { sql } from 'kysely';
import { batchOf, decideNewAttempt, sendNewAttempt } from '@payout/lifecycle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../clients/api-client.repository.ts';
import { createDb, type Db } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { acceptPayouts } from '../payouts/accept-payouts.ts';
import { bookChannelUsage, CHANNEL_DAY_RACE, readChannelUsage, usageKey } from './channel-usage.repository.ts';
import { claimDuePolls, claimDueSubmits, lockPayouts } from './claim-payouts.repository.ts';
import { deliverOutbox } from './outbox-delivery.repository.ts';
import { writeLifecycleBatch } from './write-lifecycle-batch.repository.ts';

const pg = usePostgres();
let db: Db;

async function seed(n: number, prefix: string): Promise<string[]> {
  const r = await acceptPayouts(
    db,
    Array.from({ length: n }, (_, i) => ({
      clientId: 'acme',
      idempotencyKey: `${prefix}-${i}`,
      requestFingerprint: createHash('sha256').update(`${prefix}-${i}`).digest('hex'),
      amountMinor: 1_000n,
      currency: 'CNY',
      fundingAccount: null,
      beneficiary: { name: 'B', scheme: 'cn_bank', accountNumber: '6222020200001234567' },
      railPreference: null,
      remittanceInfo: null,
      requestedExecutionDate: null,
      actor: 'test',
    })),
  );
  return r.map((x) => (x.kind === 'created' ? x.payout.id : ''));
}

const FAR = new Date('2999-01-01T00:00:00Z');

describe('lifecycle repositories', () => {
  beforeAll(async () => {
    db = createDb({ url: pg.url, maxConnections: 4 });
    await migrateToLatest(db);
    await createApiClient(db, { id: 'acme' });
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('concurrent submit claims take disjoint payouts', async () => {
    const ids = await seed(40, 'claim');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstIds: string[] = [];
    const first = db.transaction().execute(async (tx) => {
      firstIds = (await claimDueSubmits(tx, { now: FAR, limit: 25, payoutIds: ids })).map((p) => p.payout.id);
      await held;
    });
    await new Promise((r) => setTimeout(r, 100));
    const second = await db
      .transaction()
      .execute(async (tx) => (await claimDueSubmits(tx, { now: FAR, limit: 25, payoutIds: ids })).map((p) => p.payout.id));
    release();
    await first;
    expect(firstIds).toHaveLength(25);
    expect(second).toHaveLength(15);
    expect(second.filter((id) => firstIds.includes(id))).toEqual([]);
  });

  it('writes a batch with events and outbox rows, refuses stale versions and a second live attempt (all or nothing)', async () => {
    const [a, b] = await seed(2, 'write');
    // The rows are the lifecycle's: the submit step's own transition builds them.
    const first = decideNewAttempt([]);
    if (!first.allowed) throw new Error('a payout without attempts may always get one');
    const sent = (payoutId: string, version: number, n: number, status: 'accepted' | 'processing' = 'accepted') =>
      sendNewAttempt({ id: payoutId, status, version }, first, {
        attemptId: crypto.randomUUID(),
        attemptNo: n,
        channelId: 'cn-a',
        endToEndId: `E2E${n}${payoutId.slice(-12)}`,
        now: FAR,
        pollAt: FAR,
      });
    // stale version: nothing of the batch is written
    await expect(
      db.transaction().execute((tx) => writeLifecycleBatch(tx, batchOf('t', [sent(a!, 1, 1), sent(b!, 7, 1)]))),
    ).rejects.toMatchObject({ code: 'PAYOUT_E_CONFLICT' });
    expect(
      Number((await sql<{ n: bigint }>`select count(*) as n from payout_attempts where payout_id in (${a}, ${b})`.execute(db)).rows[0]?.n),
    ).toBe(0);

    await db.transaction().execute((tx) => writeLifecycleBatch(tx, batchOf('t', [sent(a!, 1, 1)])));
    const [locked] = await db.transaction().execute((tx) => lockPayouts(tx, [a!]));
    expect(locked?.payout).toMatchObject({ status: 'processing', version: 2, attemptCount: 1, nextAction: 'poll' });
    expect(locked?.attempts.map((x) => x.state)).toEqual(['sending']);
    const events = await sql<{
      seq: number;
      type: string;
    }>`select seq, type from payout_events where payout_id = ${a} order by seq`.execute(db);
    expect(events.rows).toEqual([
      { seq: 1, type: 'payout.accepted' },
      { seq: 2, type: 'payout.processing' },
    ]);
    const outbox = await sql<{
      seq: number;
      payload: { status: string; fromStatus: string };
    }>`select seq, payload from outbox where payout_id = ${a} order by seq`.execute(db);
    expect(outbox.rows.map((r) => [r.seq, r.payload.fromStatus ?? null, r.payload.status])).toEqual([
      [1, null, 'accepted'],
      [2, 'accepted', 'processing'],
    ]);

    // the database refuses a second live attempt, whatever the code thinks
    await expect(
      db
        .transaction()
        .execute((tx) =>
          writeLifecycleBatch(tx, { actor: 't', attemptInserts: [sent(a!, 2, 2).insert!], attemptUpdates: [], payoutUpdates: [] }),
        ),
    ).rejects.toThrow(/payout_attempts_one_live_idx/);
    // an illegal status move cannot even be built: the lifecycle refuses it before any SQL
    expect(() => sent(a!, 2, 2, 'processing')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_INVALID_TRANSITION' }));
  });

  it('leases due polls so another claimer skips them until the lease ends', async () => {
    const [p] = await seed(1, 'lease');
    await sql`update payouts set status = 'processing', next_action = 'poll', next_action_at = '2000-01-01' where id = ${p}`.execute(db);
    const now = new Date('2026-01-01T00:00:00Z');
    const leaseUntil = new Date('2026-01-01T00:00:30Z');
    expect(await claimDuePolls(db, { now, limit: 10, leaseUntil, payoutIds: [p!] })).toHaveLength(1);
    expect(await claimDuePolls(db, { now, limit: 10, leaseUntil, payoutIds: [p!] })).toHaveLength(0);
    expect(await claimDuePolls(db, { now: new Date('2026-01-01T00:00:31Z'), limit: 10, leaseUntil: FAR, payoutIds: [p!] })).toHaveLength(1);
  });

  it('books channel day usage only within the day limit; a race loses with a conflict and books nothing', async () => {
    const day = { channelId: 'cn-a', businessDate: '2026-11-20' };
    const other = { channelId: 'cn-b', businessDate: '2026-11-20' };
    expect((await readChannelUsage(db, [day])).get(usageKey(day))).toBe(0n);
    await db.transaction().execute((tx) => bookChannelUsage(tx, [{ ...day, amountMinor: 1_500n, limitMinor: 2_000n }]));
    expect((await readChannelUsage(db, [day, day])).get(usageKey(day))).toBe(1_500n);
    // Two batches routed on the same snapshot: the second would overrun the limit.
    await expect(
      db.transaction().execute((tx) =>
        bookChannelUsage(tx, [
          { ...other, amountMinor: 10n, limitMinor: 100n },
          { ...day, amountMinor: 600n, limitMinor: 2_000n },
        ]),
      ),
    ).rejects.toMatchObject({ code: 'PAYOUT_E_CONFLICT', details: { reason: CHANNEL_DAY_RACE } });
    const after = await readChannelUsage(db, [day, other]);
    expect(after.get(usageKey(day))).toBe(1_500n);
    expect(after.get(usageKey(other))).toBe(0n);
    await db.transaction().execute((tx) => bookChannelUsage(tx, [{ ...day, amountMinor: 500n, limitMinor: 2_000n }]));
    expect((await readChannelUsage(db, [day])).get(usageKey(day))).toBe(2_000n);
  });

  it('delivers the outbox at least once: a failed delivery leaves the rows for the next try', async () => {
    await seed(3, 'outbox');
    await expect(deliverOutbox(db, 1_000, () => Promise.reject(new Error('redis down')))).rejects.toThrow('redis down');
    const seen: string[] = [];
    let total = 0;
    for (;;) {
      const n = await deliverOutbox(db, 50, async (m) => {
        seen.push(...m.map((x) => x.eventId));
      });
      total += n;
      if (n === 0) break;
    }
    expect(total).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(Number((await sql<{ n: bigint }>`select count(*) as n from outbox where delivered_at is null`.execute(db)).rows[0]?.n)).toBe(0);
  });
});
