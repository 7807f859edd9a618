import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPayoutError } from '../errors/payout-error.ts';
import { formatAmountMinor, formatMoney, parseAmountMinor, parseMoney } from './amount-decimal.ts';
import { money } from './money.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isPayoutError(e) ? e.code : `not a PayoutError: ${String(e)}`;
  }
  return undefined;
}

describe('parseAmountMinor', () => {
  it('parses exact decimals into minor units', () => {
    expect(parseAmountMinor('123.45', 'CNY')).toBe(12345n);
    expect(parseAmountMinor('123.4', 'CNY')).toBe(12340n);
    expect(parseAmountMinor('123', 'CNY')).toBe(12300n);
    expect(parseAmountMinor('0.01', 'USD')).toBe(1n);
    expect(parseAmountMinor('-0.05', 'EUR')).toBe(-5n);
    expect(parseAmountMinor('5', 'JPY')).toBe(5n);
    expect(parseAmountMinor('1.234', 'KWD')).toBe(1234n);
    expect(parseAmountMinor('0.001', 'BHD')).toBe(1n);
    expect(parseAmountMinor('1.2345', 'CLF')).toBe(12345n);
    // beyond 2^53: no float anywhere
    expect(parseAmountMinor('90071992547409.93', 'CNY')).toBe(9007199254740993n);
  });

  it.each([
    ['1.234', 'CNY'],
    ['1.0', 'JPY'],
    ['1.2345', 'KWD'],
    ['1e3', 'CNY'],
    ['1E3', 'CNY'],
    ['12,34', 'EUR'],
    ['1,234.00', 'USD'],
    [' 1', 'CNY'],
    ['1 ', 'CNY'],
    ['1\n', 'CNY'],
    ['NaN', 'CNY'],
    ['Infinity', 'CNY'],
    ['', 'CNY'],
    ['-', 'CNY'],
    ['1.', 'CNY'],
    ['.5', 'CNY'],
    ['+1', 'CNY'],
    ['01', 'CNY'],
    ['00.5', 'CNY'],
    ['1_000', 'CNY'],
    ['0x10', 'CNY'],
    ['１', 'CNY'],
    ['1.2.3', 'CNY'],
    ['--1', 'CNY'],
    ['1'.repeat(41), 'CNY'],
  ])('refuses %j (%s) with PAYOUT_E_INVALID_AMOUNT', (input, currency) => {
    expect(codeOf(() => parseAmountMinor(input, currency))).toBe('PAYOUT_E_INVALID_AMOUNT');
  });

  it.each([[NaN], [123.45], [1], [0], [12345n], [null], [undefined], [{}], [['1']]])('refuses non-strings (%s)', (input) => {
    expect(codeOf(() => parseAmountMinor(input, 'CNY'))).toBe('PAYOUT_E_INVALID_AMOUNT');
  });

  it('refuses unknown currencies before looking at the amount', () => {
    expect(codeOf(() => parseAmountMinor('1.00', 'XYZ'))).toBe('PAYOUT_E_UNKNOWN_CURRENCY');
    expect(codeOf(() => parseAmountMinor('1.00', 'cny'))).toBe('PAYOUT_E_UNKNOWN_CURRENCY');
  });
});

describe('formatAmountMinor', () => {
  it('formats with exactly the currency decimals', () => {
    expect(formatAmountMinor(12345n, 'CNY')).toBe('123.45');
    expect(formatAmountMinor(5n, 'JPY')).toBe('5');
    expect(formatAmountMinor(-5n, 'JPY')).toBe('-5');
    expect(formatAmountMinor(-5n, 'CNY')).toBe('-0.05');
    expect(formatAmountMinor(0n, 'CNY')).toBe('0.00');
    expect(formatAmountMinor(100n, 'USD')).toBe('1.00');
    expect(formatAmountMinor(1n, 'KWD')).toBe('0.001');
    expect(formatAmountMinor(-1234567n, 'BHD')).toBe('-1234.567');
    expect(formatMoney(money(9007199254740993n, 'EUR'))).toBe('90071992547409.93');
  });

  it('refuses numbers as amountMinor', () => {
    expect(codeOf(() => formatAmountMinor(5 as unknown as bigint, 'CNY'))).toBe('PAYOUT_E_INVALID_AMOUNT');
  });
});

describe('parse/format round trip (property)', () => {
  const currencies = [
    ['JPY', 0],
    ['CNY', 2],
    ['EUR', 2],
    ['USD', 2],
    ['BHD', 3],
    ['KWD', 3],
    ['CLF', 4],
  ] as const;

  it('parse(format(x)) === x for exponents 0, 2, 3 (and 4)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.constantFrom(...currencies), (minor, [currency]) => {
        const text = formatAmountMinor(minor, currency);
        expect(parseAmountMinor(text, currency)).toBe(minor);
        expect(formatMoney(parseMoney(text, currency))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('format(parse(s)) pads a valid decimal to the exponent and keeps its value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.nat({ max: 4 }),
        fc.nat(),
        fc.boolean(),
        ([currency, exponent], whole, rawDecimals, fracSeed, negative) => {
          const decimals = rawDecimals % (exponent + 1);
          const fraction = decimals === 0 ? '' : String(fracSeed % 10 ** decimals).padStart(decimals, '0');
          const text = `${negative ? '-' : ''}${whole}${decimals === 0 ? '' : `.${fraction}`}`;
          const minor = parseAmountMinor(text, currency);
          const expected = BigInt(`${whole}${fraction.padEnd(exponent, '0')}`) * (negative ? -1n : 1n);
          expect(minor).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never accepts more decimals than the exponent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.nat({ max: 10 ** 6 }), ([currency, exponent], n) => {
        const text = `1.${String(n).padStart(exponent + 1, '0')}`;
        expect(codeOf(() => parseAmountMinor(text, currency))).toBe('PAYOUT_E_INVALID_AMOUNT');
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any string that is not a plain decimal', () => {
    const plain = /^-?(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/;
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        if (plain.test(s)) {
          expect(typeof parseAmountMinor(s, 'CNY')).toBe('bigint');
        } else {
          expect(codeOf(() => parseAmountMinor(s, 'CNY'))).toBe('PAYOUT_E_INVALID_AMOUNT');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
