import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from './error-codes.ts';
import { PayoutError, isPayoutError } from './payout-error.ts';

describe('error registry', () => {
  it('has well-formed codes with an HTTP error status, a title and a description', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^PAYOUT_E_[A-Z0-9_]+$/);
      expect(info.httpStatus).toBeGreaterThanOrEqual(400);
      expect(info.httpStatus).toBeLessThan(600);
      expect(info.title.length).toBeGreaterThan(0);
      expect(info.description.length).toBeGreaterThan(0);
    }
  });

  it('narrows strings to codes', () => {
    expect(isErrorCode('PAYOUT_E_INTERNAL')).toBe(true);
    expect(isErrorCode('PAYOUT_E_NOPE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});

describe('PayoutError', () => {
  it('takes its HTTP status from the registry and keeps code, details and cause', () => {
    const cause = new Error('root');
    const e = new PayoutError('PAYOUT_E_NOT_FOUND', 'payout p1 not found', { payoutId: 'p1' }, { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('PayoutError');
    expect(e.code).toBe('PAYOUT_E_NOT_FOUND');
    expect(e.httpStatus).toBe(404);
    expect(e.details).toEqual({ payoutId: 'p1' });
    expect(Object.isFrozen(e.details)).toBe(true);
    expect(e.cause).toBe(cause);
    expect(new PayoutError('PAYOUT_E_BANK_UNAVAILABLE', 'x').httpStatus).toBe(503);
    expect(new PayoutError('PAYOUT_E_INTERNAL', 'x').details).toBeUndefined();
  });

  it('is recognised by isPayoutError, also across module copies', () => {
    expect(isPayoutError(new PayoutError('PAYOUT_E_CONFLICT', 'x'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { name: 'PayoutError', code: 'PAYOUT_E_CONFLICT' });
    expect(isPayoutError(foreign)).toBe(true);
    expect(isPayoutError(Object.assign(new Error('x'), { name: 'PayoutError', code: 'NOPE' }))).toBe(false);
    expect(isPayoutError(new Error('x'))).toBe(false);
    expect(isPayoutError({ name: 'PayoutError', code: 'PAYOUT_E_CONFLICT' })).toBe(false);
    expect(isPayoutError(undefined)).toBe(false);
  });
});
