import { isValidIBAN } from 'ibantools';

/** Electronic form: ASCII spaces removed, upper case ("de89 3704 …" → "DE893704…"). */
export function normalizeIban(s: string): string {
  return s.replace(/ /g, '').toUpperCase();
}

/** IBAN country format, length and mod-97 check (ibantools), after normalizeIban. */
export function validateIban(s: string): boolean {
  if (typeof s !== 'string') return false;
  const iban = normalizeIban(s);
  // ibantools checks per-country format; this keeps odd characters out before it looks.
  return /^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/.test(iban) && isValidIBAN(iban);
}
