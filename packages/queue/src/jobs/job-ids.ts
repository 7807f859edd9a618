import { createHash } from 'node:crypto';
import type { NextStep } from '../queue-names.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * Deterministic id of an intake job: client + idempotency key + request fingerprint. The
 * same request enqueued twice (an upstream retry) is one job while the first is kept; a
 * different request under the same key is a different job, so the intake worker sees it and
 * reports the mismatch instead of BullMQ dropping it silently as a duplicate id.
 * BullMQ refuses custom ids containing ':' or that look like integers: this id is
 * `intake-<64 hex>`.
 */
export function intakeJobId(clientId: string, idempotencyKey: string, fingerprint: string): string {
  return `intake-${sha256(`${clientId}\u0000${idempotencyKey}\u0000${fingerprint}`)}`;
}

/** A payout named in a next-step hint, at the row version the hint was made for. */
export interface HintTarget {
  readonly payoutId: string;
  readonly version: number;
}

/**
 * Deterministic id of a next-step job: the step and the (payout id, version) pairs, order
 * ignored. Re-sending the same hint while it is queued is a no-op; once a row moves on
 * (new version) its next hint has a new id, so a kept old job never swallows it.
 */
export function nextStepJobId(step: NextStep, targets: readonly HintTarget[]): string {
  const parts = targets.map((t) => `${t.payoutId}@${t.version}`).sort();
  return `${step}-${sha256(parts.join(','))}`;
}
