import { PayoutError } from '../errors/payout-error.ts';
import { currencyExponent } from './currency.ts';
import { money, type Money } from './money.ts';

/**
 * A plain decimal: optional '-', an integer part without leading zeros, optionally '.' and at
 * least one digit. No '+', exponents, separators, whitespace or non-ASCII digits.
 */
const DECIMAL = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/** No real payout needs more; bounds BigInt work on hostile input. */
const MAX_LENGTH = 40;

/**
 * Parse a major-unit decimal string into minor units, exactly: "123.45" CNY → 12345n.
 * Numbers are refused (they are already floats); so are "1e3", "12,34", " 1", "NaN", "",
 * "1.", ".5", "+1", "01", and more decimals than the currency has ("1.234" CNY, "1.0" JPY).
 * @throws PayoutError PAYOUT_E_INVALID_AMOUNT | PAYOUT_E_UNKNOWN_CURRENCY
 */
export function parseAmountMinor(decimal: unknown, currency: string): bigint {
  const exponent = currencyExponent(currency);
  if (typeof decimal !== 'string') {
    throw invalid(`amount must be a decimal string, got ${typeof decimal}`, { type: typeof decimal });
  }
  if (decimal.length > MAX_LENGTH) {
    throw invalid(`amount is longer than ${MAX_LENGTH} characters`, { length: decimal.length });
  }
  const m = DECIMAL.exec(decimal);
  if (m === null) {
    throw invalid(`amount ${JSON.stringify(decimal)} is not a plain decimal like "123.45"`, { amount: decimal });
  }
  const sign = m[1] ?? '';
  const whole = m[2] ?? '0';
  const fraction = m[3] ?? '';
  if (fraction.length > exponent) {
    throw invalid(`amount ${JSON.stringify(decimal)} has ${fraction.length} decimals; ${currency} allows ${exponent}`, {
      amount: decimal,
      currency,
      exponent,
    });
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  return sign === '-' ? -minor : minor;
}

/** parseAmountMinor wrapped as Money. */
export function parseMoney(decimal: unknown, currency: string): Money {
  return money(parseAmountMinor(decimal, currency), currency);
}

/**
 * Format minor units as a major-unit decimal with exactly the currency's decimals:
 * 12345n CNY → "123.45", 5n JPY → "5", -5n CNY → "-0.05".
 * @throws PayoutError PAYOUT_E_INVALID_AMOUNT | PAYOUT_E_UNKNOWN_CURRENCY
 */
export function formatAmountMinor(amountMinor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  if (typeof amountMinor !== 'bigint') {
    throw invalid(`amountMinor must be a bigint, got ${typeof amountMinor}`, { type: typeof amountMinor });
  }
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString();
  if (exponent === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(exponent + 1, '0');
  const cut = padded.length - exponent;
  return `${negative ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

export function formatMoney(m: Money): string {
  return formatAmountMinor(m.amountMinor, m.currency);
}

function invalid(message: string, details: Record<string, unknown>): PayoutError {
  return new PayoutError('PAYOUT_E_INVALID_AMOUNT', message, details);
}
