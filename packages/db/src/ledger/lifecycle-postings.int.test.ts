import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { isPayoutError, money } from '@payout/domain';
import {
  PAYOUT_LEDGER_EVENT_TYPES,
  computePositions,
  driftReport,
  openingBalancePosting,
  trialBalance,
  type PayoutLedgerEvent,
  type Posting,
} from '@payout/ledger';
import { loadDrift } from './drift.query.ts';
import { appendLifecyclePostings } from './lifecycle-postings.ts';
import type { Db } from '../database.ts';
import { PgLedgerStore } from './pg-ledger.store.ts';
import { loadPositions } from './positions.query.ts';
import { useLedgerDb } from './test-support/use-ledger-db.ts';

const h = useLedgerDb();
const at = new Date('2026-09-30T02:00:00Z');

function run(): string {
  return globalThis.crypto.randomUUID().slice(0, 8);
}

const ev = (
  type: PayoutLedgerEvent['type'],
  payoutId: string,
  account: string,
  extra: Partial<PayoutLedgerEvent> = {},
): PayoutLedgerEvent => ({
  type,
  payoutId,
  attempt: 1,
  fundingAccountId: account,
  amount: money(10_000n, 'CNY'),
  at,
  ...extra,
});

async function allPostings(db: Db, account: string): Promise<readonly Posting[]> {
  return new PgLedgerStore(db).postingsForAccount(account, 'CNY');
}

async function postingCount(db: Db): Promise<bigint> {
  return (await sql<{ n: bigint }>`select count(*) as n from ledger_postings`.execute(db)).rows[0]!.n;
}

describe('appendLifecyclePostings', () => {
  it('books a batch of events for many payouts inside the caller’s transaction, in one append, and a replay adds nothing', async () => {
    const r = run();
    const account = `acct-${r}`;
    const ids = Array.from({ length: 200 }, (_, i) => `p${i}-${r}`);
    const batch: PayoutLedgerEvent[] = [
      ...ids.map((id) => ev('submitted', id, account)),
      // Same batch, later events of some of the same payouts: they see the reserve booked just before.
      ...ids.slice(0, 50).map((id) => ev('attempt_unknown', id, account)),
      ...ids.slice(50, 80).map((id) => ev('attempt_failed', id, account)),
      ...ids.slice(80, 100).map((id) => ev('attempt_succeeded', id, account)),
    ];
    const before = await postingCount(h.db);
    const first = await h.db.transaction().execute((tx) => appendLifecyclePostings(tx, batch));
    expect(first.appended).toHaveLength(300);
    expect(first.duplicates).toEqual([]);
    expect(first.outcomes.every((o) => o.kind === 'post')).toBe(true);
    expect(await postingCount(h.db)).toBe(before + 300n);

    const again = await h.db.transaction().execute((tx) => appendLifecyclePostings(tx, batch));
    expect(again.appended).toEqual([]);
    expect(again.outcomes.every((o) => o.kind === 'already_posted')).toBe(true);
    expect(await postingCount(h.db)).toBe(before + 300n);

    const [pos] = await loadPositions(h.db, { fundingAccountIds: [account] });
    expect(pos).toMatchObject({
      reservedMinor: 100n * 10_000n,
      unknownExposureMinor: 50n * 10_000n,
      settledAwaitingStatementMinor: 20n * 10_000n,
      availableMinor: -170n * 10_000n,
    });
  });

  it('writes nothing when the caller’s transaction rolls back', async () => {
    const r = run();
    const before = await postingCount(h.db);
    const err: unknown = await h.db
      .transaction()
      .execute(async (tx) => {
        await appendLifecyclePostings(tx, [ev('submitted', `p-rb-${r}`, `acct-${r}`)]);
        throw new Error('the lifecycle batch failed after booking');
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(await postingCount(h.db)).toBe(before);
  });

  it('throws on a contradictory fact by default, and with onRefused=report books the rest and names the refused one', async () => {
    const r = run();
    const account = `acct-${r}`;
    await appendLifecyclePostings(h.db, [ev('submitted', `ok-${r}`, account), ev('attempt_succeeded', `bad-${r}`, account)]);
    const contradiction = ev('attempt_failed', `bad-${r}`, account); // a settled attempt cannot fail
    const thrown: unknown = await appendLifecyclePostings(h.db, [ev('attempt_unknown', `ok-${r}`, account), contradiction]).catch(
      (e: unknown) => e,
    );
    expect(isPayoutError(thrown) && thrown.code).toBe('PAYOUT_E_INVALID_TRANSITION');
    expect((await new PgLedgerStore(h.db).postingsForPayout(`ok-${r}`)).map((p) => p.cause.kind === 'payout' && p.cause.step)).toEqual([
      'reserve',
    ]);

    const reported = await appendLifecyclePostings(h.db, [ev('attempt_unknown', `ok-${r}`, account), contradiction], {
      onRefused: 'report',
    });
    expect(reported.outcomes.map((o) => o.kind)).toEqual(['post', 'refused']);
    expect(reported.outcomes[1]).toMatchObject({ code: 'PAYOUT_E_INVALID_TRANSITION' });
    expect((await new PgLedgerStore(h.db).postingsForPayout(`ok-${r}`)).map((p) => p.cause.kind === 'payout' && p.cause.step)).toEqual([
      'reserve',
      'unknown',
    ]);
  });

  it('books funding transfers in the same call', async () => {
    const r = run();
    const account = `acct-${r}`;
    const transfer = { transferId: `T-${r}`, fundingAccountId: account, sourceAccountId: 'treasury', amount: money(5_000n, 'CNY') };
    const res = await appendLifecyclePostings(h.db, [
      { ...transfer, type: 'funding_sent', at },
      { ...transfer, type: 'funding_seen', at, bookingDate: '2026-09-30' },
    ]);
    expect(res.appended).toEqual([`funding|T-${r}|sent`, `funding|T-${r}|received_seen`]);
    const [pos] = await loadPositions(h.db, { fundingAccountIds: [account] });
    expect(pos).toMatchObject({ availableMinor: 5_000n, fundingInTransitMinor: 0n, confirmedMinor: 5_000n });
  });
});

describe('positions and drift in SQL agree with the pure core', () => {
  it('for any sequence of lifecycle events: the ledger balances per currency in the database, and loadPositions = computePositions(postings)', async () => {
    const eventArb = fc.record({
      payout: fc.integer({ min: 0, max: 5 }),
      attempt: fc.integer({ min: 1, max: 2 }),
      type: fc.constantFrom(...PAYOUT_LEDGER_EVENT_TYPES),
      amount: fc.bigInt({ min: 1n, max: 10n ** 15n }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 25 }), fc.boolean(), async (steps, asOneBatch) => {
        const r = run();
        const account = `prop-${r}`;
        // One amount per payout attempt: the amount of an attempt never changes.
        const amountOf = new Map<string, bigint>();
        const events = steps.map((s) => {
          const key = `${s.payout}|${s.attempt}`;
          if (!amountOf.has(key)) amountOf.set(key, s.amount);
          return ev(s.type, `pp${s.payout}-${r}`, account, {
            attempt: s.attempt,
            amount: money(amountOf.get(key)!, 'CNY'),
            bookingDate: s.type === 'debit_seen' || s.type === 'return_seen' ? '2026-09-30' : undefined,
          });
        });
        const opening = openingBalancePosting({
          fundingAccountId: account,
          currency: 'CNY',
          statementId: 'S0',
          balanceMinor: 10n ** 16n,
          bookingDate: '2026-09-29',
          at,
        })!;
        await new PgLedgerStore(h.db).append([opening]);
        if (asOneBatch) await appendLifecyclePostings(h.db, events, { onRefused: 'report' });
        else for (const e of events) await appendLifecyclePostings(h.db, [e], { onRefused: 'report' });

        const postings = await allPostings(h.db, account);
        for (const sum of trialBalance(postings).values()) expect(sum).toBe(0n);
        const perCurrency = await sql<{ currency: string; total: string }>`
          select e.currency, sum(e.amount_minor)::text as total from ledger_entries e where e.funding_account_id = ${account} group by e.currency`.execute(
          h.db,
        );
        for (const row of perCurrency.rows) expect(row.total).toBe('0');
        expect(await loadPositions(h.db, { fundingAccountIds: [account] })).toEqual(computePositions(postings));
      }),
      { numRuns: 25, seed: 9 },
    );
  });

  it('loadDrift gives driftReport’s lines for the latest statements', async () => {
    const r = run();
    const account = `drift-${r}`;
    const store = new PgLedgerStore(h.db);
    await store.append([
      openingBalancePosting({
        fundingAccountId: account,
        currency: 'CNY',
        statementId: 'S0',
        balanceMinor: 100_000n,
        bookingDate: '2026-09-28',
        at,
      })!,
    ]);
    // Settled on the 29th (Shanghai date of 16:30Z on the 28th is the 29th), seen on the 30th.
    const late = new Date('2026-09-28T16:30:00Z');
    await appendLifecyclePostings(h.db, [
      ev('submitted', `d1-${r}`, account, { at: late }),
      ev('attempt_succeeded', `d1-${r}`, account, { at: late }),
      ev('debit_seen', `d1-${r}`, account, { at: new Date('2026-09-30T02:00:00Z'), bookingDate: '2026-09-30' }),
    ]);
    const facts = [
      { fundingAccountId: account, currency: 'CNY', statementId: 'S28', date: '2026-09-28', closingMinor: 100_000n },
      { fundingAccountId: account, currency: 'CNY', statementId: 'S29', date: '2026-09-29', closingMinor: 100_000n },
      { fundingAccountId: account, currency: 'CNY', statementId: 'S30', date: '2026-09-30', closingMinor: 89_990n }, // a 10 fee the ledger does not know
    ];
    for (const f of facts) await store.recordStatementBalance(f);
    const sqlLines = await loadDrift(h.db, { fundingAccountId: account, currency: 'CNY', timeZone: 'Asia/Shanghai' });
    const pure = driftReport(await allPostings(h.db, account), await store.statementBalances(account, 'CNY'), 'Asia/Shanghai');
    expect(sqlLines).toEqual(pure);
    expect(sqlLines.map((l) => [l.statementId, l.driftMinor, l.settledAwaitingStatementMinor])).toEqual([
      ['S28', 0n, 0n],
      ['S29', 0n, 10_000n],
      ['S30', -10n, 0n],
    ]);
    expect(
      (await loadDrift(h.db, { fundingAccountId: account, currency: 'CNY', timeZone: 'Asia/Shanghai', limit: 1 })).map(
        (l) => l.statementId,
      ),
    ).toEqual(['S30']);
  });
});
