import { createHash } from 'node:crypto';
import type { NewPayout } from '../payouts/accept-payouts.ts';

/** A valid NewPayout for tests; `overrides` change any field (the fingerprint follows the amount). */
export function newPayoutFixture(overrides: Partial<NewPayout> & { clientId: string; idempotencyKey: string }): NewPayout {
  const base = {
    amountMinor: 12_345n,
    currency: 'EUR',
    fundingAccount: null,
    beneficiary: { name: 'Ada Lovelace', scheme: 'iban', accountNumber: 'DE89370400440532013000' },
    railPreference: null,
    remittanceInfo: null,
    requestedExecutionDate: null,
    actor: `test:${overrides.clientId}`,
    ...overrides,
  };
  const requestFingerprint =
    overrides.requestFingerprint ??
    createHash('sha256').update(`${base.amountMinor}|${base.currency}|${base.beneficiary.accountNumber}`).digest('hex');
  return { ...base, requestFingerprint };
}
