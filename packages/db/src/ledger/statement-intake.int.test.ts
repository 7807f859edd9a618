import { describe, expect, it } from 'vitest';
import { openingBalancePosting } from '@payout/ledger';
import { loadDrift } from './drift.query.ts';
import { PgLedgerStore } from './pg-ledger.store.ts';
import { loadPositions } from './positions.query.ts';
import { recordStatementsInLedger } from './statement-intake.ts';
import { useLedgerDb } from './test-support/use-ledger-db.ts';

const h = useLedgerDb();
const at = new Date('2026-10-08T02:05:00Z');

async function confirmed(account: string): Promise<bigint | undefined> {
  return (await loadPositions(h.db, { fundingAccountIds: [account] })).find((p) => p.currency === 'CNY')?.confirmedMinor;
}

describe('recordStatementsInLedger', () => {
  it('books the opening balance of the oldest statement only, records every closing, and replays as duplicates', async () => {
    const A = 'intake-a';
    const facts = [
      { fundingAccountId: A, currency: 'CNY', statementId: '2026-09-30/S2', date: '2026-09-30', openingMinor: 900n, closingMinor: 800n },
      { fundingAccountId: A, currency: 'CNY', statementId: '2026-09-29/S1', date: '2026-09-29', openingMinor: 1_000n, closingMinor: 900n },
    ];
    const out = await recordStatementsInLedger(h.db, facts, at);
    expect(out.map((o) => [o.kind, o.fact.statementId, o.kind === 'recorded' ? o.opening : undefined])).toEqual([
      ['recorded', '2026-09-29/S1', 'booked'],
      ['recorded', '2026-09-30/S2', 'not_first'],
    ]);
    expect(await confirmed(A)).toBe(1_000n);
    expect(
      (await loadDrift(h.db, { fundingAccountId: A, currency: 'CNY', timeZone: 'Asia/Shanghai' })).map((d) => [
        d.date,
        d.statementClosingMinor,
      ]),
    ).toEqual([
      ['2026-09-29', 900n],
      ['2026-09-30', 800n],
    ]);
    const again = await recordStatementsInLedger(h.db, facts, at);
    expect(again.map((o) => o.kind)).toEqual(['duplicate', 'duplicate']);
    // A later first-time statement is never an opening once the account has a baseline.
    const later = await recordStatementsInLedger(
      h.db,
      [{ fundingAccountId: A, currency: 'CNY', statementId: '2026-10-08/S3', date: '2026-10-08', openingMinor: 800n, closingMinor: 800n }],
      at,
    );
    expect(later).toMatchObject([{ kind: 'recorded', opening: 'not_first' }]);
    expect(await confirmed(A)).toBe(1_000n);
  });

  it('a zero opening books nothing but still makes the account known; a missing one is reported', async () => {
    const Z = 'intake-zero';
    expect(
      await recordStatementsInLedger(
        h.db,
        [{ fundingAccountId: Z, currency: 'CNY', statementId: 'S1', date: '2026-09-29', openingMinor: 0n, closingMinor: 0n }],
        at,
      ),
    ).toMatchObject([{ kind: 'recorded', opening: 'zero' }]);
    expect(
      await recordStatementsInLedger(
        h.db,
        [{ fundingAccountId: Z, currency: 'CNY', statementId: 'S2', date: '2026-09-30', openingMinor: 500n, closingMinor: 500n }],
        at,
      ),
    ).toMatchObject([{ kind: 'recorded', opening: 'not_first' }]);
    expect(await confirmed(Z)).toBeUndefined();
    const M = 'intake-missing';
    expect(
      await recordStatementsInLedger(
        h.db,
        [{ fundingAccountId: M, currency: 'CNY', statementId: 'S1', date: '2026-09-29', closingMinor: 700n }],
        at,
      ),
    ).toMatchObject([{ kind: 'recorded', opening: 'missing' }]);
  });

  it('an account already opened by a posting is not opened again; a contradicting statement is reported, the rest recorded', async () => {
    const B = 'intake-b';
    await recordStatementsInLedger(
      h.db,
      [{ fundingAccountId: B, currency: 'CNY', statementId: 'S1', date: '2026-09-29', openingMinor: 300n, closingMinor: 300n }],
      at,
    );
    const out = await recordStatementsInLedger(
      h.db,
      [
        { fundingAccountId: B, currency: 'CNY', statementId: 'S1', date: '2026-09-29', openingMinor: 300n, closingMinor: 301n },
        { fundingAccountId: B, currency: 'CNY', statementId: 'S2', date: '2026-09-30', openingMinor: 300n, closingMinor: 250n },
      ],
      at,
    );
    expect(out).toMatchObject([
      { kind: 'refused', code: 'PAYOUT_E_CONFLICT' },
      { kind: 'recorded', opening: 'not_first' },
    ]);
    expect(await confirmed(B)).toBe(300n);
    expect((await new PgLedgerStore(h.db).statementBalances(B, 'CNY')).map((s) => s.closingMinor)).toEqual([300n, 250n]);

    const C = 'intake-c';
    await new PgLedgerStore(h.db).append([
      openingBalancePosting({
        fundingAccountId: C,
        currency: 'CNY',
        statementId: 'ops-start',
        balanceMinor: 42n,
        bookingDate: '2026-09-28',
        at,
      })!,
    ]);
    expect(
      await recordStatementsInLedger(
        h.db,
        [{ fundingAccountId: C, currency: 'CNY', statementId: 'S1', date: '2026-09-29', openingMinor: 42n, closingMinor: 42n }],
        at,
      ),
    ).toMatchObject([{ kind: 'recorded', opening: 'not_first' }]);
    expect(await confirmed(C)).toBe(42n);
  });
});
