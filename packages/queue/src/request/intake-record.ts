import type { PayoutRequest } from './payout-request.schema.ts';
import { requestFingerprint } from './request-fingerprint.ts';

/** Who hands a request over: the client, its idempotency key, and the actor named on the first event. */
export interface IntakeRequester {
  readonly clientId: string;
  readonly idempotencyKey: string;
  /** e.g. `api:acme-payroll`, `queue:acme-payroll`. */
  readonly actor: string;
}

/**
 * What the intake writer stores for a parsed request (`@payout/db` NewPayout), the same for the
 * HTTP route and the queue: the request's fields, its fingerprint and who asked.
 */
export function intakeRecordOf(r: PayoutRequest, who: IntakeRequester) {
  return {
    clientId: who.clientId,
    idempotencyKey: who.idempotencyKey,
    requestFingerprint: requestFingerprint(r),
    amountMinor: r.amountMinor,
    currency: r.currency,
    fundingAccount: r.fundingAccount,
    beneficiary: r.beneficiary,
    railPreference: r.railPreference,
    remittanceInfo: r.remittanceInfo,
    requestedExecutionDate: r.requestedExecutionDate,
    actor: who.actor,
  } as const;
}
