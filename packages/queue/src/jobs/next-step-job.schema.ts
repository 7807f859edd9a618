import { z } from 'zod';

/** Most payout ids one next-step job names. */
export const MAX_IDS_PER_JOB = 100;

/**
 * A next-step hint: "these payouts have work". It carries ids only; the handler reloads the
 * rows, and the rows decide (status, next_action, version) — a stale or duplicate hint finds
 * nothing to do.
 */
export const nextStepJobSchema = z.object({
  payoutIds: z.array(z.uuid()).min(1).max(MAX_IDS_PER_JOB),
});

export type NextStepJobData = z.infer<typeof nextStepJobSchema>;
