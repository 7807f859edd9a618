import { maskAccount } from '@payout/domain';
import { maskAccountsInText } from '../ops/bank-exchange/mask-bank-body.ts';

// Keys whose string values are account identifiers (evidence `account`, a beneficiary's `accountNumber`, an `iban`).
const ACCOUNT_KEY = /(account(number|no)?|acct(no)?|iban|bban)$/i;
// Amounts in minor units are long digit runs too, and never account numbers.
const MINOR_UNITS_KEY = /minor$/i;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Free text (a reason, a refusal message) with account-looking runs masked to their last
 * four, as the bank-exchange log masks them; ids (uuids) are left whole, since an all-digit
 * last group would otherwise look like an account number.
 */
export function maskAuditText(s: string): string {
  let out = '';
  let at = 0;
  for (const m of s.matchAll(UUID)) {
    out += maskAccountsInText(s.slice(at, m.index)) + m[0];
    at = m.index + m[0].length;
  }
  return out + maskAccountsInText(s.slice(at));
}

/**
 * A deep copy of an audit row's before/after for reading: values under account-like keys
 * masked whole, other strings by pattern (maskAuditText), amounts in minor units kept.
 * Audit rows are written by many services; masking on the way out means no reader sees a
 * full account number whatever a writer put in (e.g. statement evidence naming an account).
 *
 * @example
 *   maskAuditJson({ evidence: [{ kind: 'statement', account: 'DE89370400440532013000' }] })
 *   // { evidence: [{ kind: 'statement', account: '****3000' }] }
 */
export function maskAuditJson(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (ACCOUNT_KEY.test(key)) return maskAccount(value);
    if (MINOR_UNITS_KEY.test(key) && /^-?[0-9]+$/.test(value)) return value;
    return maskAuditText(value);
  }
  if (Array.isArray(value)) return value.map((v) => maskAuditJson(v, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskAuditJson(v, k);
    return out;
  }
  return value;
}
