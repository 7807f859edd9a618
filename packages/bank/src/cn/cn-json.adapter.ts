import { classifyReason, formatAmountMinor, type BankAccountRef } from '@payout/domain';
import type { BankAdapter } from '../bank-adapter.port.ts';
import { assertValidInstruction, type PaymentInstruction, type QueryRef } from '../bank-instruction.ts';
import type { QueryOutcome, StatementOutcome, SubmitOutcome } from '../bank-outcome.ts';
import {
  failedQueryOutcome,
  failedStatementOutcome,
  failedSubmitOutcome,
  parseInstant,
  unexpectedStatementStatus,
  unexpectedStatusOutcome,
} from '../http/exchange-outcome.ts';
import { exchange, type FetchLike, type HttpExchange } from '../http/http-exchange.ts';
import type { BankProfile } from '../profile/bank-profile.ts';
import { CN_DUPLICATE_ORDER, CN_OK, CN_ORDER_NOT_FOUND, CN_STATEMENT_NONE, CN_STATEMENT_NOT_READY, mapCnErrorCode } from './cn-codes.ts';
import { cnRecordOutcome } from './cn-status.mapper.ts';
import { readEnvelope, readTransferRecord, type CnEnvelope } from './cn-wire.ts';

export interface CnJsonAdapterOptions {
  /** The bank's API root, e.g. `http://127.0.0.1:4100/cn/cn-icbc`. */
  readonly baseUrl: string;
  readonly fetch?: FetchLike;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };

/**
 * A CN-bank style JSON API (代发/单笔转账): one transfer per request, amounts as yuan decimal
 * strings, status words such as 交易成功/SUCCESS, 处理中/PROCESSING, FAIL + bank error code,
 * 退票. A query's "order not found" right after submission may mean "still processing"
 * (回盘 semantics) — `profile.notFoundMeansProcessing` says so and the outcome carries it.
 *
 * HTTP shape (see services/bank-sim/PROTOCOL.md): `POST {base}/transfer`,
 * `POST {base}/transfer/query`, `POST {base}/transfer/query/batch`, `GET {base}/statement?account=…&date=YYYYMMDD`.
 */
export function createCnJsonAdapter(profile: BankProfile, options: CnJsonAdapterOptions): BankAdapter {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const base = options.baseUrl.replace(/\/+$/, '');
  const post = (path: string, payload: unknown, signal: AbortSignal): Promise<HttpExchange> =>
    exchange(fetchImpl, { method: 'POST', url: `${base}${path}`, headers: JSON_HEADERS, body: JSON.stringify(payload) }, signal);

  async function submit(i: PaymentInstruction, signal: AbortSignal): Promise<SubmitOutcome> {
    assertValidInstruction(i, profile.currency);
    const e2e = i.endToEndId;
    const ex = await post(
      '/transfer',
      {
        outBizNo: e2e,
        payoutId: i.payoutId,
        payerAccount: i.debtorAccount.accountNumber,
        payeeAccount: i.beneficiary.account.accountNumber,
        payeeName: i.beneficiary.name,
        payeeBankCode: i.beneficiary.account.bankCode,
        amount: formatAmountMinor(i.amount.amountMinor, i.amount.currency),
        currency: i.amount.currency,
        remark: i.remittanceInfo,
        expectDate: i.requestedExecutionDate,
      },
      signal,
    );
    if (ex.kind === 'failed') return failedSubmitOutcome(e2e, ex);
    if (ex.status !== 200) return unexpectedStatusOutcome(e2e, ex.status);
    const env = readEnvelope(ex.body);
    if (env === undefined) return { kind: 'unknown', endToEndId: e2e, cause: 'unparseable', detail: 'body is not a JSON envelope' };
    if (env.code === CN_DUPLICATE_ORDER) {
      // The bank refused THIS request because it already holds the order: the earlier one may have executed.
      return {
        kind: 'rejected',
        endToEndId: e2e,
        bankStatus: env.code,
        code: 'DUPL',
        reason: classifyReason('DUPL'),
        bankCode: env.code,
        bankMessage: env.msg,
      };
    }
    if (env.code !== CN_OK) return envelopeUnknown(e2e, env);
    const record = readTransferRecord(env.data);
    if (record === undefined || record.outBizNo !== e2e) {
      return {
        kind: 'unknown',
        endToEndId: e2e,
        cause: 'unparseable',
        detail: record === undefined ? 'no transfer record' : 'answer is for another order',
      };
    }
    const outcome = cnRecordOutcome(record);
    // A submission cannot come back "returned"; treat such an answer as unreadable.
    return outcome.kind === 'returned'
      ? {
          kind: 'unknown',
          endToEndId: e2e,
          cause: 'unrecognised_status',
          detail: 'submission answered as returned',
          bankStatus: record.status,
        }
      : outcome;
  }

  async function query(ref: QueryRef, signal: AbortSignal): Promise<QueryOutcome> {
    const e2e = ref.endToEndId;
    const ex = await post('/transfer/query', { outBizNo: e2e }, signal);
    if (ex.kind === 'failed') return failedQueryOutcome(e2e, ex);
    if (ex.status !== 200) return unexpectedStatusOutcome(e2e, ex.status);
    const env = readEnvelope(ex.body);
    if (env === undefined) return { kind: 'unknown', endToEndId: e2e, cause: 'unparseable', detail: 'body is not a JSON envelope' };
    if (env.code === CN_ORDER_NOT_FOUND) return notFound(e2e);
    if (env.code !== CN_OK) return envelopeUnknown(e2e, env);
    const record = readTransferRecord(env.data);
    if (record === undefined || record.outBizNo !== e2e) {
      return { kind: 'unknown', endToEndId: e2e, cause: 'unparseable', detail: 'no transfer record for this order' };
    }
    return cnRecordOutcome(record);
  }

  async function queryBatch(refs: readonly QueryRef[], signal: AbortSignal): Promise<readonly QueryOutcome[]> {
    const ex = await post('/transfer/query/batch', { outBizNos: refs.map((r) => r.endToEndId) }, signal);
    if (ex.kind === 'failed') return refs.map((r) => failedQueryOutcome(r.endToEndId, ex));
    if (ex.status !== 200) return refs.map((r) => unexpectedStatusOutcome(r.endToEndId, ex.status));
    const env = readEnvelope(ex.body);
    const items = env?.code === CN_OK ? itemsOf(env.data) : undefined;
    if (env === undefined || (env.code === CN_OK && items === undefined)) {
      return refs.map(
        (r) => ({ kind: 'unknown', endToEndId: r.endToEndId, cause: 'unparseable', detail: 'body is not a batch answer' }) as const,
      );
    }
    if (items === undefined) return refs.map((r) => envelopeUnknown(r.endToEndId, env));
    const byId = new Map<string, ReturnType<typeof readTransferRecord>>();
    for (const it of items) {
      const rec = readTransferRecord(it);
      if (rec !== undefined) byId.set(rec.outBizNo, rec);
    }
    return refs.map((r) => {
      const rec = byId.get(r.endToEndId);
      return rec === undefined ? notFound(r.endToEndId) : cnRecordOutcome(rec);
    });
  }

  async function fetchStatement(account: BankAccountRef, date: string, signal: AbortSignal): Promise<StatementOutcome> {
    const params = new URLSearchParams({ account: account.accountNumber, date: date.replace(/-/g, '') });
    const ex = await exchange(fetchImpl, { method: 'GET', url: `${base}/statement?${params.toString()}` }, signal);
    if (ex.kind === 'failed') return failedStatementOutcome(ex);
    if (ex.status !== 200) return unexpectedStatementStatus(ex.status);
    if (ex.contentType.startsWith('text/csv')) {
      return { kind: 'available', account, date, format: 'csv', contentType: ex.contentType, content: ex.body };
    }
    const env = readEnvelope(ex.body);
    if (env?.code === CN_STATEMENT_NOT_READY) {
      const availableAt =
        typeof env.data === 'object' && env.data !== null ? (env.data as { availableAt?: unknown }).availableAt : undefined;
      return {
        kind: 'not_yet_available',
        account,
        date,
        availableAt: parseInstant(typeof availableAt === 'string' ? availableAt : undefined),
      };
    }
    if (env?.code === CN_STATEMENT_NONE) return { kind: 'none', account, date, detail: `code ${env.code}` };
    return {
      kind: 'unknown',
      cause: env === undefined ? 'unparseable' : 'unrecognised_status',
      detail: env === undefined ? 'neither CSV nor a JSON envelope' : `code ${env.code}`,
    };
  }

  function notFound(endToEndId: string): QueryOutcome {
    return { kind: 'not_found', endToEndId, mayStillBeProcessing: profile.notFoundMeansProcessing };
  }

  const adapter: BankAdapter = { profile, submit, query, fetchStatement };
  if (profile.supportsBatchQuery) return { ...adapter, queryBatch };
  return adapter;
}

/** A non-OK envelope: system errors and unmapped codes are unknown. */
function envelopeUnknown(endToEndId: string, env: CnEnvelope) {
  const mapped = mapCnErrorCode(env.code);
  return {
    kind: 'unknown',
    endToEndId,
    cause: mapped.kind === 'system_error' ? 'bank_system_error' : 'unrecognised_reason',
    detail: `envelope code ${env.code.slice(0, 20)}`,
  } as const;
}

function itemsOf(data: unknown): readonly unknown[] | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const items = (data as { items?: unknown }).items;
  return Array.isArray(items) ? items : undefined;
}
