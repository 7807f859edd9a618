import { PayoutError, currencyExponent, parseAmountMinor } from '@payout/domain';
import { maskedExcerpt } from '../statement-error.ts';

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;
const SWIFT_DECIMAL = /^([0-9]+)(?:,([0-9]*))?$/;

/**
 * A statement's decimal ("00123.450") to exact minor units. Banks pad with zeros the domain's
 * strict parser refuses ("0100.00", "1.230" EUR, "5.0" JPY); padding never changes the value, so
 * it is removed here and everything else goes to `parseAmountMinor`, which rejects the rest
 * ("12,34", "1e3", "1.234" EUR) with PAYOUT_E_INVALID_AMOUNT.
 * @throws PayoutError PAYOUT_E_INVALID_AMOUNT | PAYOUT_E_UNKNOWN_CURRENCY
 */
export function decimalToMinor(text: string, currency: string): bigint {
  const plain = plainDecimalToMinor(text, currency);
  if (plain !== undefined) return plain;
  const m = DECIMAL.exec(text);
  if (m === null) return parseAmountMinor(text, currency); // throws with the domain's message
  return parseAmountMinor(normalise(m[1] ?? '', m[2] ?? '0', m[3]), currency);
}

/**
 * A SWIFT decimal ("1234,56", "500,", "0,5") to exact minor units. The comma is the only
 * decimal mark; anything else ("12,34.5", "1.234,56", "-5,00", ",5") is refused.
 * @throws PayoutError PAYOUT_E_INVALID_AMOUNT | PAYOUT_E_UNKNOWN_CURRENCY
 */
export function swiftDecimalToMinor(text: string, currency: string): bigint {
  const m = SWIFT_DECIMAL.exec(text);
  if (m === null) {
    throw new PayoutError(
      'PAYOUT_E_INVALID_AMOUNT',
      `amount ${JSON.stringify(maskedExcerpt(text.slice(0, 40)))} is not a SWIFT decimal (digits with one comma as the decimal mark, e.g. "1234,56")`,
      { amount: text.slice(0, 40) },
    );
  }
  return parseAmountMinor(normalise('', m[1] ?? '0', m[2]), currency);
}

/** True when `text` is a SWIFT decimal; for callers that want their own message. */
export function isSwiftDecimal(text: string): boolean {
  return SWIFT_DECIMAL.test(text);
}

// Statements repeat one currency on every entry: its exponent is looked up (and validated) once.
let lastCurrency = '';
let lastExponent = 0;

/**
 * The common case of `decimalToMinor` without regular expressions or intermediate strings (it
 * runs once per entry of million-entry files): unsigned digits, optionally one '.' and digits,
 * within safe integers so the arithmetic is exact in a double. Returns undefined for
 * anything else, including amounts finer than the currency, so that `decimalToMinor`'s general
 * path decides — and words the error — exactly as before.
 * @throws PayoutError PAYOUT_E_UNKNOWN_CURRENCY
 */
function plainDecimalToMinor(text: string, currency: string): bigint | undefined {
  const n = text.length;
  if (n === 0 || n > 16) return undefined;
  let exponent = lastExponent;
  if (currency !== lastCurrency) {
    exponent = currencyExponent(currency);
    lastCurrency = currency;
    lastExponent = exponent;
  }
  let whole = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return undefined;
    whole = whole * 10 + (c - 48);
  }
  if (i === 0 || i === n - 1) return undefined; // ".5" and "5." are not plain decimals
  let fraction = 0;
  let significant = 0; // fraction digits up to the last non-zero one
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
    if (c !== 48) significant = j - i;
  }
  if (significant > exponent) return undefined;
  for (let k = 1; k <= exponent; k++) {
    const j = i + k;
    fraction = fraction * 10 + (j < n ? text.charCodeAt(j) - 48 : 0);
  }
  const minor = whole * 10 ** exponent + fraction;
  return Number.isSafeInteger(minor) ? BigInt(minor) : undefined;
}

function normalise(sign: string, whole: string, fraction: string | undefined): string {
  const w = whole.replace(/^0+(?=[0-9])/, '');
  const f = fraction === undefined ? '' : fraction.replace(/0+$/, '');
  const body = f === '' ? w : `${w}.${f}`;
  return sign === '-' && body !== '0' ? `-${body}` : body;
}
