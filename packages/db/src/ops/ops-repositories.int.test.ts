import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { usePostgres } from '@payout/test-harness/vitest';
import {
  acceptPayouts,
  consumeBulkPreview,
  createApiClient,
  createBankExchangeRecorder,
  createDb,
  decideProposal,
  expireProposals,
  insertBulkPreview,
  insertProposal,
  listBankExchanges,
  listStuckPayouts,
  loadOpsPayout,
  migrateToLatest,
  summarizeStuckPayouts,
  uuidv7,
  withBankExchangeRecording,
  writeLifecycleBatch,
  type Db,
  type NewProposal,
} from '../index.ts';
import { applyAnswer, batchOf, decideNewAttempt, sendNewAttempt } from '@payout/lifecycle';
import { newPayoutFixture } from '../test-support/new-payout.fixture.ts';

const pgDb = usePostgres();
let db: Db;
let seq = 0;

beforeAll(async () => {
  db = createDb({ url: pgDb.url, maxConnections: 4 });
  expect(await migrateToLatest(db)).toContain('0080_ops');
  await createApiClient(db, { id: 'acme' });
  await createApiClient(db, { id: 'globex' });
});

afterAll(async () => {
  await db?.destroy();
});

/** When the fixtures' attempts were sent (business time; the rows' own stamps are the database's). */
const SENT_AT = new Date('2026-03-02T09:00:00Z');
const RUN = randomBytes(3).toString('hex').toUpperCase();

/** A payout moved to processing with one attempt at `channelId` in `state`. */
async function processingPayout(
  o: { clientId?: string; channelId?: string; amountMinor?: bigint; state?: 'unknown' | 'pending' } = {},
): Promise<string> {
  seq += 1;
  const [r] = await acceptPayouts(db, [
    newPayoutFixture({ clientId: o.clientId ?? 'acme', idempotencyKey: `ops-${seq}`, amountMinor: o.amountMinor ?? 10_000n }),
  ]);
  if (r?.kind !== 'created') throw new Error('not created');
  const attemptId = uuidv7();
  const attempt = {
    id: attemptId,
    attemptNo: 1,
    channelId: o.channelId ?? 'bank-a',
    endToEndId: `E2E${seq}X${RUN}`,
    state: 'sending' as const,
  };
  // As the lifecycle writes them: the attempt is sent (processing), then its answer recorded.
  const allowed = decideNewAttempt([]);
  if (!allowed.allowed) throw new Error(allowed.message);
  const sent = sendNewAttempt({ id: r.payout.id, status: 'accepted', version: 1 }, allowed, {
    ...attempt,
    attemptId,
    now: SENT_AT,
    pollAt: SENT_AT,
  });
  const answered = applyAnswer(
    { id: r.payout.id, status: 'processing', version: 2 },
    attempt,
    { attempt: { to: o.state ?? 'unknown', countPoll: false }, payout: { kind: 'poll', at: SENT_AT } },
    SENT_AT,
  );
  await db.transaction().execute(async (tx) => {
    await writeLifecycleBatch(tx, batchOf('test', [sent]));
    await writeLifecycleBatch(tx, batchOf('test', [answered]));
  });
  return r.payout.id;
}

const proposal = (payoutId: string, over: Partial<NewProposal> = {}): NewProposal => ({
  payoutId,
  targetStatus: 'succeeded',
  reason: 'statement shows the debit',
  overrideReason: null,
  evidence: [{ kind: 'bank_reference', reference: 'REF-1' }],
  payoutStatusAtProposal: 'processing',
  payoutVersionAtProposal: 2,
  proposedBy: 'alice',
  proposedRole: 'operator',
  requestId: 'req-1',
  createdAt: new Date('2026-03-02T10:00:00Z'),
  expiresAt: new Date('2026-03-02T12:00:00Z'),
  ...over,
});

describe('status_changed_at', () => {
  it('is stamped on every status change and can be set explicitly', async () => {
    const id = await processingPayout();
    const p = await loadOpsPayout(db, id);
    expect(p?.payout.status).toBe('processing');
    expect(p?.attempts).toHaveLength(1);
    await sql`update payouts set status_changed_at = '2026-01-01T00:00:00Z' where id = ${id}::uuid`.execute(db);
    expect((await loadOpsPayout(db, id))?.statusChangedAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    await sql`update payouts set status = 'manual_review' where id = ${id}::uuid`.execute(db);
    expect((await loadOpsPayout(db, id))!.statusChangedAt.getTime()).toBeGreaterThan(Date.parse('2026-02-01'));
  });
});

describe('ops_proposals', () => {
  it('admits one pending proposal per payout; a second proposer loses', async () => {
    const id = await processingPayout();
    const first = await insertProposal(db, proposal(id));
    expect(first?.status).toBe('pending');
    expect(await insertProposal(db, proposal(id, { proposedBy: 'bob' }))).toBeUndefined();
  });

  it('the database refuses an approval by the proposer, even through raw SQL', async () => {
    const id = await processingPayout();
    const p = (await insertProposal(db, proposal(id)))!;
    await expect(
      sql`update ops_proposals set status = 'approved', decided_by = 'alice', decided_role = 'approver', decided_at = now() where id = ${p.id}::uuid`.execute(
        db,
      ),
    ).rejects.toThrow(/ops_proposals_second_person/);
    await expect(
      sql`update ops_proposals set status = 'approved', decided_by = 'bob', decided_role = 'operator', decided_at = now() where id = ${p.id}::uuid`.execute(
        db,
      ),
    ).rejects.toThrow(/ops_proposals_second_person/);
  });

  it('decides once, refuses approval after expiry, and a decided proposal never changes or disappears', async () => {
    const id = await processingPayout();
    const p = (await insertProposal(db, proposal(id)))!;
    const late = {
      id: p.id,
      status: 'approved' as const,
      decidedBy: 'bob',
      decidedRole: 'approver',
      decidedAt: new Date('2026-03-02T12:00:00Z'),
      decisionReason: null,
      requestId: 'r2',
    };
    expect(await decideProposal(db, late)).toBeUndefined();
    const ok = await decideProposal(db, { ...late, decidedAt: new Date('2026-03-02T11:00:00Z') });
    expect(ok).toMatchObject({ status: 'approved', decidedBy: 'bob' });
    expect(await decideProposal(db, { ...late, decidedBy: 'carol', decidedAt: new Date('2026-03-02T11:00:00Z') })).toBeUndefined();
    await expect(sql`update ops_proposals set decision_reason = 'edited' where id = ${p.id}::uuid`.execute(db)).rejects.toThrow(
      /cannot change/,
    );
    await expect(sql`delete from ops_proposals where id = ${p.id}::uuid`.execute(db)).rejects.toThrow(/never deleted/);
  });

  it('a pending proposal cannot be rewritten, only decided', async () => {
    const id = await processingPayout();
    const p = (await insertProposal(db, proposal(id)))!;
    await expect(sql`update ops_proposals set target_status = 'failed' where id = ${p.id}::uuid`.execute(db)).rejects.toThrow(
      /only the decision/,
    );
  });

  it('expiring frees the payout for a new proposal', async () => {
    const id = await processingPayout();
    await insertProposal(db, proposal(id));
    expect(await expireProposals(db, id, new Date('2026-03-02T11:59:59Z'))).toBe(0);
    expect(await expireProposals(db, id, new Date('2026-03-02T12:00:00Z'))).toBe(1);
    expect(
      await insertProposal(db, proposal(id, { createdAt: new Date('2026-03-02T13:00:00Z'), expiresAt: new Date('2026-03-02T14:00:00Z') })),
    ).toBeDefined();
  });
});

describe('bulk previews', () => {
  it('a token is used once, only by its issuer, for its action, before expiry', async () => {
    const createdAt = new Date('2026-03-02T10:00:00Z');
    const base = {
      action: 'repoll' as const,
      filter: { states: ['processing'] },
      payoutIds: [],
      summary: { count: 0 },
      createdBy: 'alice',
      createdRole: 'operator',
      requestId: 'r',
      createdAt,
      expiresAt: new Date('2026-03-02T10:10:00Z'),
    };
    await insertBulkPreview(db, { ...base, tokenHash: 'a'.repeat(64) });
    const use = (over: Partial<Parameters<typeof consumeBulkPreview>[1]> = {}) =>
      consumeBulkPreview(db, {
        tokenHash: 'a'.repeat(64),
        action: 'repoll',
        actor: 'alice',
        now: new Date('2026-03-02T10:05:00Z'),
        requestId: 'r2',
        ...over,
      });
    expect((await use({ actor: 'bob' })).kind).toBe('not_yours');
    expect((await use({ action: 'cancel' })).kind).toBe('wrong_action');
    expect((await use({ now: new Date('2026-03-02T10:10:00Z') })).kind).toBe('expired');
    expect((await use({ tokenHash: 'b'.repeat(64) })).kind).toBe('unknown');
    const [one, two] = await Promise.all([use(), use()]);
    expect([one.kind, two.kind].sort()).toEqual(['consumed', 'used']);
  });
});

describe('stuck list', () => {
  it('filters by state age, bank, client and amount; sorts by age; sums exactly per bucket', async () => {
    const ids = {
      a1: await processingPayout({ channelId: 'stuck-a', amountMinor: 9_007_199_254_740_993n }),
      a2: await processingPayout({ channelId: 'stuck-a', amountMinor: 7n }),
      b1: await processingPayout({ channelId: 'stuck-b', amountMinor: 500n, clientId: 'globex' }),
      fresh: await processingPayout({ channelId: 'stuck-a', amountMinor: 1n }),
    };
    const enteredAt = async (id: string, at: string): Promise<void> => {
      await sql`update payouts set status_changed_at = ${new Date(at)} where id = ${id}::uuid`.execute(db);
    };
    await enteredAt(ids.a1, '2026-03-01T08:00:00Z');
    await enteredAt(ids.b1, '2026-03-01T08:30:00Z');
    await enteredAt(ids.a2, '2026-03-01T07:00:00Z');
    const cutoffs = [{ status: 'processing' as const, enteredBefore: new Date('2026-03-01T09:00:00Z') }];
    const all = await listStuckPayouts(db, { cutoffs, bankIds: ['stuck-a', 'stuck-b'] }, { limit: 10 });
    expect(all.map((p) => p.id)).toEqual([ids.a2, ids.a1, ids.b1]);
    expect(all[0]).toMatchObject({ bankId: 'stuck-a', attemptState: 'unknown', status: 'processing' });

    const onlyA = await listStuckPayouts(db, { cutoffs, bankIds: ['stuck-a'], minAmountMinor: 100n }, { limit: 10 });
    expect(onlyA.map((p) => p.id)).toEqual([ids.a1]);
    const globex = await listStuckPayouts(db, { cutoffs, bankIds: ['stuck-a', 'stuck-b'], clientIds: ['globex'] }, { limit: 10 });
    expect(globex.map((p) => p.id)).toEqual([ids.b1]);

    const page1 = await listStuckPayouts(db, { cutoffs, bankIds: ['stuck-a', 'stuck-b'] }, { limit: 2 });
    const last = page1.at(-1)!;
    const page2 = await listStuckPayouts(
      db,
      { cutoffs, bankIds: ['stuck-a', 'stuck-b'] },
      { limit: 2, after: { statusChangedAt: last.statusChangedAt, id: last.id } },
    );
    expect([...page1, ...page2].map((p) => p.id)).toEqual(all.map((p) => p.id));

    const buckets = await summarizeStuckPayouts(db, { cutoffs, bankIds: ['stuck-a', 'stuck-b'] });
    const a = buckets.find((b) => b.bankId === 'stuck-a');
    expect(a).toMatchObject({ status: 'processing', currency: 'EUR', count: 2, amountMinor: 9_007_199_254_741_000n });
    expect(a?.oldestSince.toISOString()).toBe('2026-03-01T07:00:00.000Z');
    expect(buckets.find((b) => b.bankId === 'stuck-b')).toMatchObject({ count: 1, amountMinor: 500n });
  });
});

describe('bank exchange log', () => {
  it('records every request and answer through the decorator, masked, append-only', async () => {
    const recorder = createBankExchangeRecorder(db, { flushIntervalMs: 10_000 });
    const payoutId = await processingPayout();
    const adapter = {
      profile: { bankId: 'rec-bank' },
      submit: async (i: { endToEndId: string; payoutId: string }, _s: AbortSignal) => ({
        kind: 'unknown',
        endToEndId: i.endToEndId,
        cause: 'timeout',
        detail: 'no answer',
      }),
      query: async (r: { endToEndId: string }, _s: AbortSignal) => ({ kind: 'pending', endToEndId: r.endToEndId, bankStatus: 'PDNG' }),
      queryBatch: async (refs: readonly { endToEndId: string }[], _s: AbortSignal) =>
        refs.map((r) => ({ kind: 'succeeded', endToEndId: r.endToEndId, bankStatus: 'ACSC', bankReference: 'B1' })),
      fetchStatement: async () => ({ kind: 'available', content: '<Document>DE89370400440532013000</Document>' }),
    };
    const bank = withBankExchangeRecording(adapter, recorder);
    const instruction = {
      endToEndId: 'E2E-REC-1',
      payoutId,
      amount: { amountMinor: 123n, currency: 'EUR' },
      debtorAccount: { scheme: 'iban', accountNumber: 'DE89370400440532013000' },
      beneficiary: { name: 'Ada', account: { scheme: 'iban', accountNumber: 'GB29NWBK60161331926819' } },
    };
    await bank.submit(instruction, AbortSignal.timeout(1000));
    await bank.query({ endToEndId: 'E2E-REC-1' }, AbortSignal.timeout(1000));
    await bank.queryBatch([{ endToEndId: 'E2E-REC-1' }, { endToEndId: 'E2E-OTHER' }], AbortSignal.timeout(1000));
    await recorder.close();
    const rows = await listBankExchanges(db, { payoutId, endToEndIds: ['E2E-REC-1'], limit: 10 });
    expect(rows.map((r) => [r.operation, r.outcome])).toEqual([
      ['submit', 'unknown'],
      ['query', 'pending'],
      ['query', 'succeeded'],
    ]);
    const text = JSON.stringify(rows.map((r) => [r.request, r.response]));
    expect(text).not.toContain('DE89370400440532013000');
    expect(text).not.toContain('GB29NWBK60161331926819');
    expect(text).toContain('****3000');
    expect(rows[2]?.request).toMatchObject({ batchSize: 2 });
    await expect(sql`update bank_exchanges set outcome = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from bank_exchanges`.execute(db)).rejects.toThrow(/append-only/);
  });
});
