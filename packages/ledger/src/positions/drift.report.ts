import { localDateIn, parseLocalDate } from '@payout/calendar';
import { isConfirmedCashKind } from '../accounts/ledger-account.ts';
import type { Posting } from '../postings/posting.ts';
import type { StatementBalanceFact } from './statement-balance.ts';

export interface DriftLine {
  readonly fundingAccountId: string;
  readonly currency: string;
  readonly statementId: string;
  readonly date: string;
  readonly statementClosingMinor: bigint;
  /** The confirmed cash the ledger holds for the end of `date`. */
  readonly ledgerConfirmedMinor: bigint;
  /** statement − ledger: positive means the bank holds more than the ledger explains. */
  readonly driftMinor: bigint;
  readonly status: 'in_balance' | 'drift';
  /** Payouts the bank said executed by `date` that no statement line has confirmed yet. */
  readonly settledAwaitingStatementMinor: bigint;
}

/**
 * Compares the ledger with each statement's closing balance. A posting counts on the day a
 * statement booked it (`bookingDate`), else on the local date of its effective time in
 * `timeZone` (the bank's zone). A drift means a statement line the ledger does not explain
 * (a fee, an unmatched debit or credit) or a ledger posting the bank never booked.
 *
 * @example driftReport(await store.postingsForAccount('cn-main', 'CNY'), await store.statementBalances('cn-main', 'CNY'), 'Asia/Shanghai')
 */
export function driftReport(postings: readonly Posting[], statements: readonly StatementBalanceFact[], timeZone = 'UTC'): DriftLine[] {
  const dated = postings.map((p) => ({ p, date: p.bookingDate ?? localDateIn(new Date(p.effectiveAt), timeZone) }));
  return [...statements]
    .sort((a, b) => (a.date === b.date ? (a.statementId < b.statementId ? -1 : 1) : a.date < b.date ? -1 : 1))
    .map((s) => {
      parseLocalDate(s.date);
      let confirmed = 0n;
      let settledAwaiting = 0n;
      for (const { p, date } of dated) {
        if (date > s.date) continue;
        for (const e of p.entries) {
          if (e.account.fundingAccountId !== s.fundingAccountId || e.currency !== s.currency) continue;
          if (isConfirmedCashKind(e.account.kind)) confirmed += e.amountMinor;
          if (e.account.kind === 'cash_settled_unconfirmed') settledAwaiting += e.amountMinor;
        }
      }
      const drift = s.closingMinor - confirmed;
      return Object.freeze({
        fundingAccountId: s.fundingAccountId,
        currency: s.currency,
        statementId: s.statementId,
        date: s.date,
        statementClosingMinor: s.closingMinor,
        ledgerConfirmedMinor: confirmed,
        driftMinor: drift,
        status: drift === 0n ? ('in_balance' as const) : ('drift' as const),
        settledAwaitingStatementMinor: settledAwaiting,
      });
    });
}
