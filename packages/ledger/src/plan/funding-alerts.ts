import { formatAmountMinor } from '@payout/domain';
import type { PrefundingPlan } from './prefunding.plan.ts';

export interface FundingAlert {
  readonly fundingAccountId: string;
  readonly currency: string;
  readonly severity: 'warning' | 'critical';
  readonly kind: 'deadline_approaching' | 'deadline_missed';
  readonly deadline: string;
  readonly shortfallMinor: bigint;
  /** Negative once the deadline has passed. */
  readonly msUntilDeadline: number;
  readonly message: string;
}

export interface AlertOptions {
  /** Warn this long before a deadline that still has a shortfall (default 2 h). */
  readonly warnWithinMs?: number;
}

/**
 * Which funding deadlines need a person now: a shortfall whose deadline is within
 * `warnWithinMs` (warning) or already past (critical). Accounts without a shortfall never
 * alert. Pure: `now` is an argument, so a scheduler can call it every few minutes.
 *
 * @example fundingAlerts(plan, clock(), { warnWithinMs: 90 * 60_000 })
 */
export function fundingAlerts(plan: PrefundingPlan, now: Date, options: AlertOptions = {}): FundingAlert[] {
  const warnWithinMs = options.warnWithinMs ?? 2 * 3_600_000;
  const alerts: FundingAlert[] = [];
  for (const a of plan.accounts) {
    if (a.shortfallMinor <= 0n) continue;
    const ms = Date.parse(a.deadline.at) - now.getTime();
    if (ms > warnWithinMs) continue;
    const missed = ms <= 0;
    const m = (x: bigint): string => `${formatAmountMinor(x, a.currency)} ${a.currency}`;
    alerts.push({
      fundingAccountId: a.fundingAccountId,
      currency: a.currency,
      severity: missed ? 'critical' : 'warning',
      kind: missed ? 'deadline_missed' : 'deadline_approaching',
      deadline: a.deadline.at,
      shortfallMinor: a.shortfallMinor,
      msUntilDeadline: ms,
      message: missed
        ? `${a.fundingAccountId}: funding deadline ${a.deadline.at} passed with a shortfall of ${m(a.shortfallMinor)}; payouts over ${a.run.start}…${a.run.end} may be held`
        : `${a.fundingAccountId}: transfer ${m(a.transfer?.amountMinor ?? a.shortfallMinor)} from ${a.transfer?.fromAccountId ?? '?'} before ${a.deadline.at} (${Math.ceil(ms / 60_000)} min left)`,
    });
  }
  return alerts.sort((x, y) => x.msUntilDeadline - y.msUntilDeadline);
}
