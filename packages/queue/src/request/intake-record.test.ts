import { describe, expect, it } from 'vitest';
import { intakeRecordOf } from './intake-record.ts';
import { parsePayoutRequest } from './parse-payout-request.ts';
import { requestFingerprint } from './request-fingerprint.ts';

describe('intakeRecordOf', () => {
  it('stores the normalised request, its fingerprint and who asked — the same for the HTTP route and the queue', () => {
    const parsed = parsePayoutRequest({
      amount: '1250.00',
      currency: 'EUR',
      beneficiary: { name: 'Ada Lovelace', scheme: 'iban', accountNumber: 'DE89 3704 0044 0532 0130 00' },
      remittanceInfo: 'salary 11/2026',
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const r = parsed.request;
    expect(intakeRecordOf(r, { clientId: 'acme', idempotencyKey: 'k-1', actor: 'api:acme' })).toEqual({
      clientId: 'acme',
      idempotencyKey: 'k-1',
      requestFingerprint: requestFingerprint(r),
      amountMinor: 125_000n,
      currency: 'EUR',
      fundingAccount: null,
      beneficiary: r.beneficiary,
      railPreference: null,
      remittanceInfo: 'salary 11/2026',
      requestedExecutionDate: null,
      actor: 'api:acme',
    });
  });
});
