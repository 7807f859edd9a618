/**
 * UK sort code: 6 digits, written "123456" or "12-34-56". Format only: the Pay.UK modulus
 * check needs its published weight table, which is not vendored (see report).
 */
export function validateUkSortCode(s: string): boolean {
  return typeof s === 'string' && /^(?:[0-9]{6}|[0-9]{2}-[0-9]{2}-[0-9]{2})$/.test(s);
}

/** "12-34-56" → "123456". Call only after validateUkSortCode. */
export function normalizeUkSortCode(s: string): string {
  return s.replace(/-/g, '');
}

/**
 * UK account number: exactly 8 digits. Shorter (6–7 digit) and longer (9–10 digit) forms exist
 * at some banks but must be converted to the 8-digit standard form by the caller first.
 */
export function validateUkAccountNumber(s: string): boolean {
  return typeof s === 'string' && /^[0-9]{8}$/.test(s);
}
