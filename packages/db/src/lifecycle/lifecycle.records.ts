import type { AttemptState } from '@payout/domain';
import type { PayoutRecord, PayoutRow } from '../payouts/payout.record.ts';
import { payoutFromRow } from '../payouts/payout.record.ts';

/** One attempt as the lifecycle reads it. */
export interface LifecycleAttempt {
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
  readonly pollCount: number;
}

export interface LifecycleAttemptRow {
  id: string;
  payout_id: string;
  attempt_no: number;
  channel_id: string;
  end_to_end_id: string;
  state: AttemptState;
  bank_reference: string | null;
  status_code: string | null;
  reason_code: string | null;
  sent_at: Date | null;
  answered_at: Date | null;
  poll_count: number;
}

export function lifecycleAttemptFromRow(r: LifecycleAttemptRow): LifecycleAttempt {
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
    pollCount: r.poll_count,
  };
}

/** A payout with all its attempts, oldest first. */
export interface PayoutWithAttempts {
  readonly payout: PayoutRecord;
  readonly attempts: readonly LifecycleAttempt[];
}

export function withAttempts(rows: readonly PayoutRow[], attempts: readonly LifecycleAttemptRow[]): PayoutWithAttempts[] {
  const byPayout = new Map<string, LifecycleAttempt[]>();
  for (const a of attempts) {
    const list = byPayout.get(a.payout_id) ?? [];
    list.push(lifecycleAttemptFromRow(a));
    byPayout.set(a.payout_id, list);
  }
  return rows.map((r) => ({ payout: payoutFromRow(r), attempts: (byPayout.get(r.id) ?? []).sort((x, y) => x.attemptNo - y.attemptNo) }));
}
