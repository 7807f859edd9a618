/**
 * Queue names. Every queue is created with a `prefix` (the deployment's namespace; on Redis
 * Cluster a hash tag such as `{payout}` keeps one queue's keys in one slot).
 */
export const INTAKE_QUEUE = 'payout-intake';
export const SUBMIT_QUEUE = 'payout-submit';
export const POLL_QUEUE = 'payout-poll';
export const VERIFY_QUEUE = 'payout-verify';
export const SWEEP_QUEUE = 'payout-sweep';

export const NEXT_STEPS = ['submit', 'poll', 'verify'] as const;
/** The steps a payout row can name in `next_action`; each has its own queue. */
export type NextStep = (typeof NEXT_STEPS)[number];

export const NEXT_STEP_QUEUES: Readonly<Record<NextStep, string>> = Object.freeze({
  submit: SUBMIT_QUEUE,
  poll: POLL_QUEUE,
  verify: VERIFY_QUEUE,
});

/** Default prefix when a deployment does not choose one. */
export const DEFAULT_QUEUE_PREFIX = 'payout';
