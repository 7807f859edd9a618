/**
 * The ledger's chart of accounts. Every account belongs to one funding account (a bank account
 * the company pays out from) and is kept per currency, so the full address of an account is
 * (funding account, kind, currency).
 *
 * The four `cash_*` kinds split the statement-confirmed cash at the bank into buckets: money
 * leaves the confirmed total only when a statement shows it leaving, and enters it only when a
 * statement shows it arriving. Between those moments the lifecycle moves money between the
 * buckets, so `available` is always what is left after everything already promised.
 */
export const ACCOUNT_KINDS = [
  // Statement-confirmed cash, split by what it is promised to (asset, debit-normal).
  'cash_available',
  'cash_reserved',
  'cash_unknown_exposure',
  'cash_settled_unconfirmed',
  // Money on its way in, not yet seen on a statement (asset, debit-normal).
  'funding_in_transit',
  'returns_in_transit',
  // Outflow: payouts whose debit a statement has shown (expense, debit-normal).
  'payouts_settled',
  // Contra accounts (credit-normal): where money comes from when it is not a payout.
  'funding_clearing',
  'opening_balance',
  'statement_adjustments',
] as const;

export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** The kinds whose sum is the statement-confirmed bank balance. */
export const CONFIRMED_CASH_KINDS: readonly AccountKind[] = Object.freeze([
  'cash_available',
  'cash_reserved',
  'cash_unknown_exposure',
  'cash_settled_unconfirmed',
]);

export interface LedgerAccountRef {
  readonly fundingAccountId: string;
  readonly kind: AccountKind;
}

export function isAccountKind(s: unknown): s is AccountKind {
  return typeof s === 'string' && (ACCOUNT_KINDS as readonly string[]).includes(s);
}

export function isConfirmedCashKind(kind: AccountKind): boolean {
  return CONFIRMED_CASH_KINDS.includes(kind);
}

/** A stable string key for (funding account, kind, currency); used for maps and store indexes. */
export function accountKey(fundingAccountId: string, kind: AccountKind, currency: string): string {
  return `${fundingAccountId}|${kind}|${currency}`;
}

/** A stable key for (funding account, currency): the unit positions are kept in. */
export function positionKey(fundingAccountId: string, currency: string): string {
  return `${fundingAccountId}|${currency}`;
}
