import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { money } from '@payout/domain';
import { ACCOUNT_KINDS, postingsForPayoutEvent } from '@payout/ledger';
import { saveFundingAccounts } from './funding-accounts.repository.ts';
import { PgLedgerStore } from './pg-ledger.store.ts';
import { planLiquidityFromDatabase } from './plan-from-database.ts';
import type { Db } from '../database.ts';
import { useLedgerDb } from './test-support/use-ledger-db.ts';

const h = useLedgerDb();
const at = new Date('2026-09-30T02:00:00Z');

/** The SQLSTATE and message of what `fn` threw (fails the test when nothing was thrown). */
async function refusal(fn: () => Promise<unknown>): Promise<{ code: string | undefined; message: string; constraint: string | undefined }> {
  try {
    await fn();
  } catch (err) {
    const e = err as { code?: string; message?: string; constraint?: string };
    return { code: e.code, message: e.message ?? String(err), constraint: e.constraint };
  }
  throw new Error('expected the database to refuse');
}

/** Writes a posting row the raw way, as a buggy or malicious client could; returns its seq. */
async function rawPosting(db: Db, id: string): Promise<bigint> {
  const r = await sql<{ seq: bigint }>`
    insert into ledger_postings (id, journal_id, cause, effective_at)
    values (${id}, ${id}, ${JSON.stringify({ kind: 'adjustment', reference: id, reason: 'raw test' })}::jsonb, now())
    returning seq`.execute(db);
  return r.rows[0]!.seq;
}

async function rawEntry(db: Db, seq: bigint, index: number, kind: string, currency: string, amount: bigint): Promise<void> {
  await sql`insert into ledger_entries (posting_seq, entry_index, funding_account_id, account_kind, currency, amount_minor)
            values (${seq}, ${index}, 'raw-acct', ${kind}, ${currency}, ${amount})`.execute(db);
}

async function storedReserve(payoutId: string): Promise<string> {
  const store = new PgLedgerStore(h.db);
  const d = postingsForPayoutEvent(
    { type: 'submitted', payoutId, attempt: 1, fundingAccountId: 'acct-db', amount: money(700n, 'CNY'), at },
    [],
  );
  if (d.kind !== 'post') throw new Error('expected a posting');
  await store.append(d.postings);
  return d.postings[0]!.id;
}

describe('the database enforces append-only postings', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on postings, entries, statement balances, account versions and plans', async () => {
    const id = await storedReserve('p-append-only');
    // Row triggers fire only for rows that exist: give every append-only table one.
    await new PgLedgerStore(h.db).recordStatementBalance({
      fundingAccountId: 'acct-db',
      currency: 'CNY',
      statementId: 'S1',
      date: '2026-09-29',
      closingMinor: 1n,
    });
    await saveFundingAccounts(
      h.db,
      [{ id: 'acct-db', currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury' }],
      { actor: 'test' },
    );
    await planLiquidityFromDatabase(h.db, { now: at, recordedBy: 'test' });
    for (const statement of [
      sql`update ledger_postings set journal_id = 'x' where id = ${id}`,
      sql`delete from ledger_postings where id = ${id}`,
      sql`update ledger_entries set amount_minor = amount_minor * 2 where posting_seq = (select seq from ledger_postings where id = ${id})`,
      sql`delete from ledger_entries where posting_seq = (select seq from ledger_postings where id = ${id})`,
      sql`truncate ledger_entries, ledger_postings`,
      sql`delete from ledger_statement_balances`,
      sql`update ledger_statement_balances set closing_minor = 2`,
      sql`truncate ledger_statement_balances`,
      sql`delete from liquidity_plans`,
      sql`update liquidity_plans set plan = '{}'::jsonb`,
      sql`update liquidity_funding_accounts set active = false`,
      sql`delete from liquidity_funding_accounts`,
    ]) {
      const r = await refusal(() => statement.execute(h.db));
      expect(r.code).toBe('23001'); // restrict_violation from payout_forbid_history_change
      expect(r.message).toMatch(/append-only/);
    }
    const still = await new PgLedgerStore(h.db).postingsForPayout('p-append-only');
    expect(still.map((p) => [p.id, p.entries.map((e) => e.amountMinor)])).toEqual([[id, [700n, -700n]]]);
  });
});

describe('the database enforces balanced postings at commit', () => {
  it('lets a balanced posting be written in several statements of one transaction', async () => {
    await h.db.transaction().execute(async (tx) => {
      const seq = await rawPosting(tx, 'raw-balanced');
      await rawEntry(tx, seq, 0, 'cash_available', 'CNY', 500n);
      await rawEntry(tx, seq, 1, 'statement_adjustments', 'CNY', -500n);
      // Two currencies, each balanced on its own.
      await rawEntry(tx, seq, 2, 'cash_available', 'USD', 7n);
      await rawEntry(tx, seq, 3, 'statement_adjustments', 'USD', -7n);
    });
    const n = await sql<{
      n: bigint;
    }>`select count(*) as n from ledger_entries e join ledger_postings p on p.seq = e.posting_seq where p.id = 'raw-balanced'`.execute(
      h.db,
    );
    expect(n.rows[0]!.n).toBe(4n);
  });

  it('fails an unbalanced raw insert at COMMIT (not before) and keeps nothing of it', async () => {
    const r = await refusal(() =>
      h.db.transaction().execute(async (tx) => {
        const seq = await rawPosting(tx, 'raw-unbalanced');
        await rawEntry(tx, seq, 0, 'cash_available', 'CNY', 500n);
        await rawEntry(tx, seq, 1, 'statement_adjustments', 'CNY', -499n);
        // Still inside the transaction: the check is deferred, so this statement succeeds.
        const visible = await sql<{ n: bigint }>`select count(*) as n from ledger_postings where id = 'raw-unbalanced'`.execute(tx);
        expect(visible.rows[0]!.n).toBe(1n);
      }),
    );
    expect(r).toMatchObject({ code: '23514', constraint: 'ledger_postings_balanced' });
    expect(r.message).toMatch(/raw-unbalanced does not balance in CNY: entries sum to 1/);
    const gone = await sql<{ n: bigint }>`select count(*) as n from ledger_postings where id = 'raw-unbalanced'`.execute(h.db);
    expect(gone.rows[0]!.n).toBe(0n);
  });

  it('checks the balance per currency, not in total', async () => {
    const r = await refusal(() =>
      h.db.transaction().execute(async (tx) => {
        const seq = await rawPosting(tx, 'raw-cross-currency');
        await rawEntry(tx, seq, 0, 'cash_available', 'CNY', 100n);
        await rawEntry(tx, seq, 1, 'statement_adjustments', 'USD', -100n);
      }),
    );
    expect(r).toMatchObject({ code: '23514', constraint: 'ledger_postings_balanced' });
  });

  it('refuses a posting with fewer than two entries, and entries added later to a committed posting', async () => {
    const single = await refusal(() =>
      h.db.transaction().execute(async (tx) => {
        await rawPosting(tx, 'raw-empty');
      }),
    );
    expect(single.message).toMatch(/raw-empty has 0 entries/);

    const id = await storedReserve('p-late-entry');
    const late = await refusal(() =>
      h.db.transaction().execute(async (tx) => {
        const seq = (await sql<{ seq: bigint }>`select seq from ledger_postings where id = ${id}`.execute(tx)).rows[0]!.seq;
        await rawEntry(tx, seq, 2, 'cash_available', 'CNY', 1n);
      }),
    );
    expect(late).toMatchObject({ code: '23514', constraint: 'ledger_postings_balanced' });
  });

  it('refuses zero amounts, unknown account kinds and malformed currencies row by row', async () => {
    for (const [kind, currency, amount] of [
      ['cash_available', 'CNY', 0n],
      ['cash', 'CNY', 1n],
      ['cash_available', 'cny', 1n],
    ] as const) {
      const r = await refusal(() =>
        h.db.transaction().execute(async (tx) => {
          const seq = await rawPosting(tx, `raw-row-${kind}-${currency}-${amount}`);
          await rawEntry(tx, seq, 0, kind, currency, amount);
        }),
      );
      expect(r.code).toBe('23514');
    }
  });

  it('accepts every account kind the ledger core knows (the migration mirrors ACCOUNT_KINDS)', async () => {
    await h.db.transaction().execute(async (tx) => {
      const seq = await rawPosting(tx, 'raw-all-kinds');
      let i = 0;
      for (const kind of ACCOUNT_KINDS) {
        await rawEntry(tx, seq, i++, kind, 'EUR', 1n);
        await rawEntry(tx, seq, i++, kind, 'EUR', -1n);
      }
    });
  });
});
