import type { PayoutStatus } from '@payout/domain';
import type { AttemptInsert, AttemptUpdate, LifecycleBatch, PayoutUpdate } from '../records/lifecycle-records.ts';

/**
 * What one transition function returns: every row the change means. `payout` always (a step
 * that keeps the status still refreshes its reason and next action), the attempt write when an
 * attempt moves or learns something, the new attempt when one is sent. `status` is the payout's
 * status after the change (for metrics and callers that chain decisions).
 *
 * @example
 *   const t = sendNewAttempt(payout, { attemptId, attemptNo: 1, channelId: 'cn-a', endToEndId, now, pollAt });
 *   batch.add(t); // → attemptInserts [t.insert], payoutUpdates [t.payout]
 */
export interface Transition {
  readonly payout: PayoutUpdate;
  readonly attempt?: AttemptUpdate | undefined;
  readonly insert?: AttemptInsert | undefined;
  readonly status: PayoutStatus;
}

/** Collects transitions into the one batch a unit of work writes (in one transaction). */
export class BatchBuilder {
  readonly #inserts: AttemptInsert[] = [];
  readonly #attempts: AttemptUpdate[] = [];
  readonly #payouts: PayoutUpdate[] = [];
  readonly #transitions: Transition[] = [];

  readonly #actor: string;

  constructor(actor: string) {
    this.#actor = actor;
  }

  /** Adds a transition (undefined — nothing to write — is skipped); returns it. */
  add<T extends Transition | undefined>(t: T): T {
    if (t === undefined) return t;
    if (t.insert !== undefined) this.#inserts.push(t.insert);
    if (t.attempt !== undefined) this.#attempts.push(t.attempt);
    this.#payouts.push(t.payout);
    this.#transitions.push(t);
    return t;
  }

  /** Everything added so far, in order. */
  get transitions(): readonly Transition[] {
    return this.#transitions;
  }

  batch(): LifecycleBatch {
    return {
      actor: this.#actor,
      attemptInserts: [...this.#inserts],
      attemptUpdates: [...this.#attempts],
      payoutUpdates: [...this.#payouts],
    };
  }
}

/** The batch of a list of transitions. */
export function batchOf(actor: string, transitions: Iterable<Transition | undefined>): LifecycleBatch {
  const b = new BatchBuilder(actor);
  for (const t of transitions) b.add(t);
  return b.batch();
}
