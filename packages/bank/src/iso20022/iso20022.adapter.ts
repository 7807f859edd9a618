import { randomUUID } from 'node:crypto';
import { classifyReason, type BankAccountRef } from '@payout/domain';
import type { BankAdapter } from '../bank-adapter.port.ts';
import { assertValidBatch, type PaymentInstruction, type QueryRef } from '../bank-instruction.ts';
import type { QueryOutcome, StatementOutcome, SubmitOutcome } from '../bank-outcome.ts';
import {
  failedQueryOutcome,
  failedStatementOutcome,
  failedSubmitOutcome,
  parseInstant,
  unexpectedStatementStatus,
  unexpectedStatusOutcome,
} from '../http/exchange-outcome.ts';
import { exchange, type FetchLike } from '../http/http-exchange.ts';
import type { BankProfile } from '../profile/bank-profile.ts';
import { isoTransactionOutcome } from './iso-status.mapper.ts';
import { writePain001 } from './pain001.writer.ts';
import { readPain002, type Pain002Report } from './pain002.reader.ts';

export interface Iso20022AdapterOptions {
  /** The bank's API root, e.g. `http://127.0.0.1:4100/iso/eu-sepa`. */
  readonly baseUrl: string;
  readonly fetch?: FetchLike;
  readonly initiatingPartyName?: string;
  readonly debtorName?: string;
  /** Only for CreDtTm in the message header. */
  readonly clock?: () => Date;
  readonly newMessageId?: () => string;
}

const XML_HEADERS = { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml' };

/**
 * An ISO 20022 bank: pain.001.001.09 out (many CdtTrfTxInf per message), pain.002 status
 * reports back for submissions and status queries, camt.053 statements.
 *
 * HTTP shape (see services/bank-sim/PROTOCOL.md): `POST {base}/pain001`,
 * `GET {base}/status?endToEndId=…&endToEndId=…`, `GET {base}/statements?account=…&date=…`.
 */
export function createIso20022Adapter(profile: BankProfile, options: Iso20022AdapterOptions): BankAdapter {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const base = options.baseUrl.replace(/\/+$/, '');
  const clock = options.clock ?? (() => new Date());
  const newMessageId = options.newMessageId ?? (() => `M${randomUUID().replace(/-/g, '')}`.slice(0, 35));

  async function submitBatch(instructions: readonly PaymentInstruction[], signal: AbortSignal): Promise<readonly SubmitOutcome[]> {
    assertValidBatch(instructions, profile.maxBatchSize, profile.currency);
    const messageId = newMessageId();
    const body = writePain001(
      {
        messageId,
        createdAt: clock(),
        initiatingPartyName: options.initiatingPartyName ?? 'Payout Worker',
        debtorName: options.debtorName ?? 'Payout Worker',
      },
      instructions,
    );
    const ex = await exchange(fetchImpl, { method: 'POST', url: `${base}/pain001`, headers: XML_HEADERS, body }, signal);
    if (ex.kind === 'failed') return instructions.map((i) => failedSubmitOutcome(i.endToEndId, ex));
    if (ex.status !== 200) return instructions.map((i) => unexpectedStatusOutcome(i.endToEndId, ex.status));
    const report = readPain002(ex.body);
    if (report === undefined || (report.originalMessageId !== undefined && report.originalMessageId !== messageId)) {
      const detail = report === undefined ? 'body is not a pain.002' : 'pain.002 answers another message';
      return instructions.map((i) => ({ kind: 'unknown', endToEndId: i.endToEndId, cause: 'unparseable', detail }) as const);
    }
    return instructions.map((i) => submitOutcomeFromReport(report, i.endToEndId));
  }

  async function queryBatch(refs: readonly QueryRef[], signal: AbortSignal): Promise<readonly QueryOutcome[]> {
    const params = new URLSearchParams();
    for (const r of refs) params.append('endToEndId', r.endToEndId);
    const ex = await exchange(
      fetchImpl,
      { method: 'GET', url: `${base}/status?${params.toString()}`, headers: { accept: 'application/xml' } },
      signal,
    );
    if (ex.kind === 'failed') return refs.map((r) => failedQueryOutcome(r.endToEndId, ex));
    if (ex.status === 404) return refs.map((r) => notFound(r.endToEndId));
    if (ex.status !== 200) return refs.map((r) => unexpectedStatusOutcome(r.endToEndId, ex.status));
    const report = readPain002(ex.body);
    if (report === undefined) {
      return refs.map(
        (r) => ({ kind: 'unknown', endToEndId: r.endToEndId, cause: 'unparseable', detail: 'body is not a pain.002' }) as const,
      );
    }
    return refs.map((r) => {
      const tx = latest(report, r.endToEndId);
      return tx === undefined ? notFound(r.endToEndId) : isoTransactionOutcome(tx);
    });
  }

  function notFound(endToEndId: string): QueryOutcome {
    return { kind: 'not_found', endToEndId, mayStillBeProcessing: profile.notFoundMeansProcessing };
  }

  async function fetchStatement(account: BankAccountRef, date: string, signal: AbortSignal): Promise<StatementOutcome> {
    const params = new URLSearchParams({ account: account.accountNumber, date });
    const ex = await exchange(
      fetchImpl,
      { method: 'GET', url: `${base}/statements?${params.toString()}`, headers: { accept: 'application/xml' } },
      signal,
    );
    if (ex.kind === 'failed') return failedStatementOutcome(ex);
    if (ex.status === 425) return { kind: 'not_yet_available', account, date, availableAt: availableAtFrom(ex.body) };
    // 404 on the statements resource: the bank has no statement for that account and date.
    if (ex.status === 404) return { kind: 'none', account, date, detail: `HTTP 404 ${ex.body.slice(0, 80)}` };
    if (ex.status !== 200) return unexpectedStatementStatus(ex.status);
    if (!/<BkToCstmrStmt[\s>]/.test(ex.body)) return { kind: 'unknown', cause: 'unparseable', detail: 'body is not a camt.053 statement' };
    return { kind: 'available', account, date, format: 'camt.053', contentType: ex.contentType, content: ex.body };
  }

  return {
    profile,
    submit: async (instruction, signal) => {
      const [outcome] = await submitBatch([instruction], signal);
      if (outcome === undefined) throw new Error('submitBatch returned no outcome for a single instruction');
      return outcome;
    },
    submitBatch,
    query: async (ref, signal) => {
      const [outcome] = await queryBatch([ref], signal);
      if (outcome === undefined) throw new Error('queryBatch returned no outcome for a single reference');
      return outcome;
    },
    queryBatch,
    fetchStatement,
  };
}

/** A status report may list an id more than once (history); the last entry is current. */
function latest(report: Pain002Report, endToEndId: string) {
  let found;
  for (const tx of report.transactions) if (tx.endToEndId === endToEndId) found = tx;
  return found;
}

function submitOutcomeFromReport(report: Pain002Report, endToEndId: string): SubmitOutcome {
  const tx = latest(report, endToEndId);
  if (tx !== undefined) return isoTransactionOutcome(tx);
  // No transaction-level status: the group status applies to every transaction unless it is PART.
  const group = report.groupStatus;
  if (group === 'RJCT') {
    const reason = classifyReason(report.groupReasonCode);
    return { kind: 'rejected', endToEndId, bankStatus: group, code: report.groupReasonCode ?? reason.code, reason };
  }
  if (group !== undefined && group !== 'PART') {
    return isoTransactionOutcome({
      endToEndId,
      status: group,
      reasonCode: report.groupReasonCode,
      reasonText: undefined,
      bankReference: undefined,
      settlementDate: undefined,
      acceptedAt: undefined,
    });
  }
  return { kind: 'unknown', endToEndId, cause: 'unparseable', detail: 'the status report has no status for this transaction' };
}

function availableAtFrom(body: string): Date | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const v = typeof parsed === 'object' && parsed !== null ? (parsed as { availableAt?: unknown }).availableAt : undefined;
    return typeof v === 'string' ? parseInstant(v) : undefined;
  } catch {
    return undefined;
  }
}
