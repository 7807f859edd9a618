import type { NotSentOutcome, StatementOutcome, UnknownOutcome } from '../bank-outcome.ts';
import type { HttpExchange } from './http-exchange.ts';

type Failed = Extract<HttpExchange, { kind: 'failed' }>;

/**
 * A failed submit exchange: `not_sent` only when nothing can have reached the bank,
 * otherwise unknown — a timeout or reset after sending may hide an execution.
 */
export function failedSubmitOutcome(endToEndId: string, ex: Failed): UnknownOutcome | NotSentOutcome {
  if (!ex.maybeSent) {
    return {
      kind: 'not_sent',
      endToEndId,
      cause: ex.cause === 'connection' ? 'connection_refused' : 'aborted_before_send',
      detail: ex.detail,
    };
  }
  return { kind: 'unknown', endToEndId, cause: ex.cause, detail: ex.detail };
}

/** A failed query exchange is simply unknown: a query changes nothing at the bank. */
export function failedQueryOutcome(endToEndId: string, ex: Failed): UnknownOutcome {
  return { kind: 'unknown', endToEndId, cause: ex.cause, detail: ex.detail };
}

/** An HTTP status the dialect does not expect. */
export function unexpectedStatusOutcome(endToEndId: string, status: number): UnknownOutcome {
  return { kind: 'unknown', endToEndId, cause: status >= 500 ? 'http_5xx' : 'http_status', detail: `HTTP ${status}` };
}

export function failedStatementOutcome(ex: Failed): StatementOutcome {
  return { kind: 'unknown', cause: ex.cause, detail: ex.detail };
}

export function unexpectedStatementStatus(status: number): StatementOutcome {
  return { kind: 'unknown', cause: status >= 500 ? 'http_5xx' : 'http_status', detail: `HTTP ${status}` };
}

/** Parse an `x-available-at` style ISO instant; undefined when absent or invalid. */
export function parseInstant(s: string | undefined | null): Date | undefined {
  if (s === undefined || s === null || s.length === 0) return undefined;
  const d = new Date(s);
  return Number.isFinite(d.getTime()) ? d : undefined;
}
