import { PayoutError } from '../errors/payout-error.ts';
import { currencyExponent } from './currency.ts';

/** An exact amount: integer minor units of an ISO 4217 currency. Never a float. */
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

/**
 * Build a Money, checking the currency and that the amount is a bigint (a number here would
 * mean a float slipped into the money path).
 * @throws PayoutError PAYOUT_E_UNKNOWN_CURRENCY | PAYOUT_E_INVALID_AMOUNT
 */
export function money(amountMinor: bigint, currency: string): Money {
  currencyExponent(currency);
  if (typeof amountMinor !== 'bigint') {
    throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', `amountMinor must be a bigint, got ${typeof amountMinor}`, {
      type: typeof amountMinor,
    });
  }
  return Object.freeze({ amountMinor, currency });
}

/** @throws PayoutError PAYOUT_E_CURRENCY_MISMATCH */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b, 'add');
  return money(a.amountMinor + b.amountMinor, a.currency);
}

/** @throws PayoutError PAYOUT_E_CURRENCY_MISMATCH */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b, 'subtract');
  return money(a.amountMinor - b.amountMinor, a.currency);
}

/** @throws PayoutError PAYOUT_E_CURRENCY_MISMATCH */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b, 'compare');
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

/**
 * Sum in one currency; the currency is explicit so an empty list still has one.
 * @throws PayoutError PAYOUT_E_CURRENCY_MISMATCH | PAYOUT_E_UNKNOWN_CURRENCY
 */
export function sumMoney(currency: string, items: Iterable<Money>): Money {
  let total = money(0n, currency);
  for (const item of items) {
    sameCurrency(total, item, 'sum');
    total = money(total.amountMinor + item.amountMinor, currency);
  }
  return total;
}

export function negateMoney(m: Money): Money {
  return money(-m.amountMinor, m.currency);
}

export function isZeroMoney(m: Money): boolean {
  return m.amountMinor === 0n;
}

export function isPositiveMoney(m: Money): boolean {
  return m.amountMinor > 0n;
}

function sameCurrency(a: Money, b: Money, op: string): void {
  if (a.currency !== b.currency) {
    throw new PayoutError('PAYOUT_E_CURRENCY_MISMATCH', `cannot ${op} ${a.currency} and ${b.currency}`, {
      left: a.currency,
      right: b.currency,
    });
  }
  if (typeof a.amountMinor !== 'bigint' || typeof b.amountMinor !== 'bigint') {
    throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', `cannot ${op}: amountMinor must be a bigint`);
  }
}
