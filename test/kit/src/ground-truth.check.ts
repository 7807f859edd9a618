import type { GroundTruthTransfer } from '@payout/bank-sim';
import { listPayoutStatuses, type Db } from '@payout/db';

export interface GroundTruthReport {
  readonly payouts: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** The most times the bank executed any one payout (must be ≤ 1). */
  readonly maxExecutionsPerPayout: number;
  readonly executedTwice: readonly string[];
  /** Expected payouts missing from the database. */
  readonly lost: readonly string[];
  /** Payouts the bank executed that we recorded as failed (or rejected). */
  readonly executedButFailed: readonly string[];
  /** Payouts we recorded as succeeded that the bank never executed. */
  readonly succeededNotExecuted: readonly string[];
  /** Payouts not in one of `allowedStatuses`, or in one without a reason. */
  readonly unsettled: readonly { readonly id: string; readonly status: string; readonly reason: string | null }[];
}

/**
 * Compare what the database says with what the simulated banks did:
 * - no payout executed more than once (across every bank and attempt);
 * - no accepted payout lost;
 * - the bank's executions never recorded as failed, and our successes really executed;
 * - every payout in an allowed (final or waiting) status with a reason.
 */
export async function checkAgainstGroundTruth(
  db: Db,
  executions: readonly GroundTruthTransfer[],
  opts: { readonly expectedIds?: readonly string[]; readonly allowedStatuses: readonly string[] },
): Promise<GroundTruthReport> {
  const scope = opts.expectedIds === undefined ? undefined : new Set(opts.expectedIds);
  const rows = (await listPayoutStatuses(db))
    .filter((r) => scope === undefined || scope.has(r.id))
    .map((r) => ({ id: r.id, status: r.status, status_reason: r.statusReason }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const perPayout = new Map<string, number>();
  for (const e of executions) {
    if (e.payoutId === null || (scope !== undefined && !scope.has(e.payoutId))) continue;
    perPayout.set(e.payoutId, (perPayout.get(e.payoutId) ?? 0) + 1);
  }
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const allowed = new Set(opts.allowedStatuses);
  return {
    payouts: rows.length,
    byStatus,
    maxExecutionsPerPayout: Math.max(0, ...perPayout.values()),
    executedTwice: [...perPayout.entries()].filter(([, n]) => n > 1).map(([id]) => id),
    lost: (opts.expectedIds ?? []).filter((id) => !byId.has(id)),
    executedButFailed: [...perPayout.keys()].filter((id) => ['failed', 'rejected', 'cancelled'].includes(byId.get(id)?.status ?? '')),
    succeededNotExecuted: rows.filter((r) => r.status === 'succeeded' && !perPayout.has(r.id)).map((r) => r.id),
    unsettled: rows
      .filter((r) => !allowed.has(r.status) || r.status_reason === null || r.status_reason === '')
      .map((r) => ({ id: r.id, status: r.status, reason: r.status_reason })),
  };
}
