import { sql } from 'kysely';
import { isPayoutError, type ErrorCode } from '@payout/domain';
import { openingBalancePosting, positionKey, type StatementBalanceFact } from '@payout/ledger';
import { appendPostings } from './append-postings.ts';
import { lockFundingAccounts } from './funding-account-lock.ts';
import type { Db } from '../database.ts';
import { atomically } from './atomically.ts';
import { recordStatementBalance } from './statement-balances.ts';

/**
 * What became of one statement:
 *  recorded   its closing balance is now recorded; `opening` says whether it also brought the
 *             account into the ledger (`booked`; `zero`: first, but nothing to book; `missing`:
 *             first, but the statement carries no opening balance; `not_first`)
 *  duplicate  already recorded with the same balances (a replayed pass)
 *  refused    contradicts what is recorded (PAYOUT_E_CONFLICT) or is not a valid fact
 */
export type StatementIntakeOutcome =
  | { readonly kind: 'recorded'; readonly fact: StatementBalanceFact; readonly opening: 'booked' | 'zero' | 'missing' | 'not_first' }
  | { readonly kind: 'duplicate'; readonly fact: StatementBalanceFact }
  | { readonly kind: 'refused'; readonly fact: StatementBalanceFact; readonly code: ErrorCode; readonly message: string };

/**
 * Brings statements into the ledger: each statement's closing balance is recorded where the
 * drift report reads it, and the account's FIRST statement in a currency — the ledger holds
 * neither a statement balance nor an opening-balance posting for it yet — also books its
 * opening balance, so positions start from what the bank held before the lines the ledger
 * books from that statement on. Facts are taken oldest first; all-or-nothing (a savepoint in
 * the caller's transaction). The funding-account locks serialise two passes deciding "first".
 *
 * A fact that contradicts a recorded one is reported, not thrown: one corrected statement
 * must not keep every later one out of the ledger (the drift report shows the difference).
 *
 * @example
 *   await recordStatementsInLedger(db, [{ fundingAccountId: 'cn-hvps', currency: 'CNY', statementId: '2026-09-30/STMT-1',
 *     date: '2026-09-30', openingMinor: 100_000n, closingMinor: 90_000n }], clock.now());
 */
export async function recordStatementsInLedger(
  db: Db,
  facts: readonly StatementBalanceFact[],
  at: Date,
): Promise<StatementIntakeOutcome[]> {
  if (facts.length === 0) return [];
  const ordered = [...facts].sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.statementId < b.statementId ? -1 : a.statementId > b.statementId ? 1 : 0,
  );
  return atomically(db, async (tx) => {
    await lockFundingAccounts(
      tx,
      ordered.map((f) => f.fundingAccountId),
    );
    const baseline = new Map<string, boolean>();
    const outcomes: StatementIntakeOutcome[] = [];
    for (const fact of ordered) {
      const key = positionKey(fact.fundingAccountId, fact.currency);
      const known = baseline.get(key) ?? (await hasBaseline(tx, fact.fundingAccountId, fact.currency));
      let recorded: 'recorded' | 'duplicate';
      try {
        recorded = await recordStatementBalance(tx, fact);
      } catch (err) {
        if (!isPayoutError(err)) throw err;
        outcomes.push({ kind: 'refused', fact, code: err.code, message: err.message });
        baseline.set(key, known);
        continue;
      }
      baseline.set(key, true);
      if (recorded === 'duplicate') {
        outcomes.push({ kind: 'duplicate', fact });
        continue;
      }
      if (known) {
        outcomes.push({ kind: 'recorded', fact, opening: 'not_first' });
        continue;
      }
      if (fact.openingMinor === undefined) {
        outcomes.push({ kind: 'recorded', fact, opening: 'missing' });
        continue;
      }
      const posting = openingBalancePosting({
        fundingAccountId: fact.fundingAccountId,
        currency: fact.currency,
        statementId: fact.statementId,
        balanceMinor: fact.openingMinor,
        bookingDate: fact.date,
        at,
      });
      if (posting !== undefined) await appendPostings(tx, [posting]);
      outcomes.push({ kind: 'recorded', fact, opening: posting === undefined ? 'zero' : 'booked' });
    }
    return outcomes;
  });
}

/** True when the ledger already knows the account's balance: a recorded statement or an opening-balance posting. */
async function hasBaseline(db: Db, fundingAccountId: string, currency: string): Promise<boolean> {
  const r = await sql<{ known: boolean }>`
    select exists (select 1 from ledger_statement_balances where funding_account_id = ${fundingAccountId} and currency = ${currency})
        or exists (select 1 from ledger_entries where funding_account_id = ${fundingAccountId} and currency = ${currency} and account_kind = 'opening_balance') as known
  `.execute(db);
  return r.rows[0]?.known === true;
}
