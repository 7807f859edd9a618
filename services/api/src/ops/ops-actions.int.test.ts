import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { usePostgres, useRedis, waitFor } from '@payout/test-harness/vitest';
import { randomUUID } from 'node:crypto';
import { createApiClient, databaseNow, isUniqueViolation, listBankExchanges, uuidv7, writeLifecycleBatch } from '@payout/db';
import { BENEFICIARY_ACCOUNT, CN_BANK, CN_DEBTOR, startOpsFixture, type OpsFixture } from './test-support/ops-fixture.ts';
import { sendNewAttempt, type NewAttemptAllowed } from '@payout/lifecycle';
import { acceptedPayout, moveTo, statementLineFor, submittedPayout } from './test-support/seed-payouts.ts';
import { api, auditByRequest, auditByTarget, cli, eventsOf, ledgerStepsOf, outboxOf, payoutRow } from './test-support/ops-calls.ts';

const pg = usePostgres();
const redis = useRedis();
let fx: OpsFixture;

beforeAll(async () => {
  fx = await startOpsFixture({ databaseUrl: pg.url, redisUrl: redis.url, prefix: redis.prefix() });
});

afterAll(async () => {
  const leaks = fx?.logs.leaks({ beneficiary: BENEFICIARY_ACCOUNT, debtor: CN_DEBTOR, ...fx.keys });
  await fx?.close();
  expect(leaks).toEqual([]);
});

const executions = async (payoutId: string) => (await fx.simClient.executions({ bankId: CN_BANK, payoutId })).length;
const submitRequests = async () => (await fx.simClient.requests({ bankId: CN_BANK, operation: 'submit' })).length;

describe('who may act', () => {
  it('a viewer sees stuck payouts and timelines but cannot act; every refusal is audited with actor, role and request id', async () => {
    const p = await submittedPayout(fx, 'timeoutAfterExecution');
    const before = await payoutRow(fx.db, p.payoutId);
    expect((await api(fx, 'viewer', 'GET', '/v1/ops/stuck?minAgeSeconds=0')).status).toBe(200);
    expect((await api(fx, 'viewer', 'GET', `/v1/ops/payouts/${p.payoutId}/timeline`)).status).toBe(200);

    const attempts: [string, unknown][] = [
      [`/v1/ops/payouts/${p.payoutId}/repoll`, { reason: 'look again' }],
      [`/v1/ops/payouts/${p.payoutId}/retry`, { reason: 'try again' }],
      [`/v1/ops/payouts/${p.payoutId}/cancel`, { reason: 'stop it' }],
      [
        `/v1/ops/payouts/${p.payoutId}/force-resolve`,
        { target: 'succeeded', reason: 'seen', evidence: [{ kind: 'bank_reference', reference: 'X' }] },
      ],
      ['/v1/ops/bulk/repoll/preview', { filter: { state: 'processing' }, reason: 'all' }],
    ];
    for (const [i, [path, body]] of attempts.entries()) {
      const requestId = `viewer-${i}-${randomUUID()}`;
      const r = await api(fx, 'viewer', 'POST', path, body, requestId);
      expect(r.status, path).toBe(403);
      expect(r.json).toMatchObject({ code: 'PAYOUT_E_FORBIDDEN', requestId });
      const audit = await auditByRequest(fx.db, requestId);
      expect(audit, path).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'victor', role: 'viewer', outcome: 'refused', request_id: requestId });
      expect(audit[0]?.after).toMatchObject({ refused: 'PAYOUT_E_FORBIDDEN' });
    }
    expect(await payoutRow(fx.db, p.payoutId)).toEqual(before);
  });

  it('a request refused by the schema is audited too', async () => {
    const { id } = await acceptedPayout(fx.db);
    const r = await api(fx, 'alice', 'POST', `/v1/ops/payouts/${id}/cancel`, { because: 'no reason field' }, `schema-${id}`);
    expect(r).toMatchObject({ status: 400, json: { code: 'PAYOUT_E_VALIDATION' } });
    expect(await auditByRequest(fx.db, `schema-${id}`)).toMatchObject([
      { actor: 'alice', role: 'operator', action: 'ops.request', target: `payout:${id}`, outcome: 'refused' },
    ]);
    expect((await payoutRow(fx.db, id)).status).toBe('accepted');
  });

  it('the ops routes are in the OpenAPI document', async () => {
    const res = await fetch(`${fx.baseUrl}/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/v1/ops/stuck',
      '/v1/ops/payouts/{id}/timeline',
      '/v1/ops/payouts/{id}/retry',
      '/v1/ops/proposals/{id}/approve',
      '/v1/ops/bulk/{action}/preview',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('a key without the ops scope is refused and audited; no key is 401', async () => {
    const r = await api(fx, 'reader', 'GET', '/v1/ops/stuck', undefined, 'no-ops-scope-1');
    expect(r.status).toBe(403);
    expect(await auditByRequest(fx.db, 'no-ops-scope-1')).toMatchObject([{ actor: 'rita', action: 'ops.access', outcome: 'refused' }]);
    expect((await api(fx, null, 'GET', '/v1/ops/stuck')).status).toBe(401);
  });
});

describe('retry — the no-double-payout rule decides', () => {
  it('refuses a payout whose last attempt is unknown, through the API and the CLI; the simulator shows no new execution', async () => {
    const p = await submittedPayout(fx, 'timeoutAfterExecution');
    expect(p.state).toBe('unknown');
    expect(await executions(p.payoutId)).toBe(1); // the bank did execute: a second instruction would pay twice
    const submitsBefore = await submitRequests();
    const before = await payoutRow(fx.db, p.payoutId);

    const viaApi = await api(
      fx,
      'alice',
      'POST',
      `/v1/ops/payouts/${p.payoutId}/retry`,
      { reason: 'customer chasing' },
      `retry-unknown-${p.payoutId}`,
    );
    expect(viaApi.status).toBe(409);
    expect(viaApi.json).toMatchObject({ code: 'PAYOUT_E_ATTEMPT_LIVE' });
    expect(String(viaApi.json['detail'])).toMatch(/attempt #1 is unknown/);

    const viaCli = await cli(fx, 'oscar', ['retry', p.payoutId, '--reason', 'customer chasing again']);
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toMatch(/^error \[PAYOUT_E_ATTEMPT_LIVE\]: attempt #1 is unknown/);

    // Still refused once the lifecycle has handed it to a person.
    await moveTo(fx.db, p.payoutId, 'manual_review');
    const later = await api(fx, 'bob', 'POST', `/v1/ops/payouts/${p.payoutId}/retry`, { reason: 'approver insists' });
    expect(later.json).toMatchObject({ code: 'PAYOUT_E_ATTEMPT_LIVE' });

    expect(await executions(p.payoutId)).toBe(1);
    expect(await submitRequests()).toBe(submitsBefore);
    expect((await payoutRow(fx.db, p.payoutId)).status).toBe('manual_review');
    expect(before.status).toBe('processing');
    const refusals = (await auditByTarget(fx.db, `payout:${p.payoutId}`)).filter((a) => a.action === 'ops.retry');
    expect(refusals.map((a) => [a.actor, a.outcome, (a.after ?? {})['refused']])).toEqual([
      ['alice', 'refused', 'PAYOUT_E_ATTEMPT_LIVE'],
      ['oscar', 'refused', 'PAYOUT_E_ATTEMPT_LIVE'],
      ['bob', 'refused', 'PAYOUT_E_ATTEMPT_LIVE'],
    ]);

    // The database is the last line of defence: a second live attempt cannot even be written,
    // even by code that skipped the new-attempt rule. The "yes" below has to be forged with a cast (the
    // type system refuses a hand-written one); only the attempt row is written.
    const forged = sendNewAttempt(
      { id: p.payoutId, status: 'accepted', version: 0 },
      { allowed: true, preferOtherChannel: false } as unknown as NewAttemptAllowed,
      {
        attemptId: uuidv7(),
        attemptNo: 2,
        channelId: CN_BANK,
        endToEndId: `DUP${randomUUID().replaceAll('-', '').slice(0, 20)}`,
        now: fx.now(),
        pollAt: fx.now(),
      },
    );
    const second = fx.db.transaction().execute(async (tx) => {
      await writeLifecycleBatch(tx, { actor: 'test', attemptInserts: [forged.insert!], attemptUpdates: [], payoutUpdates: [] });
    });
    await expect(second).rejects.toSatisfy((e: unknown) => isUniqueViolation(e, 'payout_attempts_one_live_idx'));
  });

  it('after a definitive failure that permits a new instruction, retry moves the payout to accepted and upstream hears it', async () => {
    const p = await submittedPayout(fx, 'reject');
    expect(p).toMatchObject({ state: 'failed', reasonCode: 'AB05' });
    await moveTo(fx.db, p.payoutId, 'manual_review');
    const r = await cli(fx, 'alice', ['retry', p.payoutId, '--reason', 'bank timeout AB05, channel healthy again', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ action: 'retry', status: 'accepted', nextAction: 'submit' });
    expect(await payoutRow(fx.db, p.payoutId)).toMatchObject({ status: 'accepted', next_action: 'submit' });
    const outbox = await outboxOf(fx.db, p.payoutId);
    expect(outbox.at(-1)).toMatchObject({
      type: 'payout.accepted',
      payload: { fromStatus: 'manual_review', status: 'accepted', data: { action: 'ops.retry', by: 'alice' } },
    });
    expect((await eventsOf(fx.db, p.payoutId)).at(-1)).toMatchObject({ type: 'payout.accepted', actor: 'ops:alice' });
    expect((await auditByTarget(fx.db, `payout:${p.payoutId}`)).at(-1)).toMatchObject({
      actor: 'alice',
      role: 'operator',
      action: 'ops.retry',
      outcome: 'applied',
    });
  });
});

describe('cancel — only before any attempt was sent', () => {
  it('cancels an accepted payout and refuses one with an attempt', async () => {
    const fresh = await acceptedPayout(fx.db);
    const ok = await api(fx, 'alice', 'POST', `/v1/ops/payouts/${fresh.id}/cancel`, {
      reason: 'duplicate request from the client',
      expectedVersion: 1,
    });
    expect(ok).toMatchObject({ status: 200, json: { status: 'cancelled', version: 2 } });
    expect((await outboxOf(fx.db, fresh.id)).map((o) => o.type)).toEqual(['payout.accepted', 'payout.cancelled']);

    const sent = await submittedPayout(fx, 'timeoutBeforeExecution');
    const refused = await api(fx, 'alice', 'POST', `/v1/ops/payouts/${sent.payoutId}/cancel`, { reason: 'stop it' });
    expect(refused).toMatchObject({ status: 409, json: { code: 'PAYOUT_E_OPS_ALREADY_SENT' } });
  });

  it('an operator acting on what they saw is told when the payout changed since', async () => {
    const p = await acceptedPayout(fx.db);
    await moveTo(fx.db, p.id, 'held');
    const r = await api(fx, 'oscar', 'POST', `/v1/ops/payouts/${p.id}/cancel`, { reason: 'saw it accepted', expectedVersion: 1 });
    expect(r).toMatchObject({ status: 409, json: { code: 'PAYOUT_E_CONFLICT' } });
    expect(String(r.json['detail'])).toMatch(/now held \(version 2\)/);
  });

  it('cancel through the CLI', async () => {
    const { id } = await acceptedPayout(fx.db);
    const r = await cli(fx, 'oscar', ['cancel', id, '--reason', 'client asked by phone', '--expect-version', '1']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`cancel applied: payout ${id} is cancelled (version 2)\n`);
    expect((await outboxOf(fx.db, id)).at(-1)).toMatchObject({ type: 'payout.cancelled' });
  });
});

describe('two operators racing', () => {
  it('on the same payout: exactly one action applied, the other told why', async () => {
    const payouts = await Promise.all(Array.from({ length: 8 }, () => acceptedPayout(fx.db)));
    for (const p of payouts) {
      const [a, b] = await Promise.all([
        api(fx, 'alice', 'POST', `/v1/ops/payouts/${p.id}/cancel`, { reason: 'race A' }),
        api(fx, 'oscar', 'POST', `/v1/ops/payouts/${p.id}/cancel`, { reason: 'race B' }),
      ]);
      const answers = [a, b].sort((x, y) => x.status - y.status);
      expect(answers.map((x) => x.status)).toEqual([200, 409]);
      const loser = answers[1]!;
      expect(['PAYOUT_E_CONFLICT', 'PAYOUT_E_INVALID_TRANSITION']).toContain(loser.json['code']);
      expect(String(loser.json['detail'])).toMatch(/cancelled/);
      expect((await eventsOf(fx.db, p.id)).filter((e) => e.type === 'payout.cancelled')).toHaveLength(1);
      expect((await outboxOf(fx.db, p.id)).filter((e) => e.type === 'payout.cancelled')).toHaveLength(1);
      const audit = await auditByTarget(fx.db, `payout:${p.id}`);
      expect(audit.map((x) => x.outcome).sort()).toEqual(['applied', 'refused']);
    }
  });
});

describe('force-resolve — maker-checker', () => {
  it("the proposer's own approval is refused; a second person's approval moves the payout with its event and outbox row", async () => {
    const p = await submittedPayout(fx, 'timeoutAfterExecution');
    const [truth] = await fx.simClient.executions({ bankId: CN_BANK, payoutId: p.payoutId });
    const before = await payoutRow(fx.db, p.payoutId);
    const proposed = await api(fx, 'alice', 'POST', `/v1/ops/payouts/${p.payoutId}/force-resolve`, {
      target: 'succeeded',
      reason: 'the bank confirmed the transfer by phone',
      evidence: [{ kind: 'bank_reference', reference: truth!.bankReference }],
    });
    expect(proposed).toMatchObject({ status: 202, json: { status: 'pending', proposedBy: 'alice', targetStatus: 'succeeded' } });
    const proposalId = String(proposed.json['id']);
    expect(await payoutRow(fx.db, p.payoutId)).toEqual(before); // nothing moves until approved
    expect(await ledgerStepsOf(fx.db, p.payoutId)).toEqual(['reserve', 'unknown']);

    const self = await api(fx, 'alice', 'POST', `/v1/ops/proposals/${proposalId}/approve`, {}, `self-${proposalId}`);
    expect(self).toMatchObject({ status: 403, json: { code: 'PAYOUT_E_OPS_SELF_APPROVAL' } });
    expect(await auditByRequest(fx.db, `self-${proposalId}`)).toMatchObject([
      { actor: 'alice', outcome: 'refused', action: 'ops.force_resolve.approve' },
    ]);
    const operator = await api(fx, 'oscar', 'POST', `/v1/ops/proposals/${proposalId}/approve`, {});
    expect(operator).toMatchObject({ status: 403, json: { code: 'PAYOUT_E_FORBIDDEN' } });
    expect(await payoutRow(fx.db, p.payoutId)).toEqual(before);

    const approved = await api(fx, 'bob', 'POST', `/v1/ops/proposals/${proposalId}/approve`, {
      reason: 'reference matches the ground truth',
    });
    expect(approved).toMatchObject({
      status: 200,
      json: { proposal: { status: 'approved', decidedBy: 'bob' }, payout: { status: 'succeeded', version: before.version + 1 } },
    });
    // The ledger settles the unknown exposure in the same transaction.
    expect(await ledgerStepsOf(fx.db, p.payoutId)).toEqual(['reserve', 'unknown', 'settle']);
    expect(approved.json['ledgerPostingIds']).toHaveLength(1);
    expect((await payoutRow(fx.db, p.payoutId)).status).toBe('succeeded');
    const attempt = await fx.db.selectFrom('payout_attempts').selectAll().where('id', '=', p.attemptId).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ state: 'succeeded', status_code: 'OPS_FORCE_RESOLVED' });
    const events = await eventsOf(fx.db, p.payoutId);
    expect(events.slice(-2).map((e) => [e.type, e.actor])).toEqual([
      ['attempt.succeeded', 'ops:bob'],
      ['payout.succeeded', 'ops:bob'],
    ]);
    expect((await outboxOf(fx.db, p.payoutId)).at(-1)).toMatchObject({
      type: 'payout.succeeded',
      payload: { status: 'succeeded', data: { proposedBy: 'alice', approvedBy: 'bob', proposalId } },
    });

    const again = await api(fx, 'carol', 'POST', `/v1/ops/proposals/${proposalId}/approve`, {});
    expect(again).toMatchObject({ status: 409, json: { code: 'PAYOUT_E_OPS_PROPOSAL_CLOSED' } });
    const audit = await auditByTarget(fx.db, `proposal:${proposalId}`);
    expect(audit.map((a) => [a.actor, a.outcome])).toEqual([
      ['alice', 'refused'],
      ['oscar', 'refused'],
      ['bob', 'applied'],
      ['carol', 'refused'],
    ]);
  });

  it('through the CLI: failed needs statement evidence or an override; the proposer cannot approve; a second person can', async () => {
    const p = await submittedPayout(fx, 'timeoutBeforeExecution');
    expect(p.state).toBe('unknown');
    expect(await executions(p.payoutId)).toBe(0);
    const noEvidence = await cli(fx, 'alice', [
      'force-resolve',
      p.payoutId,
      '--to',
      'failed',
      '--reason',
      'bank says never received',
      '--evidence',
      'bank-ref:CALL-2026-01-05',
    ]);
    expect(noEvidence.code).toBe(1);
    expect(noEvidence.stderr).toMatch(/^error \[PAYOUT_E_OPS_EVIDENCE_REQUIRED\]/);

    const proposed = await cli(fx, 'alice', [
      'force-resolve',
      p.payoutId,
      '--to',
      'failed',
      '--reason',
      'bank says never received',
      '--evidence',
      'bank-ref:CALL-2026-01-05',
      '--override-reason',
      'bank ops confirmed in ticket 4711: instruction never arrived',
      '--json',
    ]);
    expect(proposed.stderr).toBe('');
    const proposalId = String((JSON.parse(proposed.stdout) as { id: string }).id);

    const self = await cli(fx, 'alice', ['approve', proposalId]);
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/^error \[PAYOUT_E_OPS_SELF_APPROVAL\]/);
    expect((await payoutRow(fx.db, p.payoutId)).status).toBe('processing');

    const ok = await cli(fx, 'carol', ['approve', proposalId, '--reason', 'ticket checked']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/is now failed/);
    expect((await payoutRow(fx.db, p.payoutId)).status).toBe('failed');
    expect(await ledgerStepsOf(fx.db, p.payoutId)).toEqual(['reserve', 'unknown', 'release']);
    expect(await executions(p.payoutId)).toBe(0);
  });

  it('an expired proposal cannot be approved', async () => {
    const p = await submittedPayout(fx, 'timeoutAfterExecution');
    const proposed = await api(fx, 'oscar', 'POST', `/v1/ops/payouts/${p.payoutId}/force-resolve`, {
      target: 'succeeded',
      reason: 'executed per bank portal',
      evidence: [{ kind: 'bank_reference', reference: 'PORTAL-1' }],
      expiresInSeconds: 3600,
    });
    expect(proposed.status).toBe(202);
    const id = String(proposed.json['id']);
    fx.advanceClock(3_600_000);
    const late = await api(fx, 'bob', 'POST', `/v1/ops/proposals/${id}/approve`, {});
    expect(late).toMatchObject({ status: 409, json: { code: 'PAYOUT_E_OPS_PROPOSAL_EXPIRED' } });
    expect((await payoutRow(fx.db, p.payoutId)).status).toBe('processing');
    expect((await api(fx, 'viewer', 'GET', `/v1/ops/proposals/${id}`)).json).toMatchObject({ status: 'expired' });
    expect((await auditByTarget(fx.db, `proposal:${id}`)).at(-1)).toMatchObject({ actor: 'bob', outcome: 'refused' });
    // A fresh proposal on current evidence is possible again.
    const again = await api(fx, 'oscar', 'POST', `/v1/ops/payouts/${p.payoutId}/force-resolve`, {
      target: 'succeeded',
      reason: 'again',
      evidence: [{ kind: 'bank_reference', reference: 'PORTAL-1' }],
    });
    expect(again.status).toBe(202);
  });

  it('two approvers racing: exactly one approval applies', async () => {
    const p = await submittedPayout(fx, 'timeoutAfterExecution');
    const proposed = await api(fx, 'alice', 'POST', `/v1/ops/payouts/${p.payoutId}/force-resolve`, {
      target: 'succeeded',
      reason: 'on the statement',
      evidence: [{ kind: 'bank_reference', reference: 'R' }],
    });
    const id = String(proposed.json['id']);
    const answers = (
      await Promise.all([
        api(fx, 'bob', 'POST', `/v1/ops/proposals/${id}/approve`, {}),
        api(fx, 'carol', 'POST', `/v1/ops/proposals/${id}/approve`, {}),
      ])
    ).sort((a, b) => a.status - b.status);
    expect(answers.map((a) => a.status)).toEqual([200, 409]);
    expect((await eventsOf(fx.db, p.payoutId)).filter((e) => e.type === 'payout.succeeded')).toHaveLength(1);
  });

  it('reject by an approver, withdraw by the proposer only — through the API and the CLI; the payout never moves', async () => {
    const p = await submittedPayout(fx, 'timeoutAfterExecution');
    const before = await payoutRow(fx.db, p.payoutId);
    const propose = async () => {
      const r = await api(fx, 'alice', 'POST', `/v1/ops/payouts/${p.payoutId}/force-resolve`, {
        target: 'succeeded',
        reason: 'portal shows it',
        evidence: [{ kind: 'bank_reference', reference: 'PORTAL-9' }],
      });
      expect(r.status).toBe(202);
      return String(r.json['id']);
    };
    const first = await propose();
    expect(await api(fx, 'oscar', 'POST', `/v1/ops/proposals/${first}/reject`, { reason: 'not my call' })).toMatchObject({
      status: 403,
      json: { code: 'PAYOUT_E_FORBIDDEN' },
    });
    const rejected = await cli(fx, 'carol', ['reject', first, '--reason', 'portal screenshots are not evidence']);
    expect(rejected.stderr).toBe('');
    expect(rejected.stdout).toMatch(/rejected by carol/);

    const second = await propose();
    expect(await api(fx, 'bob', 'POST', `/v1/ops/proposals/${second}/withdraw`, { reason: 'not mine' })).toMatchObject({
      status: 403,
      json: { code: 'PAYOUT_E_FORBIDDEN' },
    });
    const withdrawn = await cli(fx, 'alice', ['withdraw', second, '--reason', 'found the statement line instead']);
    expect(withdrawn.stdout).toMatch(/withdrawn by alice/);
    expect(await api(fx, 'bob', 'POST', `/v1/ops/proposals/${second}/approve`, {})).toMatchObject({
      status: 409,
      json: { code: 'PAYOUT_E_OPS_PROPOSAL_CLOSED' },
    });

    const listed = await cli(fx, 'viewer', ['proposals', '--payout', p.payoutId, '--json']);
    expect((JSON.parse(listed.stdout) as { items: { id: string; status: string }[] }).items.map((i) => [i.id, i.status])).toEqual([
      [second, 'withdrawn'],
      [first, 'rejected'],
    ]);
    expect(await payoutRow(fx.db, p.payoutId)).toEqual(before);
  });

  it('statement evidence lets failed through without an override; a statement line that does not exist is refused', async () => {
    const p = await submittedPayout(fx, 'timeoutBeforeExecution');
    const missing = await api(fx, 'alice', 'POST', `/v1/ops/payouts/${p.payoutId}/force-resolve`, {
      target: 'failed',
      reason: 'x',
      evidence: [{ kind: 'statement_line', lineId: '999999999' }],
    });
    expect(missing).toMatchObject({ status: 422, json: { code: 'PAYOUT_E_OPS_EVIDENCE_REQUIRED' } });
    const ok = await api(fx, 'alice', 'POST', `/v1/ops/payouts/${p.payoutId}/force-resolve`, {
      target: 'failed',
      reason: 'no debit on the complete statement of 2026-01-05',
      evidence: [{ kind: 'statement', statementId: 'STMT-20260105', date: '2026-01-05' }],
    });
    expect(ok.status).toBe(202);
  });
});

describe('timeline', () => {
  it('shows attempts, every bank request and answer (masked), events, proposals and ops actions in order — through the API and the CLI', async () => {
    const p = await submittedPayout(fx, 'timeoutAfterExecution');
    // The decorator records when the adapter's own call ends, which can be just after the wrapper's deadline answered.
    await waitFor(
      async () => {
        await fx.recorder.flush();
        return (await listBankExchanges(fx.db, { payoutId: p.payoutId, endToEndIds: [p.endToEndId], limit: 5 })).length > 0;
      },
      { message: 'the submit exchange is recorded' },
    );
    await api(fx, 'viewer', 'POST', `/v1/ops/payouts/${p.payoutId}/retry`, { reason: 'not allowed' });
    const lineId = await statementLineFor(fx.db, { ...p, amountMinor: 10_000n });
    const proposed = await api(fx, 'alice', 'POST', `/v1/ops/payouts/${p.payoutId}/force-resolve`, {
      target: 'succeeded',
      reason: 'the debit is on the statement',
      evidence: [{ kind: 'statement_line', lineId }],
    });
    expect(proposed.status).toBe(202);
    const r = await api(fx, 'viewer', 'GET', `/v1/ops/payouts/${p.payoutId}/timeline`);
    expect(r.status).toBe(200);
    const entries = r.json['entries'] as { at: string; kind: string; summary: string; data: Record<string, unknown> }[];
    const kinds = new Set(entries.map((e) => e.kind));
    for (const k of ['event', 'attempt', 'bank_request', 'ledger_posting', 'statement_line', 'proposal', 'ops_action'])
      expect(kinds, k).toContain(k);
    expect(entries.find((e) => e.kind === 'statement_line')?.data).toMatchObject({
      lineId,
      direction: 'debit',
      status: 'booked',
      amountMinor: '10000',
      counterpartyAccount: '****4556',
    });
    expect(r.json['notes']).toEqual([]);
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const submit = entries.find((e) => e.kind === 'bank_request' && e.data['operation'] === 'submit');
    expect(submit?.data).toMatchObject({ outcome: 'unknown', bankId: CN_BANK });
    const text = JSON.stringify(r.json);
    expect(text).not.toContain(BENEFICIARY_ACCOUNT);
    expect(text).not.toContain(CN_DEBTOR);
    expect(text).toContain('****4556');
    expect(entries.filter((e) => e.kind === 'ops_action').map((e) => e.data['outcome'])).toEqual(['refused', 'proposed']);

    const viaCli = await cli(fx, 'viewer', ['timeline', p.payoutId]);
    expect(viaCli.code).toBe(0);
    expect(viaCli.stdout).toMatch(/bank_request +submit to ops-cn: unknown/);
    expect(viaCli.stdout).not.toContain(BENEFICIARY_ACCOUNT);
  });
});

describe('stuck list', () => {
  it('per-state thresholds, filters by bank, state, age, amount and client, oldest first, with counts and amounts per bucket', async () => {
    const now = fx.now().getTime();
    const mk = async (amountMinor: bigint, enteredMinutesAgo: number, state: 'processing' | 'held' | 'manual_review') => {
      const { id } = await acceptedPayout(fx.db, { amountMinor, clientId: 'globex' });
      if (state === 'held') await moveTo(fx.db, id, 'held');
      else {
        const s = await submittedPayout(fx, 'timeoutAfterExecution', { payoutId: id });
        if (state === 'manual_review') await moveTo(fx.db, s.payoutId, 'manual_review');
      }
      await sql`update payouts set status_changed_at = ${new Date(now - enteredMinutesAgo * 60_000)} where id = ${id}::uuid`.execute(fx.db);
      return id;
    };
    const oldProcessing = await mk(9_007_199_254_740_993n, 120, 'processing');
    const newerProcessing = await mk(7n, 45, 'processing');
    const freshProcessing = await mk(5n, 10, 'processing'); // under the 30 min threshold
    const held = await mk(300n, 300, 'held');
    const freshHeld = await mk(300n, 60, 'held'); // under the 4 h threshold

    const r = await api(fx, 'viewer', 'GET', '/v1/ops/stuck?client=globex');
    expect(r.status).toBe(200);
    const ids = (r.json['items'] as { id: string }[]).map((i) => i.id);
    expect(ids).toEqual([held, oldProcessing, newerProcessing]);
    expect(ids).not.toContain(freshProcessing);
    expect(ids).not.toContain(freshHeld);
    expect(r.json['buckets']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'processing', bankId: CN_BANK, currency: 'CNY', count: 2, amountMinor: '9007199254741000' }),
        expect.objectContaining({ status: 'held', bankId: null, currency: 'CNY', count: 1, amountMinor: '300' }),
      ]),
    );
    const byBank = await api(fx, 'viewer', 'GET', `/v1/ops/stuck?client=globex&bank=${CN_BANK}&state=processing&minAmountMinor=100`);
    expect((byBank.json['items'] as { id: string }[]).map((i) => i.id)).toEqual([oldProcessing]);
    const byAge = await api(fx, 'viewer', 'GET', '/v1/ops/stuck?client=globex&state=processing,held&minAgeSeconds=300');
    expect((byAge.json['items'] as { id: string }[]).map((i) => i.id)).toEqual([
      held,
      oldProcessing,
      freshHeld,
      newerProcessing,
      freshProcessing,
    ]);

    const viaCli = await cli(fx, 'viewer', ['stuck', '--client', 'globex']);
    expect(viaCli.code).toBe(0);
    expect(viaCli.stdout).toContain('90071992547409.93 CNY');
    expect(viaCli.stdout.indexOf(held)).toBeLessThan(viaCli.stdout.indexOf(oldProcessing));
  });
});

describe('bulk actions with a dry run and a confirmation token', () => {
  it('previews, refuses a token used by someone else or twice, applies once, and decides each payout again', async () => {
    const client = 'bulk-a';
    await createApiClient(fx.db, { id: client });
    const fresh = await Promise.all(Array.from({ length: 5 }, () => acceptedPayout(fx.db, { clientId: client, amountMinor: 1_000n })));
    const ids = fresh.map((p) => p.id);
    const preview = await api(fx, 'alice', 'POST', '/v1/ops/bulk/cancel/preview', {
      filter: { client, state: 'accepted', minAgeSeconds: 0 },
      reason: 'client withdrew the batch',
    });
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({
      action: 'cancel',
      wouldApply: 5,
      wouldApplyByCurrency: [{ currency: 'CNY', count: 5, amountMinor: '5000' }],
    });
    for (const id of ids) expect(await payoutRow(fx.db, id)).toMatchObject({ status: 'accepted' }); // a dry run changes nothing
    const token = String(preview.json['confirmationToken']);

    // One payout moves between the dry run and the execution.
    await moveTo(fx.db, ids[0]!, 'held');
    const notYours = await api(fx, 'oscar', 'POST', '/v1/ops/bulk/cancel/execute', { confirmationToken: token, reason: 'x' });
    expect(notYours).toMatchObject({ status: 422, json: { code: 'PAYOUT_E_OPS_CONFIRMATION_INVALID' } });
    const wrongAction = await api(fx, 'alice', 'POST', '/v1/ops/bulk/retry/execute', { confirmationToken: token, reason: 'x' });
    expect(wrongAction).toMatchObject({ status: 422, json: { code: 'PAYOUT_E_OPS_CONFIRMATION_INVALID' } });

    const done = await api(fx, 'alice', 'POST', '/v1/ops/bulk/cancel/execute', {
      confirmationToken: token,
      reason: 'client withdrew the batch',
    });
    expect(done.status).toBe(200);
    // held → cancelled is allowed too, so the moved one is decided again on its current state and applies.
    expect(done.json).toMatchObject({ applied: 5, refused: [] });
    for (const id of ids) expect((await payoutRow(fx.db, id)).status).toBe('cancelled');
    const twice = await api(fx, 'alice', 'POST', '/v1/ops/bulk/cancel/execute', { confirmationToken: token, reason: 'again' });
    expect(twice).toMatchObject({ status: 422, json: { code: 'PAYOUT_E_OPS_CONFIRMATION_INVALID' } });
    for (const id of ids) expect((await auditByTarget(fx.db, `payout:${id}`)).filter((a) => a.outcome === 'applied')).toHaveLength(1);
  });

  it('a payout that stops qualifying between dry run and execution is refused for itself; the CLI drives both steps', async () => {
    await createApiClient(fx.db, { id: 'bulk-b' });
    // --since compares with created_at, the database's stamp.
    const since = new Date((await databaseNow(fx.db)).getTime() - 1_000).toISOString();
    const fresh = await Promise.all(Array.from({ length: 3 }, () => acceptedPayout(fx.db, { clientId: 'bulk-b', amountMinor: 2_000n })));
    const dry = await cli(fx, 'oscar', [
      'bulk',
      'cancel',
      '--client',
      'bulk-b',
      '--state',
      'accepted',
      '--min-age',
      '0s',
      '--since',
      since,
      '--reason',
      'withdrawn',
      '--dry-run',
      '--json',
    ]);
    expect(dry.stderr).toBe('');
    const preview = JSON.parse(dry.stdout) as { wouldApply: number; confirmationToken: string };
    expect(preview.wouldApply).toBe(3);
    // Sent to the bank meanwhile: cancel is no longer allowed for it.
    await submittedPayout(fx, 'timeoutBeforeExecution', { payoutId: fresh[0]!.id });
    const run = await cli(fx, 'oscar', ['bulk', 'cancel', '--confirm', preview.confirmationToken, '--reason', 'withdrawn']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2 applied/);
    expect(run.stdout).toMatch(/refused 1 × PAYOUT_E_OPS_ALREADY_SENT/);
    expect((await payoutRow(fx.db, fresh[0]!.id)).status).toBe('processing');
    expect((await auditByTarget(fx.db, `payout:${fresh[0]!.id}`)).at(-1)).toMatchObject({ actor: 'oscar', outcome: 'refused' });
  });
});
