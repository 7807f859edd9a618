import type { ErrorCode } from '../errors/error-codes.ts';
import { validateAbaRouting, validateUsAccountNumber } from './aba-routing.ts';
import { validateBic } from './bic.ts';
import { validateCnAccountNumber, validateCnapsCode } from './cn-account.ts';
import { normalizeIban, validateIban } from './iban.ts';
import { maskAccount } from './mask-account.ts';
import { normalizeUkSortCode, validateUkAccountNumber, validateUkSortCode } from './uk-account.ts';

export const ACCOUNT_SCHEMES = ['iban', 'us_aba', 'uk_sort_code', 'cn_bank'] as const;
export type AccountScheme = (typeof ACCOUNT_SCHEMES)[number];

/**
 * A beneficiary account. `bankCode` by scheme: iban → BIC (optional); us_aba → ABA routing
 * number (required); uk_sort_code → sort code (required); cn_bank → CNAPS code (optional).
 */
export interface BankAccountRef {
  readonly scheme: AccountScheme;
  readonly accountNumber: string;
  readonly bankCode?: string | undefined;
}

export type BankAccountValidation =
  { readonly ok: true; readonly normalized: BankAccountRef } | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/**
 * Validate and normalise a beneficiary account. Messages only ever show masked numbers.
 * Normalised: IBAN without spaces, upper case; BIC upper case; sort code without dashes.
 */
export function validateBankAccount(ref: BankAccountRef): BankAccountValidation {
  if (typeof ref !== 'object' || ref === null || typeof ref.accountNumber !== 'string') {
    return fail('PAYOUT_E_INVALID_ACCOUNT', 'account must have a scheme and an accountNumber string');
  }
  const bankCode: unknown = ref.bankCode;
  if (bankCode !== undefined && typeof bankCode !== 'string') {
    return fail('PAYOUT_E_INVALID_ACCOUNT', 'bankCode must be a string when present');
  }
  const masked = maskAccount(ref.accountNumber);
  switch (ref.scheme) {
    case 'iban': {
      if (!validateIban(ref.accountNumber))
        return fail('PAYOUT_E_INVALID_IBAN', `IBAN ${masked} is not valid (country format, length or check digits)`);
      if (bankCode !== undefined && !validateBic(bankCode))
        return fail('PAYOUT_E_INVALID_BIC', `BIC ${JSON.stringify(bankCode.slice(0, 16))} is not valid`);
      return ok({
        scheme: 'iban',
        accountNumber: normalizeIban(ref.accountNumber),
        ...(bankCode === undefined ? {} : { bankCode: bankCode.toUpperCase() }),
      });
    }
    case 'us_aba': {
      if (bankCode === undefined || !validateAbaRouting(bankCode))
        return fail(
          'PAYOUT_E_INVALID_ABA',
          `routing number ${bankCode === undefined ? 'missing' : JSON.stringify(bankCode.slice(0, 12))} is not a valid ABA routing number`,
        );
      if (!validateUsAccountNumber(ref.accountNumber))
        return fail('PAYOUT_E_INVALID_ACCOUNT', `US account number ${masked} must be 4–17 digits`);
      return ok({ scheme: 'us_aba', accountNumber: ref.accountNumber, bankCode });
    }
    case 'uk_sort_code': {
      if (bankCode === undefined || !validateUkSortCode(bankCode))
        return fail(
          'PAYOUT_E_INVALID_SORT_CODE',
          `sort code ${bankCode === undefined ? 'missing' : JSON.stringify(bankCode.slice(0, 12))} must be 6 digits (12-34-56)`,
        );
      if (!validateUkAccountNumber(ref.accountNumber))
        return fail('PAYOUT_E_INVALID_ACCOUNT', `UK account number ${masked} must be 8 digits`);
      return ok({ scheme: 'uk_sort_code', accountNumber: ref.accountNumber, bankCode: normalizeUkSortCode(bankCode) });
    }
    case 'cn_bank': {
      if (!validateCnAccountNumber(ref.accountNumber))
        return fail('PAYOUT_E_INVALID_ACCOUNT', `CN account number ${masked} must be 9–30 digits`);
      if (bankCode !== undefined && !validateCnapsCode(bankCode))
        return fail('PAYOUT_E_INVALID_ACCOUNT', `CNAPS bank code ${JSON.stringify(bankCode.slice(0, 16))} must be 12 digits`);
      return ok({ scheme: 'cn_bank', accountNumber: ref.accountNumber, ...(bankCode === undefined ? {} : { bankCode }) });
    }
    default: {
      const scheme: unknown = (ref as { scheme?: unknown }).scheme;
      return fail(
        'PAYOUT_E_INVALID_ACCOUNT',
        `unknown account scheme ${JSON.stringify(String(scheme).slice(0, 20))}; expected one of ${ACCOUNT_SCHEMES.join(', ')}`,
      );
    }
  }
}

function ok(normalized: BankAccountRef): BankAccountValidation {
  return { ok: true, normalized: Object.freeze(normalized) };
}

function fail(code: ErrorCode, message: string): BankAccountValidation {
  return { ok: false, code, message };
}
