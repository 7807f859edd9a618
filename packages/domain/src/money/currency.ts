import { data as iso4217 } from 'currency-codes';
import { PayoutError } from '../errors/payout-error.ts';

/**
 * ISO 4217 codes whose minor unit the standard lists as "N.A." (precious metals, bond-market
 * units, SDR, SUCRE, testing and "no currency"). `currency-codes` reports them as 0 digits,
 * which would make them look payable; no bank pays out in them, so they are not currencies here.
 */
const NOT_PAYABLE = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

const EXPONENTS: ReadonlyMap<string, number> = new Map(
  iso4217.filter((c) => !NOT_PAYABLE.has(c.code) && Number.isInteger(c.digits) && c.digits >= 0).map((c) => [c.code, c.digits] as const),
);

/** Date of the ISO 4217 list the exponents come from (from `currency-codes`). */
export { publishDate as ISO_4217_PUBLISH_DATE } from 'currency-codes';

/**
 * True for an active, payable ISO 4217 alphabetic code. Case-sensitive: "cny" is not a
 * currency (the library's own lookup upper-cases; we do not, so stored codes stay canonical).
 */
export function isCurrency(code: string): boolean {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && EXPONENTS.has(code);
}

/**
 * Number of minor-unit digits: JPY 0, CNY/EUR/USD 2, BHD/KWD 3, CLF 4.
 * @throws PayoutError PAYOUT_E_UNKNOWN_CURRENCY
 */
export function currencyExponent(currency: string): number {
  const exp = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? EXPONENTS.get(currency) : undefined;
  if (exp === undefined) {
    throw new PayoutError('PAYOUT_E_UNKNOWN_CURRENCY', `currency ${describe(currency)} is not an ISO 4217 payment currency`, {
      currency: typeof currency === 'string' ? currency.slice(0, 16) : typeof currency,
    });
  }
  return exp;
}

/** Every currency `isCurrency` accepts, sorted. */
export function listCurrencies(): readonly string[] {
  return [...EXPONENTS.keys()].sort();
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v.slice(0, 16)) : `of type ${typeof v}`;
}
