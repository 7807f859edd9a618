import { describe, expect, it } from 'vitest';
import { validateBankAccount, type BankAccountRef } from './bank-account.ts';

describe('validateBankAccount', () => {
  it('normalises valid accounts per scheme', () => {
    expect(validateBankAccount({ scheme: 'iban', accountNumber: 'de89 3704 0044 0532 0130 00', bankCode: 'deutdeff' })).toEqual({
      ok: true,
      normalized: { scheme: 'iban', accountNumber: 'DE89370400440532013000', bankCode: 'DEUTDEFF' },
    });
    expect(validateBankAccount({ scheme: 'iban', accountNumber: 'GB29NWBK60161331926819' })).toEqual({
      ok: true,
      normalized: { scheme: 'iban', accountNumber: 'GB29NWBK60161331926819' },
    });
    expect(validateBankAccount({ scheme: 'us_aba', accountNumber: '123456789', bankCode: '021000021' })).toMatchObject({ ok: true });
    expect(validateBankAccount({ scheme: 'uk_sort_code', accountNumber: '31926819', bankCode: '60-16-13' })).toEqual({
      ok: true,
      normalized: { scheme: 'uk_sort_code', accountNumber: '31926819', bankCode: '601613' },
    });
    expect(validateBankAccount({ scheme: 'cn_bank', accountNumber: '6222021234567890128', bankCode: '102100099996' })).toMatchObject({
      ok: true,
    });
    expect(validateBankAccount({ scheme: 'cn_bank', accountNumber: '110060149018001234567' })).toMatchObject({ ok: true });
  });

  it.each([
    [{ scheme: 'iban', accountNumber: 'DE89370400440532013001' }, 'PAYOUT_E_INVALID_IBAN'],
    [{ scheme: 'iban', accountNumber: 'DE89370400440532013000', bankCode: 'DEUTXXFF' }, 'PAYOUT_E_INVALID_BIC'],
    [{ scheme: 'us_aba', accountNumber: '123456789', bankCode: '021000022' }, 'PAYOUT_E_INVALID_ABA'],
    [{ scheme: 'us_aba', accountNumber: '123456789' }, 'PAYOUT_E_INVALID_ABA'],
    [{ scheme: 'us_aba', accountNumber: '12', bankCode: '021000021' }, 'PAYOUT_E_INVALID_ACCOUNT'],
    [{ scheme: 'uk_sort_code', accountNumber: '31926819', bankCode: '6016' }, 'PAYOUT_E_INVALID_SORT_CODE'],
    [{ scheme: 'uk_sort_code', accountNumber: '31926819' }, 'PAYOUT_E_INVALID_SORT_CODE'],
    [{ scheme: 'uk_sort_code', accountNumber: '3192681', bankCode: '601613' }, 'PAYOUT_E_INVALID_ACCOUNT'],
    [{ scheme: 'cn_bank', accountNumber: '62220212345' + 'x' }, 'PAYOUT_E_INVALID_ACCOUNT'],
    [{ scheme: 'cn_bank', accountNumber: '6222021234567890128', bankCode: '1021' }, 'PAYOUT_E_INVALID_ACCOUNT'],
    [{ scheme: 'swift', accountNumber: '6222021234567890128' }, 'PAYOUT_E_INVALID_ACCOUNT'],
    [{ scheme: 'iban', accountNumber: 12345 }, 'PAYOUT_E_INVALID_ACCOUNT'],
    [{ scheme: 'iban', accountNumber: 'DE89370400440532013000', bankCode: 5 }, 'PAYOUT_E_INVALID_ACCOUNT'],
  ])('%j → %s', (ref, code) => {
    expect(validateBankAccount(ref as unknown as BankAccountRef)).toMatchObject({ ok: false, code });
  });

  it('never puts a full account number in a message', () => {
    const r = validateBankAccount({ scheme: 'iban', accountNumber: 'DE89370400440532013001' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).not.toContain('0532013001');
      expect(r.message).toContain('****3001');
    }
  });
});
