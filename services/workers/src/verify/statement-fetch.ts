import { ingestStatementFile, type IngestResult } from '@payout/db';
import { isPayoutError, maskAccount } from '@payout/domain';
import type { VerifyChannel, VerifyDeps } from './verify-deps.ts';
import { eventsOfFetchedStatement, sha256Hex } from './statement-events.ts';

export type FetchResult =
  | { readonly kind: 'ingested'; readonly date: string; readonly result: IngestResult }
  | { readonly kind: 'not_yet_available'; readonly date: string }
  /** The bank has no statement for that day (before the account opened): final, nothing to ingest. */
  | { readonly kind: 'none'; readonly date: string; readonly detail: string }
  | { readonly kind: 'failed'; readonly date: string; readonly detail: string };

/**
 * Fetch one day's statement through the channel's adapter and ingest it. While the bank says
 * "not yet available" it tries again (up to `fetchAttempts`, `fetchRetryMs` apart on the
 * clock); an answer it cannot use leaves the day missing — which keeps every period through
 * that day incomplete, so nothing is called failed on its account.
 */
export async function fetchAndIngest(deps: VerifyDeps, channel: VerifyChannel, date: string): Promise<FetchResult> {
  const { settings, logger, metrics } = deps;
  const log = logger.child({ bankId: channel.bankId, account: maskAccount(channel.account.accountNumber), statementDate: date });
  for (let attempt = 1; ; attempt++) {
    const signal = AbortSignal.any([
      AbortSignal.timeout(settings.fetchTimeoutMs),
      ...(deps.stopSignal === undefined ? [] : [deps.stopSignal]),
    ]);
    const out = await channel.bank.fetchStatement(channel.account, date, signal);
    switch (out.kind) {
      case 'available': {
        try {
          const result = await ingestStatementFile(deps.db, {
            bankId: channel.bankId,
            source: 'adapter',
            actor: settings.actor,
            contentSha256: sha256Hex(out.content),
            byteSize: Buffer.byteLength(out.content),
            events: eventsOfFetchedStatement(out.format, out.content),
            dateHint: date,
          });
          metrics.statementFetched(channel.bankId, result.kind);
          log.info(
            { result: result.kind, ...(result.kind === 'ingested' ? { lines: result.lineCount, linked: result.linkedLines } : {}) },
            'statement ingested',
          );
          return { kind: 'ingested', date, result };
        } catch (error) {
          // A statement the bank sent but we cannot read is never "no debit": the day stays missing.
          const detail = isPayoutError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
          metrics.statementFetched(channel.bankId, 'malformed');
          log.error({ err: detail }, 'statement from the bank could not be ingested');
          return { kind: 'failed', date, detail };
        }
      }
      case 'not_yet_available': {
        metrics.statementFetched(channel.bankId, 'not_yet_available');
        if (attempt >= settings.fetchAttempts || deps.stopSignal?.aborted === true) return { kind: 'not_yet_available', date };
        const waitUntil = out.availableAt?.getTime() ?? deps.clock.now().getTime() + settings.fetchRetryMs;
        const clockWait = Math.min(settings.fetchRetryMs, Math.max(0, waitUntil - deps.clock.now().getTime()));
        log.info({ attempt, retryInMs: clockWait }, 'statement not yet available; trying again');
        await sleep(deps.clock.realMs(Math.max(clockWait, 1)), deps.stopSignal);
        continue;
      }
      case 'none': {
        metrics.statementFetched(channel.bankId, 'none');
        log.info({ detail: out.detail }, 'the bank has no statement for this day');
        return { kind: 'none', date, detail: out.detail };
      }
      case 'unknown':
      case 'unavailable': {
        metrics.statementFetched(channel.bankId, 'failed');
        const detail = out.kind === 'unknown' ? `${out.cause}: ${out.detail}` : out.cause;
        log.warn({ detail }, 'statement fetch failed');
        return { kind: 'failed', date, detail };
      }
      default: {
        const never: never = out;
        throw new Error(`unexpected statement outcome ${JSON.stringify(never)}`);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
