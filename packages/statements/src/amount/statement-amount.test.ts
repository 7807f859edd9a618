import { isPayoutError, parseAmountMinor } from '@payout/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToMinor, swiftDecimalToMinor } from './statement-amount.ts';

const code = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (e) {
    return isPayoutError(e) ? e.code : 'not a PayoutError';
  }
};

describe('decimalToMinor', () => {
  it('is exact and removes only padding that cannot change the value', () => {
    expect(decimalToMinor('1234.56', 'EUR')).toBe(123456n);
    expect(decimalToMinor('0100.50', 'EUR')).toBe(10050n);
    expect(decimalToMinor('1.230', 'EUR')).toBe(123n);
    expect(decimalToMinor('5.0', 'JPY')).toBe(5n);
    expect(decimalToMinor('125000', 'JPY')).toBe(125000n);
    expect(decimalToMinor('1234.567', 'BHD')).toBe(1234567n);
    expect(decimalToMinor('0.000', 'KWD')).toBe(0n);
    expect(decimalToMinor('-12.5', 'EUR')).toBe(-1250n);
  });

  it('refuses what a float or a locale would misread', () => {
    for (const bad of ['12,34', '1e3', ' 1', '1.', '.5', '+1', 'NaN', '', '1.234', '12,34.5']) {
      expect(
        code(() => decimalToMinor(bad, 'EUR')),
        bad,
      ).toBe('PAYOUT_E_INVALID_AMOUNT');
    }
    expect(code(() => decimalToMinor('1.5', 'JPY'))).toBe('PAYOUT_E_INVALID_AMOUNT');
    expect(code(() => decimalToMinor('1.00', 'ABC'))).toBe('PAYOUT_E_UNKNOWN_CURRENCY');
  });

  it('round-trips any minor amount through its decimal form', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.constantFrom('EUR', 'JPY', 'BHD'), (minor, ccy) => {
        const exp = ccy === 'JPY' ? 0 : ccy === 'BHD' ? 3 : 2;
        const digits = minor.toString().padStart(exp + 1, '0');
        const text = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
        expect(decimalToMinor(text, ccy)).toBe(minor);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decimalToMinor on arbitrary text', () => {
  // The oracle is the rule itself, written the slow way: strip padding, then the domain's strict parser.
  const oracle = (text: string, ccy: string): bigint | string => {
    const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(text);
    const whole = (m?.[2] ?? '').replace(/^0+(?=[0-9])/, '');
    const fraction = (m?.[3] ?? '').replace(/0+$/, '');
    const body = fraction === '' ? whole : `${whole}.${fraction}`;
    const input = m === null ? text : m[1] === '-' && body !== '0' ? `-${body}` : body;
    try {
      return parseAmountMinor(input, ccy);
    } catch (e) {
      return isPayoutError(e) ? e.code : 'not a PayoutError';
    }
  };
  const outcome = (text: string, ccy: string): bigint | string => {
    try {
      return decimalToMinor(text, ccy);
    } catch (e) {
      return isPayoutError(e) ? e.code : 'not a PayoutError';
    }
  };

  it('agrees with the padding-stripping rule for digits, dots and signs of any length, in any currency', () => {
    const text = fc.stringMatching(/^-?[0-9]{0,19}(\.[0-9]{0,6})?$/);
    const noise = fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', ',', ' ', 'e'), maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(text, noise), fc.constantFrom('EUR', 'JPY', 'BHD', 'CLF', 'EUR'), (t, ccy) => {
        expect(outcome(t, ccy)).toEqual(oracle(t, ccy));
      }),
      { numRuns: 2_000 },
    );
  });

  it('stays exact past 2^53 and changes currency between calls', () => {
    expect(decimalToMinor('90071992547409.93', 'EUR')).toBe(9007199254740993n);
    expect(decimalToMinor('9007199254740993', 'JPY')).toBe(9007199254740993n);
    expect(decimalToMinor('1.5', 'EUR')).toBe(150n);
    expect(code(() => decimalToMinor('1.5', 'JPY'))).toBe('PAYOUT_E_INVALID_AMOUNT');
    expect(decimalToMinor('1.5', 'BHD')).toBe(1500n);
  });
});

describe('swiftDecimalToMinor', () => {
  it('reads the comma as the only decimal mark', () => {
    expect(swiftDecimalToMinor('1234,56', 'EUR')).toBe(123456n);
    expect(swiftDecimalToMinor('500,', 'EUR')).toBe(50000n);
    expect(swiftDecimalToMinor('500', 'EUR')).toBe(50000n);
    expect(swiftDecimalToMinor('0,5', 'EUR')).toBe(50n);
    expect(swiftDecimalToMinor('125000,', 'JPY')).toBe(125000n);
    expect(swiftDecimalToMinor('1,234', 'KWD')).toBe(1234n);
  });

  it('refuses "12,34.5", thousands separators, signs and missing integer digits', () => {
    for (const bad of ['12,34.5', '1.234,56', '1234.56', '-5,00', ',5', '1,2,3', '']) {
      expect(
        code(() => swiftDecimalToMinor(bad, 'EUR')),
        bad,
      ).toBe('PAYOUT_E_INVALID_AMOUNT');
    }
    expect(code(() => swiftDecimalToMinor('1,005', 'EUR'))).toBe('PAYOUT_E_INVALID_AMOUNT');
  });
});
