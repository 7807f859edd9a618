import { PayoutError } from '../errors/payout-error.ts';
import { money, type Money } from './money.ts';

/** Money as JSON carries it: minor units as a string (bigint has no JSON form; numbers lose precision). */
export interface MoneyJson {
  readonly amountMinor: string;
  readonly currency: string;
}

const MINOR = /^-?(0|[1-9][0-9]{0,39})$/;

/**
 * Parse an integer string of minor units ("12345", "-5"). Refuses numbers, decimals,
 * exponents, whitespace, '+', leading zeros.
 * @throws PayoutError PAYOUT_E_INVALID_AMOUNT
 */
export function parseMinorUnits(s: unknown): bigint {
  if (typeof s !== 'string' || !MINOR.test(s) || s === '-0') {
    throw new PayoutError(
      'PAYOUT_E_INVALID_AMOUNT',
      typeof s === 'string'
        ? `minor units ${JSON.stringify(s.slice(0, 48))} are not an integer string like "12345"`
        : `minor units must be an integer string, got ${typeof s}`,
    );
  }
  return BigInt(s);
}

export function moneyToJson(m: Money): MoneyJson {
  return { amountMinor: m.amountMinor.toString(), currency: m.currency };
}

/** @throws PayoutError PAYOUT_E_INVALID_AMOUNT | PAYOUT_E_UNKNOWN_CURRENCY */
export function moneyFromJson(j: unknown): Money {
  if (typeof j !== 'object' || j === null) {
    throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', 'money must be an object { amountMinor, currency }');
  }
  const { amountMinor, currency } = j as { amountMinor?: unknown; currency?: unknown };
  const minor = parseMinorUnits(amountMinor);
  if (typeof currency !== 'string') {
    throw new PayoutError('PAYOUT_E_UNKNOWN_CURRENCY', `currency must be a string, got ${typeof currency}`);
  }
  return money(minor, currency);
}
