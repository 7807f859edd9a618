import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { PayoutError } from '@payout/domain';
import { CAPPED_BACKOFF } from './backoff.ts';
import { INTAKE_JOB_NAME, type IntakeJobData } from './jobs/intake-job.schema.ts';
import { intakeJobId } from './jobs/job-ids.ts';
import { DEFAULT_QUEUE_PREFIX, INTAKE_QUEUE } from './queue-names.ts';
import { parsePayoutRequest } from './request/parse-payout-request.ts';
import { CLIENT_ID_PATTERN, IDEMPOTENCY_KEY_PATTERN, type PayoutRequestInput } from './request/payout-request.schema.ts';
import { requestFingerprint } from './request/request-fingerprint.ts';

export interface PayoutClientOptions {
  /** BullMQ connection: ioredis options (see redisOptionsFromUrl) or an ioredis instance. */
  readonly connection: ConnectionOptions;
  /** Queue prefix of the payout deployment (default `payout`). */
  readonly prefix?: string;
  /** A Redis connection error (restart, failover): reported here, never a crash. */
  readonly onConnectionError?: (err: Error) => void;
}

export interface EnqueuePayoutRequest {
  /** The upstream service's client id (registered with `./dev payout clients create`). */
  readonly clientId: string;
  /** Unique per intended payout; retries of the same payout reuse it. */
  readonly idempotencyKey: string;
  readonly payout: PayoutRequestInput;
}

export interface EnqueueReceipt {
  /** Deterministic: the same request always gets the same job id. */
  readonly jobId: string;
}

export interface PayoutClient {
  /**
   * Validates the request (the same checks as HTTP intake) and adds the intake job. Resolves
   * once Redis has acknowledged the job — with AOF on, that job survives a Redis crash (see
   * docs/adr/0008-intake-durability.md). On an error the upstream retries with the same key:
   * the deterministic job id and the database's (client, key) uniqueness make it one payout.
   * Outcomes (accepted, rejected, …) arrive on the events stream.
   * @throws PayoutError with the field's code when the request is invalid (nothing enqueued)
   */
  enqueuePayout(request: EnqueuePayoutRequest): Promise<EnqueueReceipt>;
  close(): Promise<void>;
}

/** How long intake jobs are kept: completed ones dedupe quick retries; failed ones stay for inspection. */
export const INTAKE_JOB_OPTIONS: JobsOptions = Object.freeze({
  attempts: 50,
  backoff: { type: CAPPED_BACKOFF },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
});

/**
 * The typed client upstream services use to hand payouts over through the queue.
 *
 * @example
 *   const client = createPayoutClient({ connection: redisOptionsFromUrl(process.env.REDIS_URL), prefix: 'payout' });
 *   await client.enqueuePayout({ clientId: 'acme-payroll', idempotencyKey: 'salary-2026-11-0042',
 *     payout: { amount: '1250.00', currency: 'EUR',
 *               beneficiary: { name: 'Ada Lovelace', scheme: 'iban', accountNumber: 'DE89370400440532013000' } } });
 */
export function createPayoutClient(opts: PayoutClientOptions): PayoutClient {
  const queue = new Queue<IntakeJobData>(INTAKE_QUEUE, { connection: opts.connection, prefix: opts.prefix ?? DEFAULT_QUEUE_PREFIX });
  // A Redis restart must not crash the upstream service; `enqueuePayout` rejects until it is back.
  queue.on('error', (err) => opts.onConnectionError?.(err));
  return {
    async enqueuePayout(req) {
      if (typeof req.clientId !== 'string' || !CLIENT_ID_PATTERN.test(req.clientId)) {
        throw new PayoutError('PAYOUT_E_VALIDATION', 'clientId must be 1–63 of a-z 0-9 _ . - starting with a letter or digit');
      }
      if (typeof req.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(req.idempotencyKey)) {
        throw new PayoutError('PAYOUT_E_VALIDATION', 'idempotencyKey must be 1–255 printable ASCII characters without spaces');
      }
      const parsed = parsePayoutRequest(req.payout);
      if (!parsed.ok) throw parsed.error;
      const jobId = intakeJobId(req.clientId, req.idempotencyKey, requestFingerprint(parsed.request));
      const data: IntakeJobData = {
        v: 1,
        clientId: req.clientId,
        idempotencyKey: req.idempotencyKey,
        payout: req.payout,
        enqueuedAt: new Date().toISOString(),
      };
      await queue.add(INTAKE_JOB_NAME, data, { ...INTAKE_JOB_OPTIONS, jobId });
      return { jobId };
    },
    close: () => queue.close(),
  };
}
