import { describe, expect, it } from 'vitest';
import { isPayoutError, money } from '@payout/domain';
import { waitFor } from '@payout/test-harness/vitest';
import { sql } from 'kysely';
import { buildPosting, postingsForPayoutEvent, type Posting } from '@payout/ledger';
import { describeLedgerStoreContract } from '@payout/ledger/testing';
import { PgLedgerStore } from './pg-ledger.store.ts';
import { useLedgerDb } from './test-support/use-ledger-db.ts';

const h = useLedgerDb();

// On the pool: each append is its own transaction (the deferred balance check runs at its commit).
describeLedgerStoreContract('postgres (pool)', () => ({ store: new PgLedgerStore(h.db) }));

// Inside a caller's transaction, as the lifecycle uses it: appends run under savepoints, and
// a refused append must leave nothing behind while the transaction goes on.
describeLedgerStoreContract('postgres (inside a transaction)', async () => {
  const tx = await h.db.startTransaction().execute();
  return {
    store: new PgLedgerStore(tx),
    dispose: async () => {
      await tx.commit().execute();
    },
  };
});

describe('concurrent appends of the same posting id', () => {
  const reserve = (payoutId: string, amountMinor: bigint): Posting => {
    const d = postingsForPayoutEvent(
      {
        type: 'submitted',
        payoutId,
        attempt: 1,
        fundingAccountId: 'acct-race',
        amount: money(amountMinor, 'CNY'),
        at: new Date('2026-09-30T02:00:00Z'),
      },
      [],
    );
    if (d.kind !== 'post') throw new Error('expected a posting');
    return d.postings[0]!;
  };

  /** Appends `second` on the pool while a transaction holding `first` is still open, then commits that transaction. */
  async function race(first: Posting, second: readonly Posting[]): Promise<unknown> {
    const tx = await h.db.startTransaction().execute();
    await new PgLedgerStore(tx).append([first]);
    const other = new PgLedgerStore(h.db).append(second).catch((e: unknown) => e);
    // The second append reads nothing stored yet, then waits on the uncommitted unique key.
    await waitFor(
      async () =>
        (
          await sql<{
            n: bigint;
          }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(h.db)
        ).rows[0]!.n > 0n,
      { timeoutMs: 10_000, message: 'the second append never waited for the first' },
    );
    await tx.commit().execute();
    return other;
  }

  it('reports the loser of a race with identical content as a duplicate', async () => {
    const p = reserve('p-race-same', 100n);
    const companion = reserve('p-race-same-companion', 5n);
    expect(await race(p, [companion, p])).toEqual({ appended: [companion.id], duplicates: [p.id] });
  });

  it('refuses the loser of a race with other content (PAYOUT_E_CONFLICT), all or nothing, and keeps the winner', async () => {
    const winner = reserve('p-race-clash', 100n);
    const loser = buildPosting({ ...winner, entries: winner.entries.map((e) => ({ ...e, amountMinor: e.amountMinor * 3n })) });
    const companion = reserve('p-race-companion', 5n);
    const err = await race(winner, [companion, loser]);
    expect(isPayoutError(err) && err.code).toBe('PAYOUT_E_CONFLICT');
    const store = new PgLedgerStore(h.db);
    expect((await store.postingsForPayout('p-race-clash'))[0]!.entries[0]!.amountMinor).toBe(100n);
    expect(await store.postingsForPayout('p-race-companion')).toEqual([]);
  });
});
