import type { Statement, StatementHeader, StatementLine, StatementTotals } from '../statement.model.ts';

/**
 * Balance continuity inside one statement: opening + booked credits − booked debits must equal
 * the closing balance, exactly. Pending and info lines do not move the booked balance.
 */
export type ContinuityResult =
  | {
      readonly kind: 'ok';
      readonly openingMinor: bigint;
      readonly closingMinor: bigint;
      readonly creditsMinor: bigint;
      readonly debitsMinor: bigint;
    }
  | {
      readonly kind: 'mismatch';
      readonly openingMinor: bigint;
      readonly closingMinor: bigint;
      readonly creditsMinor: bigint;
      readonly debitsMinor: bigint;
      /** opening + credits − debits */
      readonly expectedClosingMinor: bigint;
      /** closing − expected: what the lines fail to explain. */
      readonly differenceMinor: bigint;
    }
  | { readonly kind: 'not_applicable'; readonly reason: 'no_opening_balance' | 'no_closing_balance' | 'no_balances' };

/** Totals over lines: counts everything, sums booked lines only. */
export function totalsOf(lines: Iterable<StatementLine>): StatementTotals {
  const t = new TotalsAccumulator();
  for (const line of lines) t.add(line);
  return t.totals();
}

export class TotalsAccumulator {
  private lineCount = 0;
  private creditCount = 0;
  private debitCount = 0;
  private creditMinor = 0n;
  private debitMinor = 0n;
  private pendingCount = 0;
  private infoCount = 0;

  add(line: StatementLine): void {
    this.lineCount++;
    if (line.status === 'pending') {
      this.pendingCount++;
    } else if (line.status === 'info') {
      this.infoCount++;
    } else if (line.direction === 'credit') {
      this.creditCount++;
      // What moved the balance: the account-currency amount of a foreign-currency line.
      this.creditMinor += line.accountAmount?.amountMinor ?? line.amountMinor;
    } else {
      this.debitCount++;
      this.debitMinor += line.accountAmount?.amountMinor ?? line.amountMinor;
    }
  }

  totals(): StatementTotals {
    return {
      lineCount: this.lineCount,
      credits: { count: this.creditCount, amountMinor: this.creditMinor },
      debits: { count: this.debitCount, amountMinor: this.debitMinor },
      pendingCount: this.pendingCount,
      infoCount: this.infoCount,
    };
  }
}

export function continuityOf(header: StatementHeader, totals: StatementTotals): ContinuityResult {
  const opening = header.openingBalance;
  const closing = header.closingBalance;
  if (opening === undefined && closing === undefined) return { kind: 'not_applicable', reason: 'no_balances' };
  if (opening === undefined) return { kind: 'not_applicable', reason: 'no_opening_balance' };
  if (closing === undefined) return { kind: 'not_applicable', reason: 'no_closing_balance' };
  const creditsMinor = totals.credits.amountMinor;
  const debitsMinor = totals.debits.amountMinor;
  const expectedClosingMinor = opening.amountMinor + creditsMinor - debitsMinor;
  const base = { openingMinor: opening.amountMinor, closingMinor: closing.amountMinor, creditsMinor, debitsMinor };
  if (expectedClosingMinor === closing.amountMinor) return { kind: 'ok', ...base };
  return { kind: 'mismatch', ...base, expectedClosingMinor, differenceMinor: closing.amountMinor - expectedClosingMinor };
}

/**
 * opening + credits − debits = closing for a parsed statement.
 * @example
 *   const r = checkContinuity(statement);
 *   if (r.kind === 'mismatch') console.log(`off by ${r.differenceMinor}`);
 */
export function checkContinuity(statement: Statement): ContinuityResult {
  return continuityOf(statement, totalsOf(statement.lines));
}
