import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '@payout/test-harness/vitest';
import { fakeBankProfile } from '@payout/bank';
import { classifyReason } from '@payout/domain';
import { createApiClient, createDb, listStatementExceptions, migrateToLatest, type Db } from '@payout/db';
import { fixedClock } from '../clock/clock.port.ts';
import { DEFAULT_VERIFY_SETTINGS, type VerifyChannel, type VerifyDeps } from './verify-deps.ts';
import { noopVerifyMetrics } from './verify-metrics.port.ts';
import { verifyDue } from './verify.worker.ts';
import { camtStatement, payoutWithAttempt, scriptedBank, statusOf, type FixturePayout } from './test-support/verify-fixtures.ts';

const pg = usePostgres();
let db: Db;
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

beforeAll(async () => {
  db = createDb({ url: pg.url, maxConnections: 4 });
  await migrateToLatest(db);
  await createApiClient(db, { id: 'acme' });
});
afterAll(async () => {
  await db?.destroy();
});

const profile = (bankId: string) =>
  fakeBankProfile({
    bankId,
    calendar: 'TARGET2',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    statementFormat: 'camt.053',
    statementTime: '10:00',
    notFoundMeansProcessing: false,
  });

function depsFor(channel: VerifyChannel, now: Date): VerifyDeps {
  return {
    db,
    clock: fixedClock(now),
    channels: new Map([[channel.bankId, channel]]),
    logger: silent,
    metrics: noopVerifyMetrics,
    settings: { ...DEFAULT_VERIFY_SETTINGS, fetchAttempts: 1 },
  };
}

async function eventTypes(payoutId: string): Promise<string[]> {
  const r = await sql<{ type: string }>`select type from payout_events where payout_id = ${payoutId} order by seq`.execute(db);
  return r.rows.map((x) => x.type);
}
async function outboxTypes(payoutId: string): Promise<string[]> {
  const r = await sql<{ type: string }>`select type from outbox where payout_id = ${payoutId} order by id`.execute(db);
  return r.rows.map((x) => x.type);
}

describe('verification pass against stored statements (Friday sends, Monday verification)', () => {
  const ACC = 'DE89370400440532013000';
  const bank = scriptedBank();
  const channel: VerifyChannel = { bankId: 'eu-bank', profile: profile('eu-bank'), bank, account: { scheme: 'iban', accountNumber: ACC } };
  const fri = '2026-03-06';
  const sentAt = new Date('2026-03-06T14:00:00Z'); // 15:00 Berlin
  const monday1030 = new Date('2026-03-09T09:30:00Z');
  const ben = (n: number) => ({ name: `Beneficiary ${n}`, accountNumber: `NL91ABNA04171643${String(n).padStart(2, '0')}` });
  const p: Record<string, FixturePayout> = {};

  beforeAll(async () => {
    const mk = (n: number, amountMinor: bigint, status: 'awaiting_verification' | 'succeeded' = 'awaiting_verification') =>
      payoutWithAttempt(db, {
        clientId: 'acme',
        channelId: 'eu-bank',
        amountMinor,
        currency: 'EUR',
        beneficiary: ben(n),
        sentAt,
        status,
        attemptState: status === 'succeeded' ? 'succeeded' : 'unknown',
        verifyAt: new Date('2026-03-09T09:00:00Z'),
      });
    p.executed = await mk(1, 10_000n);
    p.rejected = await mk(2, 20_000n);
    p.notFound = await mk(3, 30_000n);
    p.ambiguous = await mk(4, 40_000n);
    p.fallback = await mk(5, 50_000n);
    p.returnedSameWeek = await mk(6, 60_000n);
    p.oldSucceeded = await mk(7, 70_000n, 'succeeded');
    p.unknownAnswer = await mk(8, 80_000n);

    const d = (e2e: string | undefined, amountMinor: bigint, n: number, date = fri) => ({
      amountMinor,
      direction: 'debit' as const,
      bookingDate: date,
      valueDate: date,
      bankReference: `BR-${n}-${date}`,
      ...(e2e === undefined ? {} : { endToEndId: e2e }),
      counterparty: { name: ben(n).name, account: ben(n).accountNumber },
    });
    const ret = (e2e: string, amountMinor: bigint, code: string, date: string) => ({
      amountMinor,
      direction: 'credit' as const,
      bookingDate: date,
      valueDate: date,
      bankReference: `RET-${e2e}`,
      endToEndId: e2e,
      returnReason: { code },
    });
    const s1 = camtStatement(ACC, fri, 41, 10_000_000n, [
      d(p.executed.endToEndId, 10_000n, 1),
      d(undefined, 40_000n, 4),
      d(undefined, 40_000n, 4), // two identical debits without references: ambiguous
      d(undefined, 50_000n, 5), // unique fallback
      d(p.returnedSameWeek.endToEndId, 60_000n, 6),
      d(undefined, 99_999n, 99), // nobody's: an exception for ops
    ]);
    const s2 = camtStatement(ACC, '2026-03-07', 42, s1.closingMinor, []);
    const s3 = camtStatement(ACC, '2026-03-08', 43, s2.closingMinor, [
      ret(p.returnedSameWeek.endToEndId, 60_000n, 'AC04', '2026-03-08'),
      ret(p.oldSucceeded.endToEndId, 70_000n, 'R03', '2026-03-08'),
    ]);
    bank.statements.set(fri, s1.text).set('2026-03-07', s2.text).set('2026-03-08', s3.text);
    bank.answers.set(p.rejected.endToEndId, {
      kind: 'rejected',
      endToEndId: p.rejected.endToEndId,
      bankStatus: 'RJCT',
      code: 'AB05',
      reason: classifyReason('AB05'),
    });
    bank.answers.set(p.notFound.endToEndId, { kind: 'not_found', endToEndId: p.notFound.endToEndId, mayStillBeProcessing: false });
  });

  it('resolves each payout from the statements and the bank’s answers', async () => {
    const reports = await verifyDue(depsFor(channel, monday1030));
    expect(reports[0]?.fetched.map((f) => `${f.date}:${f.kind}`)).toEqual([
      '2026-03-06:ingested',
      '2026-03-07:ingested',
      '2026-03-08:ingested',
    ]);
    expect((await statusOf(db, p.executed!.payoutId)).status).toBe('succeeded');
    expect(await eventTypes(p.executed!.payoutId)).toContain('payout.succeeded');
    expect(await outboxTypes(p.executed!.payoutId)).toContain('payout.succeeded');

    // Rejected with AB05 (a timeout at the bank): failed attempt, and the domain rule allows a new one.
    const rejected = await statusOf(db, p.rejected!.payoutId);
    expect(rejected).toMatchObject({ status: 'accepted', next_action: 'submit' });
    const att = await sql<{
      state: string;
      reason_code: string;
    }>`select state, reason_code from payout_attempts where id = ${p.rejected!.attemptId}`.execute(db);
    expect(att.rows[0]).toEqual({ state: 'failed', reason_code: 'AB05' });

    expect((await statusOf(db, p.notFound!.payoutId)).status).toBe('failed');
    const amb = await statusOf(db, p.ambiguous!.payoutId);
    expect(amb.status).toBe('manual_review');
    const cand = await sql<{
      candidates: unknown[];
    }>`select candidates from payout_verifications where payout_id = ${p.ambiguous!.payoutId}`.execute(db);
    expect(cand.rows[0]?.candidates).toHaveLength(2);

    expect((await statusOf(db, p.fallback!.payoutId)).status).toBe('succeeded');
    const linked = await sql<{
      match_kind: string;
    }>`select match_kind from statement_lines where payout_id = ${p.fallback!.payoutId}`.execute(db);
    expect(linked.rows).toEqual([{ match_kind: 'fallback' }]);

    expect((await statusOf(db, p.returnedSameWeek!.payoutId)).status).toBe('returned');
    expect((await outboxTypes(p.returnedSameWeek!.payoutId)).slice(-2)).toEqual(['payout.succeeded', 'payout.returned']);
    expect((await statusOf(db, p.oldSucceeded!.payoutId)).status).toBe('returned');
    expect((await outboxTypes(p.oldSucceeded!.payoutId)).slice(-1)).toEqual(['payout.returned']);

    // No answer from the bank: still waiting, checked again later; never failed.
    expect(await statusOf(db, p.unknownAnswer!.payoutId)).toMatchObject({ status: 'awaiting_verification', next_action: 'verify' });

    const exceptions = await listStatementExceptions(db, { bankId: 'eu-bank' });
    expect(exceptions.map((e) => [e.kind, e.amountMinor])).toEqual([['unmatched_debit', 99_999n]]);
  });

  it('a second pass changes nothing', async () => {
    const before = await sql<{
      n: string;
    }>`select (select count(*) from payout_events)::text || '/' || (select count(*) from outbox)::text || '/' || (select count(*) from statement_lines)::text || '/' || (select count(*) from statement_exceptions)::text as n`.execute(
      db,
    );
    await verifyDue(depsFor(channel, monday1030));
    const after = await sql<{
      n: string;
    }>`select (select count(*) from payout_events)::text || '/' || (select count(*) from outbox)::text || '/' || (select count(*) from statement_lines)::text || '/' || (select count(*) from statement_exceptions)::text as n`.execute(
      db,
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});

describe('a statement missing from the sequence', () => {
  const ACC = 'DE02120300000000202051';
  const bank = scriptedBank();
  const channel: VerifyChannel = {
    bankId: 'gap-bank',
    profile: profile('gap-bank'),
    bank,
    account: { scheme: 'iban', accountNumber: ACC },
  };

  it('never resolves a payout as failed, though the bank says it has no record', async () => {
    const sentAt = new Date('2026-03-09T09:00:00Z'); // Monday
    const mk = (n: number) =>
      payoutWithAttempt(db, {
        clientId: 'acme',
        channelId: 'gap-bank',
        amountMinor: BigInt(n) * 1_000n,
        currency: 'EUR',
        beneficiary: { name: `G${n}`, accountNumber: `GB33BUKB202015555555${n}` },
        sentAt,
        status: 'awaiting_verification',
        attemptState: 'unknown',
        verifyAt: new Date('2026-03-11T09:00:00Z'),
      });
    const executed = await mk(1);
    const silentOnes = [await mk(2), await mk(3)];
    for (const s of silentOnes)
      bank.answers.set(s.endToEndId, { kind: 'not_found', endToEndId: s.endToEndId, mayStillBeProcessing: false });
    const mon = camtStatement(ACC, '2026-03-09', 7, 5_000_000n, []);
    // Tuesday's statement (number 8) is missing; Wednesday's (9) is there.
    const tueClosing = mon.closingMinor - 1_000n;
    const wed = camtStatement(ACC, '2026-03-11', 9, tueClosing, [
      { amountMinor: 1_000n, direction: 'debit', bookingDate: '2026-03-11', valueDate: '2026-03-11', endToEndId: executed.endToEndId },
    ]);
    bank.statements.set('2026-03-09', mon.text).set('2026-03-11', wed.text);
    // Thursday 10:30 Berlin: statements through Wednesday are due.
    await verifyDue(depsFor(channel, new Date('2026-03-12T09:30:00Z')));
    expect((await statusOf(db, executed.payoutId)).status).toBe('succeeded');
    for (const s of silentOnes) {
      const st = await statusOf(db, s.payoutId);
      expect(st.status).not.toBe('failed');
      expect(['awaiting_verification', 'manual_review']).toContain(st.status);
    }
    for (const s of silentOnes) {
      const reason = await sql<{ reason: string }>`select reason from payout_verifications where payout_id = ${s.payoutId}`.execute(db);
      expect(reason.rows[0]?.reason).toMatch(/incomplete/);
    }
    const chain = await sql<{
      statement_date: string;
      chain_status: string;
    }>`select statement_date, chain_status from bank_statements where bank_id = 'gap-bank' order by statement_date`.execute(db);
    expect(chain.rows).toEqual([
      { statement_date: '2026-03-09', chain_status: 'first' },
      { statement_date: '2026-03-11', chain_status: 'broken' },
    ]);
  });
});

describe('verification across the end of calendar data (CN data ends 2026-12-31)', () => {
  const cnProfile = (bankId: string) =>
    fakeBankProfile({
      bankId,
      calendar: 'CN',
      timeZone: 'Asia/Shanghai',
      currency: 'CNY',
      statementFormat: 'camt.053',
      statementTime: '10:00',
      notFoundMeansProcessing: false,
    });
  const cnChannel = (bankId: string, account: string, bank = scriptedBank()): VerifyChannel => ({
    bankId,
    profile: cnProfile(bankId),
    bank,
    account: { scheme: 'cn_bank', accountNumber: account },
  });
  const nextAction = async (payoutId: string) =>
    (
      await sql<{
        status: string;
        next_action: string | null;
        next_action_at: Date | null;
        status_reason: string | null;
      }>`select status, next_action, next_action_at, status_reason from payouts where id = ${payoutId}`.execute(db)
    ).rows[0];

  it('skips a channel whose due statements need a year without data, claims nothing there, and goes on with the others', async () => {
    const cn = cnChannel('cn-skip', '6222000000000000881');
    const eu: VerifyChannel = {
      bankId: 'eu-2027',
      profile: profile('eu-2027'),
      bank: scriptedBank(),
      account: { scheme: 'iban', accountNumber: 'DE75512108001245126199' },
    };
    const verifyAt = new Date('2027-01-04T02:00:00Z');
    const waiting = await payoutWithAttempt(db, {
      clientId: 'acme',
      channelId: 'cn-skip',
      amountMinor: 5_000n,
      currency: 'CNY',
      beneficiary: { name: 'C1', accountNumber: 'NL91ABNA0417164301' },
      sentAt: new Date('2026-12-31T06:00:00Z'),
      status: 'awaiting_verification',
      attemptState: 'unknown',
      verifyAt,
    });
    const warnings: Record<string, unknown>[] = [];
    const logger = { ...silent, warn: (o: Record<string, unknown>) => void warnings.push(o), child: () => logger };
    const deps: VerifyDeps = {
      ...depsFor(cn, new Date('2027-01-04T02:30:00Z')),
      channels: new Map([
        ['cn-skip', cn],
        ['eu-2027', eu],
      ]),
      logger,
    };

    const [cnReport, euReport] = await verifyDue(deps); // Monday 2027-01-04 10:30 Shanghai
    expect(cnReport).toMatchObject({
      bankId: 'cn-skip',
      skipped: { code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027 },
      claimed: 0,
      fetched: [],
    });
    expect(warnings).toContainEqual({ code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027 });
    expect(euReport?.bankId).toBe('eu-2027');
    expect(euReport?.skipped).toBeUndefined();
    expect(euReport?.availableThrough).toBe('2026-12-30'); // 03:30 Berlin: Wednesday's statement came out on Thursday; the later ones at 10:00 today
    // Untouched and not leased: the next pass looks at it again.
    expect(await nextAction(waiting.payoutId)).toMatchObject({
      status: 'awaiting_verification',
      next_action: 'verify',
      next_action_at: verifyAt,
    });
  });

  it('a payout waiting for a statement whose due day is unknown waits with the code; the pass goes on for the others', async () => {
    const ACC = '6222000000000000882';
    const bank = scriptedBank();
    const cn = cnChannel('cn-defer', ACC, bank);
    const sentAt = new Date('2026-12-30T06:00:00Z'); // Wed 14:00 Shanghai
    const mk = (n: number) =>
      payoutWithAttempt(db, {
        clientId: 'acme',
        channelId: 'cn-defer',
        amountMinor: BigInt(n) * 1_000n,
        currency: 'CNY',
        beneficiary: { name: `D${n}`, accountNumber: `NL91ABNA04171643${String(n).padStart(2, '0')}` },
        sentAt,
        status: 'awaiting_verification',
        attemptState: 'unknown',
        verifyAt: new Date('2026-12-31T02:00:00Z'),
      });
    const executed = await mk(11);
    const pending = await mk(12);
    // The bank still calls it in progress: the statement of the day after decides, and that is due on a 2027 day.
    bank.answers.set(pending.endToEndId, { kind: 'pending', endToEndId: pending.endToEndId, bankStatus: 'PDNG' });
    const wed = camtStatement(
      ACC,
      '2026-12-30',
      1,
      5_000_000n,
      [{ amountMinor: 11_000n, direction: 'debit', bookingDate: '2026-12-30', valueDate: '2026-12-30', endToEndId: executed.endToEndId }],
      'CNY',
    );
    bank.statements.set('2026-12-30', wed.text);
    const now = new Date('2026-12-31T02:30:00Z'); // Thu 10:30 Shanghai: Wednesday's statement is out; Thursday's is due on a 2027 day

    const [report] = await verifyDue(depsFor(cn, now));
    expect(report?.availableThrough).toBe('2026-12-30');
    expect((await statusOf(db, executed.payoutId)).status).toBe('succeeded');
    const row = await nextAction(pending.payoutId);
    expect(row).toMatchObject({
      status: 'awaiting_verification',
      next_action: 'verify',
      next_action_at: new Date(now.getTime() + DEFAULT_VERIFY_SETTINGS.retryLaterMs),
    });
    expect(row?.status_reason).toMatch(
      /^PAYOUT_E_CALENDAR_NO_DATA: calendar CN has no data for 2027; the statement of 2026-12-31 has no known due date yet; verification waiting: /,
    );
    const ev = await sql<{
      data: Record<string, unknown>;
    }>`select data from payout_events where payout_id = ${pending.payoutId} and type = 'verification.deferred'`.execute(db);
    expect(ev.rows[0]?.data).toMatchObject({ code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027 });
  });
});
