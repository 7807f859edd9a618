import { isValidBIC } from 'ibantools';

/**
 * ISO 9362 BIC: 4 letters (institution), 2-letter country known to ibantools, 2 alphanumerics
 * (location), optional 3 alphanumerics (branch). Case-insensitive; store `toUpperCase()`.
 */
export function validateBic(s: string): boolean {
  if (typeof s !== 'string') return false;
  const bic = s.toUpperCase();
  return /^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(bic) && isValidBIC(bic);
}
