import { isPayoutError, money } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { postingsForFundingEvent } from '../lifecycle/funding.postings.ts';
import { postingsForPayoutEvent } from '../lifecycle/payout.postings.ts';
import type { PayoutLedgerEvent } from '../lifecycle/payout-ledger-event.ts';
import { openingBalancePosting } from '../lifecycle/statement.postings.ts';
import { buildPosting } from '../postings/posting.builder.ts';
import type { Posting } from '../postings/posting.ts';
import { computePosition } from '../positions/position.ts';
import type { LedgerStore } from '../ports/ledger-store.port.ts';

export interface LedgerStoreHarness {
  readonly store: LedgerStore;
  /** Called after each test (drop the schema, close the pool …). */
  readonly dispose?: () => Promise<void>;
}

/**
 * The behaviour every LedgerStore must have, as a vitest suite. Run it against each
 * implementation with a fresh, empty store per test:
 *
 * @example
 *   describeLedgerStoreContract('in-memory', () => ({ store: new InMemoryLedgerStore() }));
 *   describeLedgerStoreContract('postgres', async () => { const db = await freshSchema(); return { store: new PgLedgerStore(db), dispose: db.drop }; });
 */
export function describeLedgerStoreContract(name: string, makeStore: () => LedgerStoreHarness | Promise<LedgerStoreHarness>): void {
  const at = new Date('2026-09-30T02:00:00Z');

  /** Ids unique to one test, so a store shared between tests (one database per file) cannot leak between them. */
  interface Ids {
    readonly account: string;
    payout(n: number): string;
    readonly transfer: string;
  }

  async function withStore(fn: (store: LedgerStore, ids: Ids) => Promise<void>): Promise<void> {
    const run = globalThis.crypto.randomUUID().slice(0, 8);
    const ids: Ids = { account: `acct-${run}`, payout: (n) => `p${n}-${run}`, transfer: `T-${run}` };
    const h = await makeStore();
    try {
      await fn(h.store, ids);
    } finally {
      await h.dispose?.();
    }
  }

  const ev = (ids: Ids, type: PayoutLedgerEvent['type'], payoutId: string): PayoutLedgerEvent => ({
    type,
    payoutId,
    attempt: 1,
    fundingAccountId: ids.account,
    amount: money(10_000n, 'CNY'),
    at,
  });
  const decide = async (store: LedgerStore, e: PayoutLedgerEvent): Promise<readonly Posting[]> => {
    const d = postingsForPayoutEvent(e, await store.postingsForPayout(e.payoutId));
    return d.kind === 'post' ? d.postings : [];
  };

  describe(`LedgerStore contract: ${name}`, () => {
    it('appends postings and reads them back per account, payout and transfer, in append order', () =>
      withStore(async (store, ids) => {
        const opening = openingBalancePosting({
          fundingAccountId: ids.account,
          currency: 'CNY',
          statementId: 'S0',
          balanceMinor: 1_000_000n,
          bookingDate: '2026-09-29',
          at,
        });
        expect(opening).toBeDefined();
        const reserve = await decide(store, ev(ids, 'submitted', ids.payout(1)));
        const r = await store.append([opening!, ...reserve]);
        expect(r).toEqual({ appended: [opening!.id, reserve[0]!.id], duplicates: [] });
        const funding = postingsForFundingEvent(
          {
            type: 'funding_sent',
            transferId: ids.transfer,
            fundingAccountId: ids.account,
            sourceAccountId: 'treasury',
            amount: money(500n, 'CNY'),
            at,
          },
          await store.postingsForFundingTransfer(ids.transfer),
        );
        expect(funding.kind).toBe('post');
        if (funding.kind === 'post') await store.append(funding.postings);

        const all = await store.postingsForAccount(ids.account, 'CNY');
        expect(all.map((p) => p.id)).toEqual([opening!.id, reserve[0]!.id, `funding|${ids.transfer}|sent`]);
        expect(await store.postingsForAccount(ids.account, 'USD')).toEqual([]);
        // Postings come back exactly as appended: cause, times, booking date, entries.
        expect(await store.postingsForPayout(ids.payout(1))).toEqual(reserve);
        expect(all[0]).toEqual(opening);
        expect((await store.postingsForFundingTransfer(ids.transfer)).length).toBe(1);
        // Amounts come back as bigint, exactly.
        expect(all[0]!.entries.map((e) => e.amountMinor)).toEqual([1_000_000n, -1_000_000n]);
        const pos = computePosition(all, ids.account, 'CNY');
        expect(pos).toMatchObject({
          confirmedMinor: 1_000_000n,
          availableMinor: 990_000n,
          reservedMinor: 10_000n,
          fundingInTransitMinor: 500n,
        });
      }));

    it('treats a replayed posting as a duplicate and writes nothing twice', () =>
      withStore(async (store, ids) => {
        const reserve = await decide(store, ev(ids, 'submitted', ids.payout(2)));
        await store.append(reserve);
        const again = await store.append(reserve);
        expect(again).toEqual({ appended: [], duplicates: [reserve[0]!.id] });
        expect((await store.postingsForPayout(ids.payout(2))).length).toBe(1);
      }));

    it('refuses the same id with different content, atomically', () =>
      withStore(async (store, ids) => {
        const reserve = await decide(store, ev(ids, 'submitted', ids.payout(3)));
        await store.append(reserve);
        const clash = buildPosting({
          ...reserve[0]!,
          entries: reserve[0]!.entries.map((e) => ({ ...e, amountMinor: e.amountMinor * 2n })),
        });
        const other = (await decide(store, ev(ids, 'submitted', ids.payout(4))))[0]!;
        const err: unknown = await store.append([other, clash]).catch((e: unknown) => e);
        expect(isPayoutError(err) && err.code).toBe('PAYOUT_E_CONFLICT');
        expect(await store.postingsForPayout(ids.payout(4))).toEqual([]);
        expect((await store.postingsForPayout(ids.payout(3)))[0]!.entries[0]!.amountMinor).toBe(10_000n);
      }));

    it('refuses an unbalanced posting and writes nothing of the call', () =>
      withStore(async (store, ids) => {
        const good = (await decide(store, ev(ids, 'submitted', ids.payout(5))))[0]!;
        // Bypass the builder the way a buggy caller could.
        const bad: Posting = { ...good, id: `${good.id}-bad`, entries: [good.entries[0]!, { ...good.entries[1]!, amountMinor: -1n }] };
        const err: unknown = await store.append([good, bad]).catch((e: unknown) => e);
        expect(isPayoutError(err) && err.code).toBe('PAYOUT_E_LEDGER_UNBALANCED');
        expect(await store.postingsForPayout(ids.payout(5))).toEqual([]);
      }));

    it('records statement balances idempotently and returns them by date', () =>
      withStore(async (store, ids) => {
        const s2 = {
          fundingAccountId: ids.account,
          currency: 'CNY',
          statementId: 'S2',
          date: '2026-09-30',
          closingMinor: 900n,
          openingMinor: 1000n,
        };
        const s1 = { fundingAccountId: ids.account, currency: 'CNY', statementId: 'S1', date: '2026-09-29', closingMinor: -5n };
        expect(await store.recordStatementBalance(s2)).toBe('recorded');
        expect(await store.recordStatementBalance(s1)).toBe('recorded');
        expect(await store.recordStatementBalance(s2)).toBe('duplicate');
        const err: unknown = await store.recordStatementBalance({ ...s2, closingMinor: 901n }).catch((e: unknown) => e);
        expect(isPayoutError(err) && err.code).toBe('PAYOUT_E_CONFLICT');
        const list = await store.statementBalances(ids.account, 'CNY');
        expect(list.map((s) => [s.statementId, s.closingMinor])).toEqual([
          ['S1', -5n],
          ['S2', 900n],
        ]);
        expect(await store.statementBalances(ids.account, 'EUR')).toEqual([]);
      }));
  });
}
