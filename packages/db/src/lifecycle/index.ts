// The payout lifecycle's repositories (submit, poll, escalate, notify); re-exported by the package index.
export { type LifecycleAttempt, type PayoutWithAttempts } from './lifecycle.records.ts';
export { claimDueSubmits, claimDuePolls, lockPayouts } from './claim-payouts.repository.ts';
export { writeLifecycleBatch } from './write-lifecycle-batch.repository.ts';
export { readChannelUsage, bookChannelUsage, CHANNEL_DAY_RACE, usageKey, type ChannelDay } from './channel-usage.repository.ts';
export { deliverOutbox, type OutboxMessage } from './outbox-delivery.repository.ts';
export {
  countPayoutsByStatus,
  attemptStatsByChannel,
  timeToStatusPercentiles,
  payoutsWithoutReason,
  listPayoutStatuses,
  payoutIdsByKeys,
  openPayoutGroups,
  firstAttemptSpan,
  type ChannelAttemptStats,
} from './lifecycle-stats.repository.ts';
