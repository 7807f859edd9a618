import { acceptPayouts, databaseNow, uuidv7, writeLifecycleBatch, type Db } from '@payout/db';
import {
  applyAnswer,
  attemptLedgerEvent,
  batchOf,
  decideNewAttempt,
  holdForFunds,
  ledgerKindOfAttemptState,
  sendNewAttempt,
  type NextAction,
  type PayoutPlan,
  type PayoutRef,
  type Transition,
} from '@payout/lifecycle';
import type { AttemptState } from '@payout/domain';
import type { QueryOutcome, SubmitOutcome } from '@payout/bank';
import { createHash, randomBytes } from 'node:crypto';
import { appendLifecyclePostings } from '@payout/db/ledger';
import { sql } from 'kysely';
import { BENEFICIARY_ACCOUNT, CN_BANK, CN_DEBTOR, type OpsFixture } from './ops-fixture.ts';

let seq = 0;
/** Keys and end-to-end ids unique to this test process. */
const RUN = randomBytes(4).toString('hex').toUpperCase();

/** A new accepted CNY payout (no attempt yet). */
export async function acceptedPayout(db: Db, o: { amountMinor?: bigint; clientId?: string } = {}): Promise<{ id: string }> {
  seq += 1;
  const key = `ops-${RUN}-${seq}`;
  const [r] = await acceptPayouts(db, [
    {
      clientId: o.clientId ?? 'acme',
      idempotencyKey: key,
      requestFingerprint: createHash('sha256').update(key).digest('hex'),
      amountMinor: o.amountMinor ?? 10_000n,
      currency: 'CNY',
      fundingAccount: null,
      beneficiary: { name: '张三', scheme: 'cn_bank', accountNumber: BENEFICIARY_ACCOUNT },
      railPreference: null,
      remittanceInfo: null,
      requestedExecutionDate: null,
      actor: 'test:seed',
    },
  ]);
  if (r?.kind !== 'created') throw new Error(`seed payout not created: ${r?.kind}`);
  return { id: r.payout.id };
}

// The seeds move payouts with the lifecycle's own transitions (so the rows, events and outbox
// are exactly what the lifecycle writes), committed one seed step at a time.

async function current(db: Db, payoutId: string): Promise<PayoutRef & { nextActionAt: Date | null }> {
  const row = await db
    .selectFrom('payouts')
    .select(['status', 'version', 'next_action_at'])
    .where('id', '=', payoutId)
    .executeTakeFirstOrThrow();
  return { id: payoutId, status: row.status, version: row.version, nextActionAt: row.next_action_at };
}

async function latestAttempt(
  db: Db,
  payoutId: string,
): Promise<{ id: string; attemptNo: number; channelId: string; endToEndId: string; state: AttemptState }> {
  const a = await db
    .selectFrom('payout_attempts')
    .select(['id', 'attempt_no', 'channel_id', 'end_to_end_id', 'state'])
    .where('payout_id', '=', payoutId)
    .orderBy('attempt_no', 'desc')
    .executeTakeFirstOrThrow();
  return { id: a.id, attemptNo: a.attempt_no, channelId: a.channel_id, endToEndId: a.end_to_end_id, state: a.state };
}

async function write(db: Db, transitions: readonly (Transition | undefined)[]): Promise<void> {
  if (transitions.some((t) => t === undefined)) throw new Error('seeding asked for a move the lifecycle refuses');
  await db.transaction().execute((tx) => writeLifecycleBatch(tx, batchOf('test:seed', transitions)));
}

/** A far-away look, so no worker picks the seeded payout up by itself. */
const FAR = new Date('2099-01-01T00:00:00Z');

/**
 * Moves the payout as the lifecycle would: `held` for funds (an accepted payout), or — for a
 * payout with an attempt — `awaiting_verification` (statement check at `next.at`) or
 * `manual_review`, as a bank answer hands it there.
 */
export async function moveTo(
  db: Db,
  payoutId: string,
  to: 'held' | 'awaiting_verification' | 'manual_review',
  next: { action: NextAction | null; at: Date | null } = { action: null, at: null },
): Promise<void> {
  const c = await current(db, payoutId);
  if (to === 'held') {
    await write(db, [holdForFunds(c, { reason: `seeded ${to}`, shortfallMinor: 0n, currency: 'CNY', retryAt: next.at ?? FAR })]);
    return;
  }
  const plan: PayoutPlan =
    to === 'awaiting_verification'
      ? { kind: 'awaiting_verification', at: next.at ?? FAR, reason: `seeded ${to}` }
      : { kind: 'manual_review', reason: `seeded ${to}` };
  await write(db, [
    applyAnswer(c, await latestAttempt(db, payoutId), { attempt: { countPoll: false }, payout: plan }, await databaseNow(db)),
  ]);
}

/**
 * Writes an attempt (`sending`) and moves the payout to processing, as the submit step does
 * before calling the bank; its next poll is an hour after `now` (the ops clock).
 */
export async function startAttempt(
  db: Db,
  payoutId: string,
  o: { readonly channelId: string; readonly sentAt: Date; readonly now: Date },
): Promise<{ attemptId: string; endToEndId: string; attemptNo: number }> {
  const c = await current(db, payoutId);
  const earlier = await db
    .selectFrom('payout_attempts')
    .select(['state', 'reason_code'])
    .where('payout_id', '=', payoutId)
    .orderBy('attempt_no')
    .execute();
  const rule = decideNewAttempt(earlier.map((a) => ({ state: a.state, reasonCode: a.reason_code ?? undefined })));
  if (!rule.allowed) throw new Error(`seeding a new attempt the rule refuses: ${rule.message}`);
  const attemptNo = earlier.length + 1;
  const attemptId = uuidv7();
  seq += 1;
  const endToEndId = `OPS${RUN}${seq.toString(36)}`.toUpperCase().slice(0, 35);
  await write(db, [
    sendNewAttempt(c, rule, {
      attemptId,
      attemptNo,
      channelId: o.channelId,
      endToEndId,
      now: o.sentAt,
      pollAt: new Date(o.now.getTime() + 3_600_000),
    }),
  ]);
  return { attemptId, endToEndId, attemptNo };
}

/** The attempt's answer as the poll step records it: the attempt moves, the payout keeps its status and next poll. */
function recordAnswer(
  c: PayoutRef & { nextActionAt: Date | null },
  a: { id: string; attemptNo: number; channelId: string; endToEndId: string; state: AttemptState },
  to: AttemptState,
  answeredAt: Date,
  reasonCode?: string,
  bankReference?: string,
): Transition | undefined {
  return applyAnswer(
    c,
    a,
    { attempt: { to, reasonCode, bankReference, countPoll: false }, payout: { kind: 'poll', at: c.nextActionAt ?? FAR } },
    answeredAt,
  );
}

export async function setAttempt(
  db: Db,
  attemptId: string,
  from: AttemptState,
  to: AttemptState,
  answeredAt: Date,
  reasonCode?: string | undefined,
  bankReference?: string | undefined,
): Promise<void> {
  const row = await db.selectFrom('payout_attempts').select(['payout_id']).where('id', '=', attemptId).executeTakeFirstOrThrow();
  const a = await latestAttempt(db, row.payout_id);
  if (a.id !== attemptId || a.state !== from) throw new Error(`seeding expected attempt ${attemptId} to be the latest and ${from}`);
  await write(db, [recordAnswer(await current(db, row.payout_id), a, to, answeredAt, reasonCode, bankReference)]);
}

function attemptStateOf(out: SubmitOutcome | QueryOutcome): {
  state: AttemptState;
  reasonCode?: string | undefined;
  bankReference?: string | undefined;
} {
  switch (out.kind) {
    case 'accepted':
      return { state: 'accepted', bankReference: out.bankReference };
    case 'pending':
      return { state: 'pending', bankReference: out.bankReference };
    case 'succeeded':
      return { state: 'succeeded', bankReference: out.bankReference };
    case 'rejected':
      return { state: 'failed', reasonCode: out.code };
    case 'unknown':
      return { state: 'unknown' };
    default:
      // not_sent / unavailable / returned / not_found: the setup did not get the submission it meant to make.
      throw new Error(`seeding expected the bank to take the submission, got ${out.kind}`);
  }
}

/**
 * A payout really submitted to the simulator with a scripted behaviour: the attempt row is
 * committed first (sending), then the bank is called through the recording decorator and
 * the resilience wrapper, and the attempt takes the state the answer means.
 */
export async function submittedPayout(
  fx: OpsFixture,
  behaviour: 'ok' | 'timeoutAfterExecution' | 'timeoutBeforeExecution' | 'pendingThenSuccess' | 'reject',
  o: {
    amountMinor?: bigint;
    payoutId?: string;
    bankId?: string;
    /** When the attempt was sent (default: the ops clock's now); the simulator's time for statement-date logic. */ sentAt?: Date;
  } = {},
): Promise<{ payoutId: string; attemptId: string; endToEndId: string; state: AttemptState; reasonCode?: string | undefined }> {
  const bankId = o.bankId ?? CN_BANK;
  const bank = fx.banks.get(bankId);
  if (bank === undefined) throw new Error(`no bank ${bankId} in the fixture`);
  const payoutId = o.payoutId ?? (await acceptedPayout(fx.db, o)).id;
  const { attemptId, endToEndId, attemptNo } = await startAttempt(fx.db, payoutId, {
    channelId: bankId,
    sentAt: o.sentAt ?? fx.now(),
    now: fx.now(),
  });
  if (behaviour !== 'ok') await fx.simClient.script(bankId, endToEndId, behaviour);
  const amount = await fx.db.selectFrom('payouts').select(['amount_minor']).where('id', '=', payoutId).executeTakeFirstOrThrow();
  const out = await bank.submit(
    {
      endToEndId,
      payoutId,
      amount: { amountMinor: amount.amount_minor, currency: 'CNY' },
      debtorAccount: { scheme: 'cn_bank', accountNumber: CN_DEBTOR },
      beneficiary: { name: '张三', account: { scheme: 'cn_bank', accountNumber: BENEFICIARY_ACCOUNT } },
      requestedExecutionDate: '2026-01-05',
    },
    AbortSignal.timeout(10_000),
  );
  const s = attemptStateOf(out);
  await setAttempt(fx.db, attemptId, 'sending', s.state, fx.now(), s.reasonCode, s.bankReference);
  // The ledger facts the lifecycle books for this attempt: reserved at submit, then what the answer meant.
  const facts = { payout: { id: payoutId, amountMinor: amount.amount_minor, currency: 'CNY' }, attempt: { attemptNo, channelId: bankId } };
  const after = ledgerKindOfAttemptState(s.state);
  await appendLifecyclePostings(fx.db, [
    attemptLedgerEvent('submitted', facts, fx.now()),
    ...(after === undefined ? [] : [attemptLedgerEvent(after, facts, fx.now())]),
  ]);
  return { payoutId, attemptId, endToEndId, state: s.state, reasonCode: s.reasonCode };
}

/** Sets when the payout entered its status (stuck ages). */
export async function enteredStatusAt(db: Db, payoutIds: readonly string[], at: Date): Promise<void> {
  await sql`update payouts set status_changed_at = ${at} where id = any(${[...payoutIds]}::uuid[])`.execute(db);
}

/**
 * `n` payouts really submitted to `bankId` (setup for bulk tests): accepted in one statement,
 * attempts written (sending) with the payouts in processing — next poll an hour away — before
 * any bank call, then submitted with bounded concurrency and their answers recorded.
 */
export async function submittedBatch(
  fx: OpsFixture,
  bankId: string,
  n: number,
  o: { clientId?: string; amountMinor?: bigint } = {},
): Promise<{ payoutId: string; attemptId: string; endToEndId: string }[]> {
  const bank = fx.banks.get(bankId);
  if (bank === undefined) throw new Error(`no bank ${bankId} in the fixture`);
  seq += 1;
  const tag = `${RUN}${seq.toString(36)}`.toUpperCase();
  const accepted = await acceptPayouts(
    fx.db,
    Array.from({ length: n }, (_, i) => {
      const key = `bulk-${tag}-${i}`;
      return {
        clientId: o.clientId ?? 'acme',
        idempotencyKey: key,
        requestFingerprint: createHash('sha256').update(key).digest('hex'),
        amountMinor: o.amountMinor ?? 10_000n,
        currency: 'CNY',
        fundingAccount: null,
        beneficiary: { name: '张三', scheme: 'cn_bank', accountNumber: BENEFICIARY_ACCOUNT },
        railPreference: null,
        remittanceInfo: null,
        requestedExecutionDate: null,
        actor: 'test:seed',
      };
    }),
  );
  const rows = accepted.map((r, i) => {
    if (r.kind !== 'created') throw new Error(`seed payout ${i} not created: ${r.kind}`);
    return { payoutId: r.payout.id, attemptId: uuidv7(), endToEndId: `B${tag}X${i}`.slice(0, 35) };
  });
  const sentAt = fx.now();
  const later = new Date(sentAt.getTime() + 3_600_000);
  const refs = rows.map((r): PayoutRef => ({ id: r.payoutId, status: 'accepted', version: 1 }));
  const first = decideNewAttempt([]);
  if (!first.allowed) throw new Error(first.message);
  await write(
    fx.db,
    rows.map((r, i) =>
      sendNewAttempt(refs[i]!, first, {
        attemptId: r.attemptId,
        attemptNo: 1,
        channelId: bankId,
        endToEndId: r.endToEndId,
        now: sentAt,
        pollAt: later,
      }),
    ),
  );
  const states: AttemptState[] = new Array<AttemptState>(rows.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < rows.length; i = next++) {
        const r = rows[i]!;
        const out = await bank.submit(
          {
            endToEndId: r.endToEndId,
            payoutId: r.payoutId,
            amount: { amountMinor: o.amountMinor ?? 10_000n, currency: 'CNY' },
            debtorAccount: { scheme: 'cn_bank', accountNumber: CN_DEBTOR },
            beneficiary: { name: '张三', account: { scheme: 'cn_bank', accountNumber: BENEFICIARY_ACCOUNT } },
            requestedExecutionDate: '2026-01-05',
          },
          AbortSignal.timeout(10_000),
        );
        states[i] = attemptStateOf(out).state;
      }
    }),
  );
  await write(
    fx.db,
    rows.map((r, i) =>
      recordAnswer(
        { id: r.payoutId, status: 'processing', version: 2, nextActionAt: later },
        { id: r.attemptId, attemptNo: 1, channelId: bankId, endToEndId: r.endToEndId, state: 'sending' },
        states[i] ?? 'unknown',
        fx.now(),
      ),
    ),
  );
  return rows;
}

/**
 * A booked statement line for the attempt (as verification would ingest it from the bank's
 * statement): one file, one statement, one debit line carrying the end-to-end id. Returns the line id.
 */
export async function statementLineFor(
  db: Db,
  o: { payoutId: string; attemptId: string; endToEndId: string; amountMinor: bigint; bankId?: string; date?: string },
): Promise<string> {
  const bankId = o.bankId ?? CN_BANK;
  const date = o.date ?? '2026-01-05';
  const fileId = uuidv7();
  const statementRowId = uuidv7();
  const sha = createHash('sha256').update(`${fileId}`).digest('hex');
  await db.transaction().execute(async (tx) => {
    await sql`insert into statement_files (id, bank_id, content_sha256, format, source, byte_size, statement_count, line_count, ingested_by)
              values (${fileId}::uuid, ${bankId}, ${sha}, 'csv', 'test', 100, 1, 1, 'test:seed')`.execute(tx);
    await sql`insert into bank_statements (id, file_id, bank_id, account_id, statement_id, format, currency, statement_date, opening_minor, closing_minor,
                credits_minor, debits_minor, credit_count, debit_count, line_count, balance_check, chain_status)
              values (${statementRowId}::uuid, ${fileId}::uuid, ${bankId}, ${CN_DEBTOR}, ${`STMT-${fileId.slice(0, 8)}`}, 'csv', 'CNY', ${date}::date,
                ${(o.amountMinor + 1_000_000n).toString()}::bigint, '1000000'::bigint, 0, ${o.amountMinor.toString()}::bigint, 0, 1, 1, 'ok', 'first')`.execute(
      tx,
    );
  });
  const r = await sql<{ id: bigint }>`
    insert into statement_lines (statement_row_id, line_index, entry_index, bank_id, account_id, currency, amount_minor, direction, reversal, status,
      booking_date, value_date, bank_reference, end_to_end_id, is_return, counterparty_name, counterparty_account, location, raw, attempt_id, payout_id, match_kind)
    values (${statementRowId}::uuid, 0, 0, ${bankId}, ${CN_DEBTOR}, 'CNY', ${o.amountMinor.toString()}::bigint, 'debit', false, 'booked',
      ${date}::date, ${date}::date, 'BANKREF-STMT', ${o.endToEndId}, false, '张三', ${BENEFICIARY_ACCOUNT}, 'line 2',
      ${`2026-01-05,${o.endToEndId},${BENEFICIARY_ACCOUNT},${o.amountMinor}`}, ${o.attemptId}::uuid, ${o.payoutId}::uuid, 'end_to_end_id')
    returning id`.execute(db);
  return String(r.rows[0]!.id);
}
