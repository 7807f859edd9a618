import type { ErrorCode, PayoutError } from '@payout/domain';
import { payoutErrorFromZod } from './zod-issues.ts';
import { payoutRequestSchema, type PayoutRequest } from './payout-request.schema.ts';

/** Shape errors of these fields carry the field's own code rather than PAYOUT_E_VALIDATION. */
const FIELD_CODES: ReadonlyArray<readonly [string, ErrorCode]> = [
  ['amount', 'PAYOUT_E_INVALID_AMOUNT'],
  ['currency', 'PAYOUT_E_UNKNOWN_CURRENCY'],
  ['beneficiary.accountNumber', 'PAYOUT_E_INVALID_ACCOUNT'],
  ['beneficiary.bankCode', 'PAYOUT_E_INVALID_ACCOUNT'],
  ['beneficiary.scheme', 'PAYOUT_E_INVALID_ACCOUNT'],
  ['railPreference', 'PAYOUT_E_UNKNOWN_RAIL'],
];

export function payoutRequestCodeForPath(path: string): ErrorCode | undefined {
  return FIELD_CODES.find(([p]) => p === path)?.[1];
}

export type ParsedPayoutRequest =
  { readonly ok: true; readonly request: PayoutRequest } | { readonly ok: false; readonly error: PayoutError };

/**
 * THE validation of a payout request, for HTTP and queue intake alike: schema, exact money,
 * account checksums, dates. Never throws for bad input; the error says which field and why
 * with a registry code, and never contains the full account number.
 */
export function parsePayoutRequest(raw: unknown): ParsedPayoutRequest {
  const r = payoutRequestSchema.safeParse(raw);
  if (r.success) return { ok: true, request: r.data };
  return { ok: false, error: payoutErrorFromZod(r.error, { codeForPath: payoutRequestCodeForPath }) };
}
