import { sql } from 'kysely';
import type { Db } from '../database.ts';
import type { AttemptState } from '@payout/domain';
import { payoutFromRow, type PayoutRecord, type PayoutRow } from '../payouts/payout.record.ts';
import { LINE_COLUMNS, lineFromRow, type StoredLineRecord, type StoredLineRow } from './statement-line.record.ts';
import { storedStatementFromRow, type StoredStatementRecord, type StoredStatementRow } from './stored-statement.ts';

/** An attempt as verification reads it. */
export interface VerifyAttemptRecord {
  readonly id: string;
  readonly payoutId: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly endToEndId: string;
  readonly state: AttemptState;
  readonly bankReference: string | null;
  readonly reasonCode: string | null;
  readonly sentAt: Date | null;
  readonly createdAt: Date;
}

/** A payout with all its attempts, oldest first. */
export interface PayoutForVerification {
  readonly payout: PayoutRecord;
  readonly attempts: readonly VerifyAttemptRecord[];
}

interface VerifyAttemptRow {
  id: string;
  payout_id: string;
  attempt_no: number;
  channel_id: string;
  end_to_end_id: string;
  state: AttemptState;
  bank_reference: string | null;
  reason_code: string | null;
  sent_at: Date | null;
  created_at: Date;
}

function withAttempts(rows: readonly PayoutRow[], attempts: readonly VerifyAttemptRow[]): PayoutForVerification[] {
  const byPayout = new Map<string, VerifyAttemptRecord[]>();
  for (const a of attempts) {
    const list = byPayout.get(a.payout_id) ?? [];
    list.push({
      id: a.id,
      payoutId: a.payout_id,
      attemptNo: a.attempt_no,
      channelId: a.channel_id,
      endToEndId: a.end_to_end_id,
      state: a.state,
      bankReference: a.bank_reference,
      reasonCode: a.reason_code,
      sentAt: a.sent_at,
      createdAt: a.created_at,
    });
    byPayout.set(a.payout_id, list);
  }
  return rows.map((r) => ({ payout: payoutFromRow(r), attempts: (byPayout.get(r.id) ?? []).sort((x, y) => x.attemptNo - y.attemptNo) }));
}

/**
 * Claim up to `limit` payouts whose next action is `verify`, due by `now`, with a live attempt
 * at `channelId`. Like polls, the claim is a lease: `next_action_at` moves to `leaseUntil`,
 * so a worker that dies mid-verification leaves rows that fall due again.
 */
export async function claimDueVerifications(
  db: Db,
  opts: { readonly channelId: string; readonly now: Date; readonly limit: number; readonly leaseUntil: Date },
): Promise<PayoutForVerification[]> {
  const rows = await sql<PayoutRow>`
    with due as (
      select p.id from payouts p
      where p.next_action = 'verify' and p.next_action_at <= ${opts.now}
        and exists (select 1 from payout_attempts a where a.payout_id = p.id and a.channel_id = ${opts.channelId} and a.state <> 'failed')
      order by p.next_action_at
      limit ${opts.limit}
      for update skip locked
    )
    update payouts p set next_action_at = ${opts.leaseUntil}, updated_at = now()
    from due where p.id = due.id
    returning p.*
  `.execute(db);
  return withAttempts(
    rows.rows,
    await attemptsOf(
      db,
      rows.rows.map((r) => r.id),
    ),
  );
}

/**
 * How many payouts wait for verification and fell due by `now` (all channels): what the
 * verify role still has to look at. The demo's second morning waits for it to reach 0.
 *
 * @example await countDueVerifications(db, { now: simNow }) // 0 once every due payout was verified
 */
export async function countDueVerifications(db: Db, opts: { readonly now: Date }): Promise<number> {
  const r = await db
    .selectFrom('payouts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'awaiting_verification')
    .where('next_action_at', '<=', opts.now)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Payouts of `channelId` in manual_review or processing whose live attempt is named by a
 * stored statement line: a statement debit or return is positive evidence for them too.
 */
export async function payoutsWithStatementEvidence(
  db: Db,
  opts: { readonly channelId: string; readonly limit: number },
): Promise<PayoutForVerification[]> {
  const rows = await sql<PayoutRow>`
    select p.* from payouts p
    where p.status in ('manual_review', 'processing')
      and exists (
        select 1 from payout_attempts a join statement_lines l on l.attempt_id = a.id
        where a.payout_id = p.id and a.channel_id = ${opts.channelId} and a.state <> 'failed'
          and l.status = 'booked' and ((l.direction = 'debit' and not l.reversal) or l.is_return or l.reversal)
      )
    order by p.id
    limit ${opts.limit}
  `.execute(db);
  return withAttempts(
    rows.rows,
    await attemptsOf(
      db,
      rows.rows.map((r) => r.id),
    ),
  );
}

/** Lock these payouts (id order) inside the caller's transaction and read them fresh, with their attempts. */
export async function lockPayoutsForVerification(tx: Db, payoutIds: readonly string[]): Promise<PayoutForVerification[]> {
  if (payoutIds.length === 0) return [];
  const rows = await sql<PayoutRow>`select p.* from payouts p where p.id = any(${[...payoutIds]}::uuid[]) order by p.id for update`.execute(
    tx,
  );
  return withAttempts(
    rows.rows,
    await attemptsOf(
      tx,
      rows.rows.map((r) => r.id),
    ),
  );
}

async function attemptsOf(db: Db, payoutIds: readonly string[]): Promise<VerifyAttemptRow[]> {
  if (payoutIds.length === 0) return [];
  const r = await sql<VerifyAttemptRow>`
    select a.id, a.payout_id, a.attempt_no, a.channel_id, a.end_to_end_id, a.state, a.bank_reference, a.reason_code, a.sent_at, a.created_at
    from payout_attempts a where a.payout_id = any(${[...payoutIds]}::uuid[]) order by a.payout_id, a.attempt_no
  `.execute(db);
  return r.rows;
}

/** Statements of one account with dates in [from, through], any order. */
export async function loadStatements(
  db: Db,
  opts: { readonly bankId: string; readonly accountId: string; readonly from: string; readonly through: string },
): Promise<StoredStatementRecord[]> {
  const r = await sql<StoredStatementRow>`
    select * from bank_statements
    where bank_id = ${opts.bankId} and account_id = ${opts.accountId} and statement_date between ${opts.from} and ${opts.through}
  `.execute(db);
  return r.rows.map(storedStatementFromRow);
}

/** The latest statement date held for an account, if any. */
export async function latestStatementDate(
  db: Db,
  opts: { readonly bankId: string; readonly accountId: string },
): Promise<string | undefined> {
  const r = await sql<{ d: string | null }>`
    select max(statement_date) as d from bank_statements where bank_id = ${opts.bankId} and account_id = ${opts.accountId}
  `.execute(db);
  return r.rows[0]?.d ?? undefined;
}

/** Every line naming one of these attempts (reference or fallback link). */
export async function linesForAttempts(db: Db, attemptIds: readonly string[]): Promise<StoredLineRecord[]> {
  if (attemptIds.length === 0) return [];
  const r = await sql<StoredLineRow>`
    select ${sql.raw(LINE_COLUMNS)} from statement_lines l
      left join payout_attempts a on a.id = l.attempt_id left join payouts p on p.id = l.payout_id
    where l.attempt_id = any(${[...attemptIds]}::uuid[])
  `.execute(db);
  return r.rows.map(lineFromRow);
}

/** Booked debits that name no attempt, on these accounts, booked in [from, through]: fallback candidates. */
export async function unreferencedDebits(
  db: Db,
  opts: { readonly bankId: string; readonly accountIds: readonly string[]; readonly from: string; readonly through: string },
): Promise<StoredLineRecord[]> {
  if (opts.accountIds.length === 0) return [];
  const r = await sql<StoredLineRow>`
    select ${sql.raw(LINE_COLUMNS)} from statement_lines l
      left join payout_attempts a on a.id = l.attempt_id left join payouts p on p.id = l.payout_id
    where l.bank_id = ${opts.bankId} and l.account_id = any(${[...opts.accountIds]}::text[])
      and l.attempt_id is null and l.direction = 'debit' and l.status = 'booked' and not l.reversal
      and l.booking_date between ${opts.from} and ${opts.through}
  `.execute(db);
  return r.rows.map(lineFromRow);
}

/** Statements of a bank not yet through a verification pass. */
export async function unmatchedStatements(
  db: Db,
  opts: { readonly bankId: string; readonly limit: number },
): Promise<StoredStatementRecord[]> {
  const r = await sql<StoredStatementRow>`
    select * from bank_statements where bank_id = ${opts.bankId} and matched_at is null order by statement_date, id limit ${opts.limit}
  `.execute(db);
  return r.rows.map(storedStatementFromRow);
}

/**
 * The lines of these statements that need a look even when no payout waits for them:
 * debits naming no attempt (exceptions unless a fallback claims them), returns and reversals
 * (returns of earlier payouts), and debits naming an attempt we recorded as failed.
 */
export async function linesNeedingReview(db: Db, statementRowIds: readonly string[]): Promise<StoredLineRecord[]> {
  if (statementRowIds.length === 0) return [];
  const r = await sql<StoredLineRow>`
    select ${sql.raw(LINE_COLUMNS)} from statement_lines l
      left join payout_attempts a on a.id = l.attempt_id left join payouts p on p.id = l.payout_id
    where l.statement_row_id = any(${[...statementRowIds]}::uuid[]) and l.status = 'booked'
      and ((l.attempt_id is null and l.direction = 'debit' and not l.reversal)
           or l.is_return or l.reversal
           or (l.direction = 'debit' and a.state = 'failed'))
  `.execute(db);
  return r.rows.map(lineFromRow);
}
