import type { AttemptState, PayoutStatus } from '@payout/domain';

/** What the ops policies need to know about one attempt (in creation order). */
export interface OpsAttemptView {
  readonly id: string;
  readonly state: AttemptState;
  readonly reasonCode?: string | undefined;
}

/** What the ops policies need to know about a payout, read inside the acting transaction. */
export interface OpsPayoutView {
  readonly id: string;
  readonly status: PayoutStatus;
  readonly version: number;
  /** What the row says happens next (`submit`, `poll`, `verify`), when anything is scheduled. */
  readonly nextAction?: string | null | undefined;
  /** Oldest first. */
  readonly attempts: readonly OpsAttemptView[];
}

/** The attempts the bank may have executed or may still execute: every one not definitively failed. */
export function mayHaveExecuted(attempts: readonly OpsAttemptView[]): readonly OpsAttemptView[] {
  return attempts.filter((a) => a.state !== 'failed');
}
