import type { Db } from '@payout/db';
import type { PayoutLedgerEvent } from '@payout/ledger';
import { DEFAULT_PROPOSAL_TTL_MS } from './policy/proposal.policy.ts';
import { DEFAULT_STUCK_THRESHOLDS, type StuckThresholds } from './policy/stuck-thresholds.ts';

/**
 * Wakes the workers after ops made a step due now (the queue package's NextStepDispatcher
 * fits). Rows decide what is due; a hint that is lost only delays the work until the sweeper
 * or the worker's own look finds it.
 *
 * @example
 *   const hints: OpsWorkHints = createNextStepDispatcher({ connection, prefix });
 *   await hints.dispatch('poll', [{ payoutId, version }]);
 */
export interface OpsWorkHints {
  dispatch(step: 'submit' | 'poll', targets: readonly { readonly payoutId: string; readonly version: number }[]): Promise<unknown>;
}

/**
 * What the ledger books when a force-resolve settles an attempt: the lifecycle's forceResolve
 * decides it (`attempt_succeeded` or `attempt_failed` on the attempt's funding account).
 */
export type AttemptResolutionFact = PayoutLedgerEvent;

/**
 * Posts the ledger entries of an ops resolution inside the applying transaction (so the
 * payout never moves without its postings). Absent when the deployment has no ledger store.
 *
 * @example
 *   const ledger: OpsLedgerPort = { post: async (tx, event) => ({ postingIds: (await appendLifecyclePostings(tx, [event])).appended }) };
 */
export interface OpsLedgerPort {
  post(tx: Db, fact: AttemptResolutionFact): Promise<{ readonly postingIds: readonly string[] }>;
}

/** A ledger posting as the timeline shows it. */
export interface TimelinePosting {
  readonly id: string;
  readonly at: Date;
  readonly step: string;
  readonly attempt: number | null;
  readonly entries: readonly { readonly account: string; readonly currency: string; readonly amountMinor: bigint }[];
}

/** Reads a payout's ledger postings for its timeline. Absent when there is no ledger store. */
export interface OpsLedgerReader {
  postingsForPayout(db: Db, payoutId: string): Promise<readonly TimelinePosting[]>;
}

export interface OpsSettings {
  readonly stuckThresholds: StuckThresholds;
  readonly proposalTtlMs: number;
  /** How long a bulk dry run's confirmation token stays valid. */
  readonly bulkTokenTtlMs: number;
  /** Most payouts one bulk action may touch. */
  readonly maxBulkPayouts: number;
  /** Passed to the no-double-payout rule (decideNewAttempt). */
  readonly maxAttempts?: number | undefined;
  /** Most entries of each kind a timeline returns. */
  readonly timelineLimit: number;
}

export const DEFAULT_OPS_SETTINGS: OpsSettings = Object.freeze({
  stuckThresholds: DEFAULT_STUCK_THRESHOLDS,
  proposalTtlMs: DEFAULT_PROPOSAL_TTL_MS,
  bulkTokenTtlMs: 10 * 60 * 1000,
  maxBulkPayouts: 10_000,
  timelineLimit: 1_000,
});

export interface OpsDeps {
  readonly db: Db;
  /** The service clock (proposal expiry, stuck ages, tokens). */
  readonly clock: () => Date;
  readonly hints?: OpsWorkHints | undefined;
  readonly ledger?: OpsLedgerPort | undefined;
  readonly ledgerReader?: OpsLedgerReader | undefined;
  readonly settings: OpsSettings;
  /** Reports a failed hint or another non-fatal problem (a logger in production). */
  readonly warn?: ((fields: Record<string, unknown>, message: string) => void) | undefined;
}
