import { sql } from 'kysely';
import type { QueryOutcome, QueryRef, StatementOutcome } from '@payout/bank';
import { acceptPayouts, uuidv7, type Db } from '@payout/db';
import type { BankAccountRef, PayoutStatus } from '@payout/domain';
import { createHash, randomBytes } from 'node:crypto';
import { writeCamt053, type WritableLine } from '@payout/statements';
import type { VerifyChannel } from '../verify-deps.ts';

/** A bank whose statements and query answers the test scripts. */
export interface ScriptedBank extends Pick<VerifyChannel['bank'], 'fetchStatement' | 'query'> {
  readonly statements: Map<string, string>;
  readonly answers: Map<string, QueryOutcome>;
  readonly queried: string[];
  readonly fetched: string[];
}

export function scriptedBank(): ScriptedBank {
  const statements = new Map<string, string>();
  const answers = new Map<string, QueryOutcome>();
  const queried: string[] = [];
  const fetched: string[] = [];
  return {
    statements,
    answers,
    queried,
    fetched,
    fetchStatement(account: BankAccountRef, date: string): Promise<StatementOutcome> {
      fetched.push(date);
      const content = statements.get(date);
      return Promise.resolve(
        content === undefined
          ? { kind: 'unknown', cause: 'http_5xx', detail: 'scripted: no statement for this day' }
          : { kind: 'available', account, date, format: 'camt.053', contentType: 'application/xml', content },
      );
    },
    query(ref: QueryRef): Promise<QueryOutcome> {
      queried.push(ref.endToEndId);
      return Promise.resolve(
        answers.get(ref.endToEndId) ?? { kind: 'unknown', endToEndId: ref.endToEndId, cause: 'timeout', detail: 'scripted: no answer' },
      );
    },
  };
}

/** camt.053 for one day; returns the text and the closing balance for the next day's opening. */
export function camtStatement(
  account: string,
  date: string,
  sequence: number,
  openingMinor: bigint,
  lines: readonly WritableLine[],
  currency = 'EUR',
): { text: string; closingMinor: bigint } {
  let closing = openingMinor;
  for (const l of lines) closing += l.direction === 'debit' ? -l.amountMinor : l.amountMinor;
  const text = [
    ...writeCamt053(
      {
        messageId: `MSG-${account.slice(-4)}-${date}`,
        statementId: `STMT-${date}`,
        account: { id: account, scheme: /^[A-Z]{2}\d{2}/.test(account) ? 'iban' : 'other' },
        currency,
        sequence: String(sequence),
        creationDateTime: `${date}T23:30:00Z`,
        openingBalance: { amountMinor: openingMinor, date },
        closingBalance: { amountMinor: closing, date },
      },
      lines,
    ),
  ].join('');
  return { text, closingMinor: closing };
}

export interface FixturePayout {
  readonly payoutId: string;
  readonly attemptId: string;
  readonly endToEndId: string;
}

let seq = 0;
/** Keys unique to this test process (tests of a file share one database). */
const RUN = randomBytes(4).toString('hex');

/** A payout with one attempt at `channelId`, put straight into `status` (fixtures bypass the lifecycle). */
export async function payoutWithAttempt(
  db: Db,
  opts: {
    readonly clientId: string;
    readonly channelId: string;
    readonly amountMinor: bigint;
    readonly currency: string;
    readonly beneficiary: { readonly name: string; readonly accountNumber: string };
    readonly sentAt: Date;
    readonly status: PayoutStatus;
    readonly attemptState: 'unknown' | 'pending' | 'succeeded' | 'accepted';
    readonly verifyAt?: Date;
  },
): Promise<FixturePayout> {
  seq++;
  const key = `fx-${RUN}-${seq}`;
  const [r] = await acceptPayouts(db, [
    {
      clientId: opts.clientId,
      idempotencyKey: key,
      requestFingerprint: createHash('sha256').update(key).digest('hex'),
      amountMinor: opts.amountMinor,
      currency: opts.currency,
      fundingAccount: null,
      beneficiary: { name: opts.beneficiary.name, scheme: 'iban', accountNumber: opts.beneficiary.accountNumber },
      railPreference: null,
      remittanceInfo: null,
      requestedExecutionDate: null,
      actor: 'test',
    },
  ]);
  if (r?.kind !== 'created') throw new Error('fixture payout not created');
  const attemptId = uuidv7();
  const endToEndId = `E2E${String(seq).padStart(4, '0')}${key.slice(-6)}`.slice(0, 35);
  await sql`insert into payout_attempts (id, payout_id, attempt_no, channel_id, end_to_end_id, state, sent_at)
            values (${attemptId}, ${r.payout.id}, 1, ${opts.channelId}, ${endToEndId}, ${opts.attemptState}, ${opts.sentAt})`.execute(db);
  const verify = opts.status === 'awaiting_verification';
  await sql`update payouts set status = ${opts.status}, attempt_count = 1,
              next_action = ${verify ? 'verify' : null}, next_action_at = ${verify ? (opts.verifyAt ?? opts.sentAt) : null}
            where id = ${r.payout.id}`.execute(db);
  return { payoutId: r.payout.id, attemptId, endToEndId };
}

export async function statusOf(
  db: Db,
  payoutId: string,
): Promise<{ status: PayoutStatus; next_action: string | null; status_reason: string | null }> {
  const r = await sql<{ status: PayoutStatus; next_action: string | null; status_reason: string | null }>`
    select status, next_action, status_reason from payouts where id = ${payoutId}`.execute(db);
  const row = r.rows[0];
  if (row === undefined) throw new Error(`no payout ${payoutId}`);
  return row;
}
