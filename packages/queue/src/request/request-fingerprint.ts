import { createHash } from 'node:crypto';
import type { PayoutRequest } from './payout-request.schema.ts';

/**
 * sha-256 (hex) of the canonical normalised request. Two requests that mean the same payout
 * ("1.5" and "1.50", an IBAN with or without spaces, fields in any order) share a
 * fingerprint; anything that changes the payout changes it. Versioned so the canonical form
 * can evolve without matching old fingerprints by accident. An absent `fundingAccount` is
 * `null` in the canonical form, so naming one and leaving it out are different requests (and a
 * request that names one fingerprints exactly as it did when the field was required).
 */
export function requestFingerprint(r: PayoutRequest): string {
  const canonical = JSON.stringify([
    'payout-request/v1',
    r.amountMinor.toString(),
    r.currency,
    r.fundingAccount,
    r.beneficiary.name,
    r.beneficiary.scheme,
    r.beneficiary.accountNumber,
    r.beneficiary.bankCode ?? null,
    r.railPreference,
    r.remittanceInfo,
    r.requestedExecutionDate,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
