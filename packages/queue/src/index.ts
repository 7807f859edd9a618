// Public API of @payout/queue: queue names, job payloads, the upstream client, hint producers.
export {
  INTAKE_QUEUE,
  SUBMIT_QUEUE,
  POLL_QUEUE,
  VERIFY_QUEUE,
  SWEEP_QUEUE,
  NEXT_STEPS,
  NEXT_STEP_QUEUES,
  DEFAULT_QUEUE_PREFIX,
  type NextStep,
} from './queue-names.ts';
export { redisOptionsFromUrl } from './redis-connection.ts';
export { CAPPED_BACKOFF, cappedBackoffDelay } from './backoff.ts';

export { intakeJobSchema, INTAKE_JOB_NAME, type IntakeJobData } from './jobs/intake-job.schema.ts';
export { nextStepJobSchema, MAX_IDS_PER_JOB, type NextStepJobData } from './jobs/next-step-job.schema.ts';
export { intakeJobId, nextStepJobId, type HintTarget } from './jobs/job-ids.ts';

export {
  payoutRequestBodySchema,
  payoutRequestSchema,
  MAX_AMOUNT_MINOR,
  IDEMPOTENCY_KEY_PATTERN,
  CLIENT_ID_PATTERN,
  type PayoutRequest,
  type PayoutRequestInput,
} from './request/payout-request.schema.ts';
export { parsePayoutRequest, payoutRequestCodeForPath, type ParsedPayoutRequest } from './request/parse-payout-request.ts';
export { requestFingerprint } from './request/request-fingerprint.ts';
export { intakeRecordOf, type IntakeRequester } from './request/intake-record.ts';
export { fundingAccountRefusalError, type FundingAccountRefused } from './request/funding-account-refusal.ts';
export { payoutErrorFromZod, type FieldProblem } from './request/zod-issues.ts';
export { maskRequest } from './request/mask-request.ts';
export { isSafeText } from './request/safe-text.ts';

export {
  createPayoutClient,
  INTAKE_JOB_OPTIONS,
  type PayoutClient,
  type PayoutClientOptions,
  type EnqueuePayoutRequest,
  type EnqueueReceipt,
} from './payout-client.ts';
export {
  createNextStepDispatcher,
  NEXT_STEP_JOB_OPTIONS,
  type NextStepDispatcher,
  type NextStepDispatcherOptions,
} from './next-step.dispatcher.ts';
