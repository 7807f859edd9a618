import { createHash } from 'node:crypto';
import { PayoutError, type ErrorCode } from '@payout/domain';
import { createIntakeWriter, recordIntakeRejections, type Db, type IntakeWriter } from '@payout/db';
import {
  fundingAccountRefusalError,
  intakeJobSchema,
  maskRequest,
  parsePayoutRequest,
  payoutErrorFromZod,
  requestFingerprint,
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
  const writer: IntakeWriter = createIntakeWriter({
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

  async function reject(
    job: IntakeJobLike,
    error: PayoutError,
    who: { clientId: string | null; idempotencyKey: string | null },
  ): Promise<IntakeOutcome> {
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

  return {
    async process(job) {
      const envelope = intakeJobSchema.safeParse(job.data);
      if (!envelope.success) {
        const raw = (typeof job.data === 'object' && job.data !== null ? job.data : {}) as Record<string, unknown>;
        return reject(job, payoutErrorFromZod(envelope.error, { where: 'job' }), {
          clientId: typeof raw['clientId'] === 'string' ? raw['clientId'].slice(0, 64) : null,
          idempotencyKey: typeof raw['idempotencyKey'] === 'string' ? raw['idempotencyKey'].slice(0, 255) : null,
        });
      }
      const { clientId, idempotencyKey, payout } = envelope.data;
      const who = { clientId, idempotencyKey };
      const parsed = parsePayoutRequest(payout);
      if (!parsed.ok) return reject(job, parsed.error, who);
      const r = parsed.request;
      const result = await writer.accept({
        clientId,
        idempotencyKey,
        requestFingerprint: requestFingerprint(r),
        amountMinor: r.amountMinor,
        currency: r.currency,
        fundingAccount: r.fundingAccount,
        beneficiary: r.beneficiary,
        railPreference: r.railPreference,
        remittanceInfo: r.remittanceInfo,
        requestedExecutionDate: r.requestedExecutionDate,
        actor: `queue:${clientId}`,
      });
      switch (result.kind) {
        case 'created':
        case 'existing':
          return { outcome: result.kind, payoutId: result.payout.id };
        case 'mismatch':
          return reject(
            job,
            new PayoutError(
              'PAYOUT_E_IDEMPOTENCY_MISMATCH',
              `idempotency key was already used by this client for a different payout request (payout ${result.payoutId})`,
            ),
            who,
          );
        case 'client_unknown':
          return reject(job, new PayoutError('PAYOUT_E_UNKNOWN_CLIENT', `client ${clientId} is not registered or is disabled`), who);
        case 'funding_account_refused':
          return reject(job, fundingAccountRefusalError(result, r.currency), who);
      }
    },
    close: () => writer.close(),
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? 'undefined';
  } catch {
    return String(v);
  }
}
