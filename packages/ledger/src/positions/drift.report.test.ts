import { money } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { recordFundingEvent, recordPayoutEvent } from '../lifecycle/record-event.ts';
import { adjustmentPosting, openingBalancePosting } from '../lifecycle/statement.postings.ts';
import { InMemoryLedgerStore } from '../ports/in-memory-ledger-store.ts';
import { driftReport } from './drift.report.ts';

const A = 'cn-main';
const base = { payoutId: 'p1', attempt: 1, fundingAccountId: A, amount: money(20_000n, 'CNY') };

describe('driftReport', () => {
  it('matches each statement when the ledger explains every line, and shows what it does not', async () => {
    const store = new InMemoryLedgerStore();
    await store.append([
      openingBalancePosting({
        fundingAccountId: A,
        currency: 'CNY',
        statementId: 'S1',
        balanceMinor: 100_000n,
        bookingDate: '2026-09-28',
        at: new Date('2026-09-28T01:00:00Z'),
      })!,
    ]);
    // Day 1 (09-28): p1 paid and booked. Day 2 (09-29): p2 executed late, bank books it on day 3; a fee nobody booked.
    await recordPayoutEvent(store, { ...base, type: 'submitted', at: new Date('2026-09-28T02:00:00Z') });
    await recordPayoutEvent(store, { ...base, type: 'attempt_succeeded', at: new Date('2026-09-28T02:05:00Z') });
    await recordPayoutEvent(store, { ...base, type: 'debit_seen', at: new Date('2026-09-29T02:00:00Z'), bookingDate: '2026-09-28' });
    const p2 = { ...base, payoutId: 'p2', amount: money(5_000n, 'CNY') };
    await recordPayoutEvent(store, { ...p2, type: 'submitted', at: new Date('2026-09-29T08:00:00Z') });
    await recordPayoutEvent(store, { ...p2, type: 'attempt_succeeded', at: new Date('2026-09-29T08:01:00Z') });
    await recordFundingEvent(store, {
      type: 'funding_seen',
      transferId: 'T1',
      fundingAccountId: A,
      sourceAccountId: 'treasury',
      amount: money(50_000n, 'CNY'),
      at: new Date('2026-09-29T03:00:00Z'),
      bookingDate: '2026-09-29',
    });
    const statements = [
      { fundingAccountId: A, currency: 'CNY', statementId: 'S1', date: '2026-09-28', closingMinor: 80_000n, openingMinor: 100_000n },
      { fundingAccountId: A, currency: 'CNY', statementId: 'S2', date: '2026-09-29', closingMinor: 129_990n, openingMinor: 80_000n }, // fee −10
    ];
    for (const s of statements) await store.recordStatementBalance(s);

    let report = driftReport(await store.postingsForAccount(A, 'CNY'), await store.statementBalances(A, 'CNY'), 'Asia/Shanghai');
    expect(report.map((l) => [l.statementId, l.ledgerConfirmedMinor, l.driftMinor, l.status, l.settledAwaitingStatementMinor])).toEqual([
      ['S1', 80_000n, 0n, 'in_balance', 0n],
      ['S2', 130_000n, -10n, 'drift', 5_000n],
    ]);

    // Ops book the fee; the ledger now explains the statement.
    await store.append([
      adjustmentPosting({
        fundingAccountId: A,
        currency: 'CNY',
        reference: 'FEE-0929',
        reason: 'bank fee',
        amountMinor: -10n,
        bookingDate: '2026-09-29',
        at: new Date('2026-09-30T01:00:00Z'),
      }),
    ]);
    report = driftReport(await store.postingsForAccount(A, 'CNY'), await store.statementBalances(A, 'CNY'), 'Asia/Shanghai');
    expect(report.map((l) => l.status)).toEqual(['in_balance', 'in_balance']);
  });

  it('dates postings without a booking date in the bank zone, not UTC', async () => {
    const store = new InMemoryLedgerStore();
    // 2026-09-28T17:00Z is already 09-29 01:00 in Shanghai.
    await store.append([
      openingBalancePosting({
        fundingAccountId: A,
        currency: 'CNY',
        statementId: 'S0',
        balanceMinor: 1_000n,
        bookingDate: '2026-09-28',
        at: new Date('2026-09-28T00:00:00Z'),
      })!,
    ]);
    await recordPayoutEvent(store, {
      ...base,
      amount: money(100n, 'CNY'),
      type: 'attempt_succeeded',
      at: new Date('2026-09-28T17:00:00Z'),
    });
    const stmt = [{ fundingAccountId: A, currency: 'CNY', statementId: 'S1', date: '2026-09-28', closingMinor: 1_000n }];
    expect(driftReport(await store.postingsForAccount(A, 'CNY'), stmt, 'Asia/Shanghai')[0]?.settledAwaitingStatementMinor).toBe(0n);
    expect(driftReport(await store.postingsForAccount(A, 'CNY'), stmt, 'UTC')[0]?.settledAwaitingStatementMinor).toBe(100n);
  });
});
