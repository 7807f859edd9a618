import type { Selectable } from 'kysely';
import type { PayoutStatus } from '@payout/domain';
import type { BeneficiaryJson, NextAction, PayoutsTable } from '../schema/database.types.ts';

export type PayoutRow = Selectable<PayoutsTable>;

/** A payout as the repositories hand it out. `amountMinor` is exact (bigint). */
export interface PayoutRecord {
  readonly id: string;
  readonly clientId: string;
  readonly idempotencyKey: string;
  readonly requestFingerprint: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** The funding account the payout must be paid from; null = routing chooses (ADR 0017). */
  readonly fundingAccount: string | null;
  readonly beneficiary: BeneficiaryJson;
  readonly railPreference: string | null;
  readonly remittanceInfo: string | null;
  /** `YYYY-MM-DD` or null. */
  readonly requestedExecutionDate: string | null;
  readonly status: PayoutStatus;
  readonly statusReason: string | null;
  readonly nextAction: NextAction | null;
  readonly nextActionAt: Date | null;
  readonly attemptCount: number;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function payoutFromRow(r: PayoutRow): PayoutRecord {
  return {
    id: r.id,
    clientId: r.client_id,
    idempotencyKey: r.idempotency_key,
    requestFingerprint: r.request_fingerprint,
    amountMinor: r.amount_minor,
    currency: r.currency,
    fundingAccount: r.funding_account,
    beneficiary: r.beneficiary,
    railPreference: r.rail_preference,
    remittanceInfo: r.remittance_info,
    requestedExecutionDate: r.requested_execution_date,
    status: r.status,
    statusReason: r.status_reason,
    nextAction: r.next_action,
    nextActionAt: r.next_action_at,
    attemptCount: r.attempt_count,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
