import { sql } from 'kysely';
import { PayoutError, currencyExponent } from '@payout/domain';
import { parseLocalDate } from '@payout/calendar';
import type { StatementBalanceFact } from '@payout/ledger';
import type { Db } from '../database.ts';

interface BalanceRow {
  readonly funding_account_id: string;
  readonly currency: string;
  readonly statement_id: string;
  readonly balance_date: string;
  readonly closing_minor: string;
  readonly opening_minor: string | null;
}

/**
 * Records a statement's closing balance once per (funding account, currency, statement id).
 * The same fact again is a duplicate; other balances under the same id throw PAYOUT_E_CONFLICT.
 */
export async function recordStatementBalance(db: Db, fact: StatementBalanceFact): Promise<'recorded' | 'duplicate'> {
  currencyExponent(fact.currency);
  const date = parseLocalDate(fact.date);
  if (typeof fact.closingMinor !== 'bigint' || (fact.openingMinor !== undefined && typeof fact.openingMinor !== 'bigint')) {
    throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', `statement ${fact.statementId}: balances must be bigint minor units`, {
      statementId: fact.statementId,
    });
  }
  const inserted = await db
    .insertInto('ledger_statement_balances')
    .values({
      funding_account_id: fact.fundingAccountId,
      currency: fact.currency,
      statement_id: fact.statementId,
      balance_date: date,
      closing_minor: fact.closingMinor,
      opening_minor: fact.openingMinor ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('statement_id')
    .executeTakeFirst();
  if (inserted !== undefined) return 'recorded';
  const [stored] = await selectBalances(db, fact.fundingAccountId, fact.currency, fact.statementId);
  if (stored === undefined) throw new Error(`statement balance ${fact.statementId} neither inserted nor found`);
  if (stored.date !== date || stored.closingMinor !== fact.closingMinor || (stored.openingMinor ?? null) !== (fact.openingMinor ?? null)) {
    throw new PayoutError('PAYOUT_E_CONFLICT', `statement ${fact.statementId} is already recorded with other balances`, {
      statementId: fact.statementId,
    });
  }
  return 'duplicate';
}

/** The account's statement balances by date, then statement id (byte order, like the in-memory store). */
export function selectBalances(db: Db, fundingAccountId: string, currency: string, statementId?: string): Promise<StatementBalanceFact[]> {
  const only = statementId === undefined ? sql`true` : sql`statement_id = ${statementId}`;
  return sql<BalanceRow>`
    select funding_account_id, currency, statement_id, balance_date::text as balance_date, closing_minor::text as closing_minor, opening_minor::text as opening_minor
    from ledger_statement_balances
    where funding_account_id = ${fundingAccountId} and currency = ${currency} and ${only}
    order by balance_date, statement_id collate "C"
  `
    .execute(db)
    .then((r) =>
      r.rows.map((row) => ({
        fundingAccountId: row.funding_account_id,
        currency: row.currency,
        statementId: row.statement_id,
        date: row.balance_date,
        closingMinor: BigInt(row.closing_minor),
        ...(row.opening_minor === null ? {} : { openingMinor: BigInt(row.opening_minor) }),
      })),
    );
}
