import { z } from 'zod';
import { CLIENT_ID_PATTERN, IDEMPOTENCY_KEY_PATTERN } from '../request/payout-request.schema.ts';

/**
 * The one job that carries a request rather than ids: upstream's payout request as sent,
 * plus who sent it and the idempotency key. The intake worker validates `payout` with the
 * same function as HTTP intake (parsePayoutRequest), so a job from any producer gets the
 * same checks and the same error codes.
 */
export const intakeJobSchema = z.object({
  v: z.literal(1),
  clientId: z.string().regex(CLIENT_ID_PATTERN),
  idempotencyKey: z.string().regex(IDEMPOTENCY_KEY_PATTERN),
  payout: z.unknown(),
  enqueuedAt: z.iso.datetime(),
});

export type IntakeJobData = z.infer<typeof intakeJobSchema>;

/** Job name used on the intake queue. */
export const INTAKE_JOB_NAME = 'payout.requested';
