/**
 * US ABA routing transit number: 9 digits, a Federal Reserve prefix (00–12, 21–32, 61–72,
 * 80), and the 3-7-1 weighted checksum: 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
 * "000000000" passes the arithmetic but is not a routing number.
 */
export function validateAbaRouting(s: string): boolean {
  if (typeof s !== 'string' || !/^[0-9]{9}$/.test(s) || s === '000000000') return false;
  const prefix = Number(s.slice(0, 2));
  const prefixOk = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  if (!prefixOk) return false;
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1] as const;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (s.charCodeAt(i) - 48) * (weights[i] ?? 0);
  return sum % 10 === 0;
}

/** US DFI account number as Nacha carries it (up to 17 characters); digits only here. */
export function validateUsAccountNumber(s: string): boolean {
  return typeof s === 'string' && /^[0-9]{4,17}$/.test(s);
}
