import { isPayoutError } from '@payout/domain';
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
      expect(code(() => decimalToMinor(bad, 'EUR')), bad).toBe('PAYOUT_E_INVALID_AMOUNT');
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
      expect(code(() => swiftDecimalToMinor(bad, 'EUR')), bad).toBe('PAYOUT_E_INVALID_AMOUNT');
    }
    expect(code(() => swiftDecimalToMinor('1,005', 'EUR'))).toBe('PAYOUT_E_INVALID_AMOUNT');
  });
});
