import { createHash } from 'node:crypto';
import { PayoutError, type ErrorCode } from '@payout/domain';
import { createIntakeWriter, recordIntakeRejections, type AcceptResult, type Db, type IntakeWriter } from '@payout/db';
import {
  fundingAccountRefusalError,
  intakeJobSchema,
  maskRequest,
  parsePayoutRequest,
  payoutErrorFromZod,
  intakeRecordOf,
  type NextStepDispatcher,
} from '@payout/queue';
import type { WorkerLogger } from '../logging/worker-logger.ts';

/** What became of one intake job (the BullMQ return value). */
export type IntakeOutcome =
  | { readonly outcome: 'created' | 'existing'; readonly payoutId: string }
  | { readonly outcome: 'rejected'; readonly code: ErrorCode; readonly rejectionRecorded: boolean };

/** The part of a BullMQ job the processor reads. */
export interface IntakeJobLike {
  readonly id?: string | undefined;
  readonly data: unknown;
}

export interface IntakeProcessorDeps {
  readonly db: Db;
  /** Where `submit` hints for new payouts go, after the commit. */
  readonly hints: NextStepDispatcher;
  readonly logger: WorkerLogger;
  /** Intake batching across concurrently processed jobs (defaults: 200 per batch, 4 at once). */
  readonly batch?: { readonly maxBatchSize?: number; readonly maxConcurrent?: number };
}

export interface IntakeProcessor {
  /**
   * Validates (the same checks as HTTP intake) and persists one queued request; jobs processed
   * concurrently share one transaction. A refused request is recorded with its code and
   * reason and reported on the events stream — never dropped. Throws only for infrastructure
   * failures (the job is retried; persistence is idempotent).
   */
  process(job: IntakeJobLike): Promise<IntakeOutcome>;
  close(): Promise<void>;
}

export function createIntakeProcessor(deps: IntakeProcessorDeps): IntakeProcessor {
  const writer = createHintingIntakeWriter(deps);
  return {
    process: (job) => processIntakeJob(deps, writer, job),
    close: () => writer.close(),
  };
}

/** Who sent a request, as far as is known; recorded with a rejection. */
interface Requester {
  readonly clientId: string | null;
  readonly idempotencyKey: string | null;
}

/** The batching intake writer, sending `submit` hints for the payouts each commit created. */
function createHintingIntakeWriter(deps: IntakeProcessorDeps): IntakeWriter {
  return createIntakeWriter({
    db: deps.db,
    ...deps.batch,
    afterCommit: async (created) => {
      await deps.hints.dispatch(
        'submit',
        created.map((p) => ({ payoutId: p.id, version: p.version })),
      );
    },
    onAfterCommitError: (err, created) => {
      deps.logger.warn(
        { err: err instanceof Error ? err.message : String(err), payouts: created.length },
        'submit hints not enqueued; the sweeper will re-send them',
      );
    },
  });
}

/** Envelope check, request parse, then persistence; each refusal is recorded as a rejection. */
async function processIntakeJob(deps: IntakeProcessorDeps, writer: IntakeWriter, job: IntakeJobLike): Promise<IntakeOutcome> {
  const envelope = intakeJobSchema.safeParse(job.data);
  if (!envelope.success) return reject(deps, job, payoutErrorFromZod(envelope.error, { where: 'job' }), requesterOfMalformedJob(job.data));
  const { clientId, idempotencyKey, payout } = envelope.data;
  const who = { clientId, idempotencyKey };
  const parsed = parsePayoutRequest(payout);
  if (!parsed.ok) return reject(deps, job, parsed.error, who);
  const r = parsed.request;
  const result = await writer.accept(intakeRecordOf(r, { clientId, idempotencyKey, actor: `queue:${clientId}` }));
  if (result.kind === 'created' || result.kind === 'existing') return { outcome: result.kind, payoutId: result.payout.id };
  return reject(deps, job, refusalError(result, clientId, r.currency), who);
}

/** Best-effort client and key from a job whose envelope failed validation (clipped to the column sizes). */
function requesterOfMalformedJob(data: unknown): Requester {
  const raw = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  return {
    clientId: typeof raw['clientId'] === 'string' ? raw['clientId'].slice(0, 64) : null,
    idempotencyKey: typeof raw['idempotencyKey'] === 'string' ? raw['idempotencyKey'].slice(0, 255) : null,
  };
}

/** The error a request the writer refused is rejected with. */
function refusalError(
  result: Exclude<AcceptResult, { readonly kind: 'created' | 'existing' }>,
  clientId: string,
  currency: string,
): PayoutError {
  switch (result.kind) {
    case 'mismatch':
      return new PayoutError(
        'PAYOUT_E_IDEMPOTENCY_MISMATCH',
        `idempotency key was already used by this client for a different payout request (payout ${result.payoutId})`,
      );
    case 'client_unknown':
      return new PayoutError('PAYOUT_E_UNKNOWN_CLIENT', `client ${clientId} is not registered or is disabled`);
    case 'funding_account_refused':
      return fundingAccountRefusalError(result, currency);
  }
}

/** Records the refusal (once per job and payload) and reports it as the job's outcome. */
async function reject(deps: IntakeProcessorDeps, job: IntakeJobLike, error: PayoutError, who: Requester): Promise<IntakeOutcome> {
  const jobId = job.id ?? null;
  const dedupeKey = createHash('sha256')
    .update(`${jobId ?? ''}\u0000${safeJson(job.data)}`)
    .digest('hex');
  const recorded = await recordIntakeRejections(deps.db, [
    {
      source: 'queue',
      dedupeKey,
      clientId: who.clientId,
      idempotencyKey: who.idempotencyKey,
      jobId,
      code: error.code,
      reason: error.message.slice(0, 1_000),
      requestMasked: maskRequest(job.data),
    },
  ]);
  deps.logger.info({ jobId, clientId: who.clientId, code: error.code, firstReport: recorded.length > 0 }, 'intake request rejected');
  return { outcome: 'rejected', code: error.code, rejectionRecorded: recorded.length > 0 };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? 'undefined';
  } catch {
    return String(v);
  }
}
