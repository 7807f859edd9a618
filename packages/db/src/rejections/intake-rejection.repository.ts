import { sql } from 'kysely';
import { PAYOUT_REJECTED_EVENT } from '@payout/lifecycle';
import type { Db } from '../database.ts';
import { jsonParam } from '../support/json-param.ts';
import { uuidv7 } from '../support/uuid-v7.ts';

export interface NewIntakeRejection {
  readonly source: 'queue' | 'http';
  /** Same value for the same delivery (e.g. sha-256 of job id + raw request): recorded once. */
  readonly dedupeKey: string;
  readonly clientId: string | null;
  readonly idempotencyKey: string | null;
  readonly jobId: string | null;
  /** A registered PAYOUT_E_… code. */
  readonly code: string;
  readonly reason: string;
  /** The request with account numbers masked (never the raw request). */
  readonly requestMasked: unknown;
}

/**
 * Records rejected intake requests and reports each on the events stream (an outbox row
 * of type `payout.rejected`, no payout id), in one statement. A re-delivered request with
 * the same dedupe key is recorded and reported once; returns the ids of new records.
 */
export async function recordIntakeRejections(db: Db, rejections: readonly NewIntakeRejection[]): Promise<string[]> {
  if (rejections.length === 0) return [];
  const result = await sql<{ id: string }>`
    with input as (
      select * from unnest(
        ${rejections.map(() => uuidv7())}::uuid[], ${rejections.map((r) => r.dedupeKey)}::text[],
        ${rejections.map((r) => r.source)}::text[], ${rejections.map((r) => r.clientId)}::text[],
        ${rejections.map((r) => r.idempotencyKey)}::text[], ${rejections.map((r) => r.jobId)}::text[],
        ${rejections.map((r) => r.code)}::text[], ${rejections.map((r) => r.reason)}::text[],
        ${rejections.map((r) => jsonParam(r.requestMasked ?? null))}::jsonb[]
      ) as t(id, dedupe_key, source, client_id, idempotency_key, job_id, code, reason, request_masked)
    ),
    inserted as (
      insert into intake_rejections (id, dedupe_key, source, client_id, idempotency_key, job_id, code, reason, request_masked)
      select id, dedupe_key, source, client_id, idempotency_key, job_id, code, reason, request_masked from input
      on conflict (dedupe_key) do nothing
      returning id, client_id, idempotency_key, code, reason, created_at
    ),
    notices as (
      insert into outbox (event_id, payout_id, client_id, seq, type, payload, created_at)
      select id, null, client_id, null, ${PAYOUT_REJECTED_EVENT}::text,
             jsonb_build_object('eventId', id, 'type', ${PAYOUT_REJECTED_EVENT}::text, 'rejectionId', id, 'clientId', client_id,
                                'idempotencyKey', idempotency_key, 'status', 'rejected', 'code', code, 'reason', reason,
                                'occurredAt', created_at),
             created_at
      from inserted
    )
    select id from inserted
  `.execute(db);
  return result.rows.map((r) => r.id);
}
