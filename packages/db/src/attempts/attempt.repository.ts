import type { Selectable } from 'kysely';
import type { AttemptState } from '@payout/domain';
import type { Db } from '../database.ts';
import type { PayoutAttemptsTable } from '../schema/database.types.ts';

export type AttemptRow = Selectable<PayoutAttemptsTable>;

export interface AttemptRecord {
  readonly id: string;
  readonly payoutId: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly endToEndId: string;
  readonly state: AttemptState;
  readonly bankReference: string | null;
  readonly statusCode: string | null;
  readonly reasonCode: string | null;
  readonly sentAt: Date | null;
  readonly answeredAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function attemptFromRow(r: AttemptRow): AttemptRecord {
  return {
    id: r.id,
    payoutId: r.payout_id,
    attemptNo: r.attempt_no,
    channelId: r.channel_id,
    endToEndId: r.end_to_end_id,
    state: r.state,
    bankReference: r.bank_reference,
    statusCode: r.status_code,
    reasonCode: r.reason_code,
    sentAt: r.sent_at,
    answeredAt: r.answered_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Attempts of these payouts, oldest first per payout. */
export async function listAttempts(db: Db, payoutIds: readonly string[]): Promise<AttemptRecord[]> {
  if (payoutIds.length === 0) return [];
  const rows = await db
    .selectFrom('payout_attempts')
    .selectAll()
    .where('payout_id', 'in', [...payoutIds])
    .orderBy('payout_id')
    .orderBy('attempt_no')
    .execute();
  return rows.map(attemptFromRow);
}
