// Internal: the only constructors of lifecycle records. Not exported from the package index;
// transition functions (src/transitions/*) use them, every other package calls a transition.
import { PayoutError, type AttemptState, type PayoutStatus } from '@payout/domain';
import { assertAttemptTransition } from '../state/attempt-transitions.ts';
import { assertPayoutTransition } from '../state/payout-transitions.ts';
import type { AttemptInsert, AttemptUpdate, LifecycleEvent, NextAction, PayoutRef, PayoutUpdate, Unbuilt } from './lifecycle-records.ts';

type Data = Readonly<Record<string, unknown>>;

/** `payout.<to>`: the payout moved from `from` to `to`; upstream is told. */
export function statusEvent(from: PayoutStatus, to: PayoutStatus, data: Data): LifecycleEvent {
  assertPayoutTransition(from, to);
  return { type: `payout.${to}`, fromStatus: from, toStatus: to, data, notify: true } as unknown as LifecycleEvent;
}

/** `attempt.<state>` (or another attempt fact such as `attempt.resent`) while the payout stays in `status`; internal only. */
export function attemptEvent(status: PayoutStatus, type: `attempt.${string}`, data: Data): LifecycleEvent {
  return { type, fromStatus: status, toStatus: status, data, notify: false } as unknown as LifecycleEvent;
}

/** Another fact while the payout stays in `status` (e.g. `verification.deferred`); internal only. */
export function stayEvent(status: PayoutStatus, type: `${string}.${string}`, data: Data): LifecycleEvent {
  return { type, fromStatus: status, toStatus: status, data, notify: false } as unknown as LifecycleEvent;
}

/** A fact recorded on the payout without a status change (e.g. `ops.repoll_requested`); internal only. */
export function noteEvent(type: `${string}.${string}`, data: Data): LifecycleEvent {
  return { type, fromStatus: null, toStatus: null, data, notify: false } as unknown as LifecycleEvent;
}

export interface PayoutChange {
  readonly status: PayoutStatus;
  readonly reason: string | null;
  readonly next: NextAction | null;
  readonly at: Date | null;
  readonly events: readonly LifecycleEvent[];
  readonly attemptCountDelta?: number;
}

/**
 * The guarded update of one payout. Checks what the database writer relies on: every status
 * step in the events is a legal move and they chain from the planned status to the new one,
 * and `next`/`at` are both set or both null.
 */
export function payoutUpdate(p: PayoutRef, c: PayoutChange): PayoutUpdate {
  const steps = c.events.filter((e) => e.fromStatus !== null && e.toStatus !== null && e.fromStatus !== e.toStatus);
  let at: PayoutStatus = p.status;
  for (const e of steps) {
    if (e.fromStatus !== at)
      throw new PayoutError(
        'PAYOUT_E_INVALID_TRANSITION',
        `payout ${p.id}: event ${e.type} starts from ${String(e.fromStatus)}, the payout is ${at}`,
      );
    at = e.toStatus!;
  }
  if (at !== c.status) assertPayoutTransition(at, c.status);
  if ((c.next === null) !== (c.at === null)) {
    throw new PayoutError('PAYOUT_E_INTERNAL', `payout ${p.id}: next action and its time must both be set or both be null`);
  }
  const u: Unbuilt<PayoutUpdate> = {
    payoutId: p.id,
    expectedStatus: p.status,
    expectedVersion: p.version,
    status: c.status,
    statusReason: c.reason,
    nextAction: c.next,
    nextActionAt: c.at,
    attemptCountDelta: c.attemptCountDelta ?? 0,
    events: c.events,
  };
  return u as unknown as PayoutUpdate;
}

export interface AttemptFrom {
  readonly id: string;
  readonly state: AttemptState;
}

/** The guarded update of one attempt; a move the attempt table refuses throws. */
export function attemptUpdate(a: AttemptFrom, c: Omit<Unbuilt<AttemptUpdate>, 'attemptId' | 'expectedState'>): AttemptUpdate {
  if (c.state !== a.state) assertAttemptTransition(a.state, c.state);
  return { attemptId: a.id, expectedState: a.state, ...c } as unknown as AttemptUpdate;
}

/** A new attempt, written in state `sending` before the bank call. */
export function attemptInsert(i: Unbuilt<AttemptInsert>): AttemptInsert {
  return { ...i } as unknown as AttemptInsert;
}
