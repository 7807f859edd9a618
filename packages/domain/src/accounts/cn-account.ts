import { luhnValid } from './luhn.ts';

/**
 * CN bank account number: digits only, 9–30 long (corporate accounts vary by bank; personal
 * bank cards are 16–19 digits). There is no national check digit for accounts; bank cards
 * (UnionPay PANs) carry a Luhn digit, so `{ bankCard: true }` requires 16–19 digits AND Luhn.
 * Only ask for it where the bank/channel says the account is a card.
 */
export function validateCnAccountNumber(s: string, opts?: { bankCard?: boolean }): boolean {
  if (typeof s !== 'string' || !/^[0-9]{9,30}$/.test(s)) return false;
  if (opts?.bankCard === true) return s.length >= 16 && s.length <= 19 && luhnValid(s);
  return true;
}

/** CNAPS bank code (联行号): 12 digits. */
export function validateCnapsCode(s: string): boolean {
  return typeof s === 'string' && /^[0-9]{12}$/.test(s);
}
