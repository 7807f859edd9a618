// Public API of @payout/workers (main.ts is the process).
export { startIntakeWorker, type IntakeWorker, type IntakeWorkerOptions } from './intake/intake.worker.ts';
export { createIntakeProcessor, type IntakeProcessor, type IntakeOutcome, type IntakeProcessorDeps } from './intake/intake.processor.ts';
export { sweepOnce, type SweepDeps, type SweepResult } from './sweeper/sweep-once.ts';
export { startSweeper, SWEEP_SCHEDULER_ID, type Sweeper, type SweeperOptions } from './sweeper/sweeper.runner.ts';

// The payout lifecycle (submit, poll, escalate, notify) — issue 7.
export { parseWorkerConfig, WORKER_ROLES, type WorkerConfig, type WorkerRole } from './config/worker-config.ts';
export { parseChannels, type ChannelConfig, type ChannelsJson } from './channels/channel-config.ts';
export { startWorkerProcess, type WorkerProcess } from './runtime/worker-process.ts';
export { startLifecycleEngine, type LifecycleEngine, type LifecycleEngineOptions } from './runtime/lifecycle-engine.ts';
export { type Clock, systemClock, fixedClock, scaledClock, realMsFor, clockMsFor, type FixedClock } from './clock/clock.port.ts';
export { followSimClock, type FollowedClock } from './clock/sim-clock.follower.ts';
export { verificationDue } from './escalation/escalation-date.ts';
export { nextPoll, type PollDecision, type PollHint, type HoursGate } from './poll/poll-schedule.ts';
export { retryDelayMs, DEFAULT_RETRY_BACKOFF, type RetryBackoffPolicy } from './retry/retry-backoff.ts';
export { ChannelRouter, type RouteDecision } from './routing/channel-router.ts';
export { planSubmitOutcome, planQueryOutcome, NOT_FOUND_REASON } from './outcomes/outcome-planner.ts';
export { PAYOUT_EVENTS_QUEUE } from './notify/events-queue.ts';
export { type PayoutEventJob } from './notify/bullmq-event-sink.ts';

// What a caller needs to run the lifecycle engine in-process (tests, benchmarks): the deps it takes.
export { createChannelRuntimes, type ChannelRuntime, type ChannelRuntimeOptions } from './channels/channel-runtime.ts';
export { SuccessRateTracker } from './routing/success-rate.ts';
export { silentWorkerLogger, type WorkerLogger } from './logging/worker-logger.ts';
export { noopLifecycleMetrics, type LifecycleMetrics } from './metrics/lifecycle-metrics.port.ts';
export type { LifecycleDeps, LifecycleSettings } from './runtime/lifecycle-deps.ts';
export { createWorkerLogger } from './logging/worker-logger.ts';
