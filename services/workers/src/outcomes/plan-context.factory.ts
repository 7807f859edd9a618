import type { LifecycleAttempt } from '@payout/db';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import { clockMsFor } from '../clock/clock.port.ts';
import type { LifecycleDeps } from '../runtime/lifecycle-deps.ts';
import type { PlanContext } from './plan-context.ts';

/** The planners' view of one attempt, its payout's other attempts and its bank. */
export function planContextFor(
  deps: LifecycleDeps,
  channel: ChannelRuntime,
  attempt: LifecycleAttempt,
  all: readonly LifecycleAttempt[],
  now: Date,
): PlanContext {
  const p = channel.config.profile;
  return {
    attempt: { state: attempt.state, sentAt: attempt.sentAt ?? now, pollsDone: attempt.pollCount },
    earlierAttempts: all.filter((a) => a.id !== attempt.id).map((a) => ({ state: a.state, reasonCode: a.reasonCode ?? undefined })),
    bank: {
      pollSchedule: p.pollSchedule,
      timeZone: p.timeZone,
      calendar: p.calendar,
      statementTime: p.statementTime,
      notFoundMeansProcessing: p.notFoundMeansProcessing,
      notFoundSettled:
        attempt.sentAt !== null && (now.getTime() - attempt.sentAt.getTime()) / deps.clock.speed >= deps.settings.notFoundSettleMs,
      queryHours: channel.hours,
    },
    now,
    clockMsForReal: (realMs) => clockMsFor(deps.clock, realMs),
    random: deps.random,
    maxAttempts: deps.settings.maxAttempts,
    backoff: deps.settings.backoff,
    calendarRecheckMs: deps.settings.heldRecheckMs,
  };
}
