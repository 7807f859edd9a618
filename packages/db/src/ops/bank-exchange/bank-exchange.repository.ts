import { sql } from 'kysely';
import type { Db } from '../../database.ts';
import { jsonParam } from '../../support/json-param.ts';
import { maskAccountsDeep } from './mask-bank-body.ts';

export type BankExchangeOperation = 'submit' | 'query' | 'statement';

/** One request to a bank and its answer, as the timeline shows it. */
export interface BankExchange {
  readonly bankId: string;
  readonly operation: BankExchangeOperation;
  readonly payoutIds: readonly string[];
  readonly endToEndIds: readonly string[];
  readonly request: Readonly<Record<string, unknown>>;
  readonly response: Readonly<Record<string, unknown>> | null;
  /** The outcome kind (accepted, unknown, rejected …), `error` when the call threw. */
  readonly outcome: string;
  readonly startedAt: Date;
  readonly durationMs: number;
}

export interface StoredBankExchange extends BankExchange {
  readonly id: bigint;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Appends exchanges in one statement. Request and response bodies are masked here
 * (`maskAccountsDeep`), whatever the caller passed. Payout ids that are not uuids (a test
 * harness's own ids) are kept out of the uuid column; the end-to-end ids still link them.
 */
export async function recordBankExchanges(db: Db, exchanges: readonly BankExchange[]): Promise<void> {
  if (exchanges.length === 0) return;
  await sql`
    insert into bank_exchanges (bank_id, operation, payout_ids, end_to_end_ids, request, response, outcome, started_at, duration_ms)
    select t.bank_id, t.operation, coalesce((select array_agg(x::uuid) from jsonb_array_elements_text(t.payout_ids) x), '{}'),
           coalesce((select array_agg(x) from jsonb_array_elements_text(t.e2e) x), '{}'), t.request, t.response, t.outcome, t.started_at, t.duration_ms
    from unnest(
      ${exchanges.map((e) => e.bankId)}::text[], ${exchanges.map((e) => e.operation)}::text[],
      ${exchanges.map((e) => JSON.stringify(e.payoutIds.filter((id) => UUID.test(id))))}::jsonb[],
      ${exchanges.map((e) => JSON.stringify(e.endToEndIds))}::jsonb[],
      ${exchanges.map((e) => jsonParam(maskAccountsDeep(e.request)))}::jsonb[],
      ${exchanges.map((e) => (e.response === null ? null : jsonParam(maskAccountsDeep(e.response))))}::jsonb[],
      ${exchanges.map((e) => e.outcome)}::text[], ${exchanges.map((e) => e.startedAt)}::timestamptz[],
      ${exchanges.map((e) => Math.max(0, Math.round(e.durationMs)))}::int[]
    ) as t(bank_id, operation, payout_ids, e2e, request, response, outcome, started_at, duration_ms)
  `.execute(db);
}

/** Exchanges that name the payout or any of its end-to-end ids, in the order they started. */
export async function listBankExchanges(
  db: Db,
  q: { readonly payoutId: string; readonly endToEndIds: readonly string[]; readonly limit: number },
): Promise<StoredBankExchange[]> {
  const rows = await db
    .selectFrom('bank_exchanges')
    .selectAll()
    .where(sql<boolean>`payout_ids @> array[${q.payoutId}::uuid] or end_to_end_ids && ${[...q.endToEndIds]}::text[]`)
    .orderBy('started_at')
    .orderBy('id')
    .limit(q.limit)
    .execute();
  return rows.map((x) => ({
    id: x.id,
    bankId: x.bank_id,
    operation: x.operation,
    payoutIds: x.payout_ids,
    endToEndIds: x.end_to_end_ids,
    request: x.request,
    response: x.response,
    outcome: x.outcome,
    startedAt: x.started_at,
    durationMs: x.duration_ms,
  }));
}
