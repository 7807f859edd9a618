import { maskAccount } from '@payout/domain';

// Keys whose values are account identifiers in our JSON and in the CN dialect's wire JSON.
const ACCOUNT_KEY = /(account(number|no)?|acct(no)?|iban|card(no|number)?|payer_?account|payee_?account)$/i;
// In free text (raw XML/CSV bodies): IBANs, and digit runs long enough to be account or card numbers.
const IBAN_TEXT = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b/g;
const LONG_DIGITS = /(?<![\d.,])\d{9,34}(?![\d.,])/g;
const XML_ID = /<((?:\w+:)?(?:IBAN|Id|AcctNo|BBAN))>([^<]{5,})<\/\1>/g;

/** Masks account-looking substrings in free text; what remains visible is the last 4 characters. */
export function maskAccountsInText(s: string): string {
  return s
    .replace(XML_ID, (_m, tag: string, v: string) => `<${tag}>${maskAccount(v)}</${tag}>`)
    .replace(IBAN_TEXT, (m) => maskAccount(m))
    .replace(LONG_DIGITS, (m) => maskAccount(m));
}

/**
 * Deep copy with every account identifier masked: values under account-like keys entirely,
 * other strings by pattern. Applied by the repository to everything stored, whoever calls it,
 * so no full account number ever reaches the bank-exchange log. bigint becomes a string.
 */
export function maskAccountsDeep(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return ACCOUNT_KEY.test(key) ? maskAccount(value) : maskAccountsInText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => maskAccountsDeep(v, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskAccountsDeep(v, k);
    return out;
  }
  return value;
}
