import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPayoutError } from '../errors/payout-error.ts';
import { currencyExponent, isCurrency, listCurrencies } from './currency.ts';
import { addMoney, compareMoney, money, negateMoney, subtractMoney, sumMoney } from './money.ts';
import { moneyFromJson, moneyToJson, parseMinorUnits } from './money-json.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isPayoutError(e) ? e.code : `not a PayoutError: ${String(e)}`;
  }
  return undefined;
}

describe('currencies (ISO 4217 via currency-codes)', () => {
  it('knows the exponents', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('CNY')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('GBP')).toBe(2);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('is strict about codes', () => {
    expect(isCurrency('CNY')).toBe(true);
    expect(isCurrency('cny')).toBe(false);
    expect(isCurrency(' CNY')).toBe(false);
    expect(isCurrency('XYZ')).toBe(false);
    expect(isCurrency('XAU')).toBe(false);
    expect(isCurrency('XXX')).toBe(false);
    expect(isCurrency('XTS')).toBe(false);
    expect(isCurrency('XOF')).toBe(true);
    expect(codeOf(() => currencyExponent('cny'))).toBe('PAYOUT_E_UNKNOWN_CURRENCY');
    expect(codeOf(() => currencyExponent('toString'))).toBe('PAYOUT_E_UNKNOWN_CURRENCY');
    expect(listCurrencies()).toContain('CNY');
    expect(listCurrencies().length).toBeGreaterThan(150);
  });
});

describe('money arithmetic', () => {
  const cny = (n: bigint) => money(n, 'CNY');

  it('adds, subtracts, compares and sums exactly', () => {
    expect(addMoney(cny(10n), cny(5n))).toEqual(cny(15n));
    expect(subtractMoney(cny(10n), cny(15n))).toEqual(cny(-5n));
    expect(compareMoney(cny(1n), cny(2n))).toBe(-1);
    expect(compareMoney(cny(2n), cny(2n))).toBe(0);
    expect(compareMoney(cny(3n), cny(2n))).toBe(1);
    expect(sumMoney('CNY', [])).toEqual(cny(0n));
    expect(sumMoney('CNY', [cny(1n), cny(2n), cny(3n)])).toEqual(cny(6n));
    expect(negateMoney(cny(7n))).toEqual(cny(-7n));
  });

  it('refuses mixed currencies', () => {
    const usd = money(1n, 'USD');
    expect(codeOf(() => addMoney(cny(1n), usd))).toBe('PAYOUT_E_CURRENCY_MISMATCH');
    expect(codeOf(() => subtractMoney(cny(1n), usd))).toBe('PAYOUT_E_CURRENCY_MISMATCH');
    expect(codeOf(() => compareMoney(cny(1n), usd))).toBe('PAYOUT_E_CURRENCY_MISMATCH');
    expect(codeOf(() => sumMoney('CNY', [cny(1n), usd]))).toBe('PAYOUT_E_CURRENCY_MISMATCH');
    expect(codeOf(() => sumMoney('USD', [cny(1n)]))).toBe('PAYOUT_E_CURRENCY_MISMATCH');
  });

  it('refuses floats and unknown currencies', () => {
    expect(codeOf(() => money(1 as unknown as bigint, 'CNY'))).toBe('PAYOUT_E_INVALID_AMOUNT');
    expect(codeOf(() => money(1n, 'ABC'))).toBe('PAYOUT_E_UNKNOWN_CURRENCY');
    const floaty = { amountMinor: 0.1, currency: 'CNY' } as unknown as ReturnType<typeof cny>;
    expect(codeOf(() => addMoney(cny(1n), floaty))).toBe('PAYOUT_E_INVALID_AMOUNT');
  });

  it('sum equals the bigint sum (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), { maxLength: 30 }), (xs) => {
        expect(
          sumMoney(
            'EUR',
            xs.map((x) => money(x, 'EUR')),
          ).amountMinor,
        ).toBe(xs.reduce((a, b) => a + b, 0n));
      }),
      { numRuns: 200 },
    );
  });
});

describe('money JSON', () => {
  it('round-trips through strings of minor units', () => {
    const m = money(-9007199254740993n, 'USD');
    const json = JSON.parse(JSON.stringify(moneyToJson(m))) as unknown;
    expect(json).toEqual({ amountMinor: '-9007199254740993', currency: 'USD' });
    expect(moneyFromJson(json)).toEqual(m);
  });

  it.each([[12345], ['12.34'], ['1e3'], [' 1'], ['+1'], ['01'], ['-0'], [''], [null]])('refuses minor units %j', (v) => {
    expect(codeOf(() => parseMinorUnits(v))).toBe('PAYOUT_E_INVALID_AMOUNT');
  });

  it('refuses bad shapes', () => {
    expect(codeOf(() => moneyFromJson(null))).toBe('PAYOUT_E_INVALID_AMOUNT');
    expect(codeOf(() => moneyFromJson({ amountMinor: '1' }))).toBe('PAYOUT_E_UNKNOWN_CURRENCY');
    expect(codeOf(() => moneyFromJson({ amountMinor: '1', currency: 'usd' }))).toBe('PAYOUT_E_UNKNOWN_CURRENCY');
  });
});
