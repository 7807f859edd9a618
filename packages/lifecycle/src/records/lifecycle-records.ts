import type { AttemptState, PayoutStatus } from '@payout/domain';

export const NEXT_ACTIONS = ['submit', 'poll', 'verify'] as const;
/** What the row says must happen next; queue jobs are only hints to do it now. */
export type NextAction = (typeof NEXT_ACTIONS)[number];

/**
 * Marks a record as built by this package. The symbol is not exported, so code outside
 * `@payout/lifecycle` cannot write an event, an attempt write or a payout update as an object
 * literal: it has to call one of the transition functions, which check the transition tables.
 */
declare const built: unique symbol;
interface Built {
  readonly [built]: true;
}
/** A record without its mark: what the builders in `build.ts` fill in (internal; not re-exported by the index). */
export type Unbuilt<T> = Omit<T, typeof built>;

/** One event of a payout; `notify` puts it on the outbox for upstream too. */
export interface LifecycleEvent extends Built {
  readonly type: string;
  readonly fromStatus: PayoutStatus | null;
  readonly toStatus: PayoutStatus | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly notify: boolean;
}

/** A new attempt; it is written in state `sending`. */
export interface AttemptInsert extends Built {
  readonly id: string;
  readonly payoutId: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly endToEndId: string;
  readonly sentAt: Date;
}

/** A change to an existing attempt, applied only if it is still in `expectedState`. */
export interface AttemptUpdate extends Built {
  readonly attemptId: string;
  readonly expectedState: AttemptState;
  readonly state: AttemptState;
  readonly bankReference?: string | undefined;
  readonly statusCode?: string | undefined;
  readonly reasonCode?: string | undefined;
  readonly sentAt?: Date | undefined;
  readonly answeredAt?: Date | undefined;
  readonly pollCountDelta: number;
}

/** A change to a payout, applied only if it still has `expectedStatus` and `expectedVersion`. */
export interface PayoutUpdate extends Built {
  readonly payoutId: string;
  readonly expectedStatus: PayoutStatus;
  readonly expectedVersion: number;
  readonly status: PayoutStatus;
  /** Replaces the reason; `null` clears it. */
  readonly statusReason: string | null;
  readonly nextAction: NextAction | null;
  readonly nextActionAt: Date | null;
  readonly attemptCountDelta: number;
  readonly events: readonly LifecycleEvent[];
}

/** Everything one unit of work writes, in one transaction. */
export interface LifecycleBatch {
  /** Who acts (e.g. `worker:submit`), for the event rows. */
  readonly actor: string;
  readonly attemptInserts: readonly AttemptInsert[];
  readonly attemptUpdates: readonly AttemptUpdate[];
  readonly payoutUpdates: readonly PayoutUpdate[];
}

/** The version and status a change is planned from (the optimistic-concurrency guard). */
export interface PayoutRef {
  readonly id: string;
  readonly status: PayoutStatus;
  readonly version: number;
}
