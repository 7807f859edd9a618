import type { BankExchange, BankExchangeOperation } from './bank-exchange.repository.ts';
import type { BankExchangeRecorder } from './bank-exchange.recorder.ts';

// The structural subset of @payout/bank's BankAdapter this decorator needs. Declared here so
// the db package does not depend on the bank package; any BankAdapter satisfies it.
interface InstructionLike {
  readonly endToEndId: string;
  readonly payoutId: string;
}
interface QueryRefLike {
  readonly endToEndId: string;
}
interface OutcomeLike {
  readonly kind: string;
}
export interface RecordableBankAdapter {
  readonly profile: { readonly bankId: string };
  submit(instruction: InstructionLike, signal: AbortSignal): Promise<OutcomeLike>;
  submitBatch?(instructions: readonly InstructionLike[], signal: AbortSignal): Promise<readonly OutcomeLike[]>;
  query(ref: QueryRefLike, signal: AbortSignal): Promise<OutcomeLike>;
  queryBatch?(refs: readonly QueryRefLike[], signal: AbortSignal): Promise<readonly OutcomeLike[]>;
  fetchStatement(account: { readonly accountNumber: string }, date: string, signal: AbortSignal): Promise<OutcomeLike>;
}

/** The answer as stored: the outcome, without a statement file's content (it is stored by ingestion). */
function answerOf(outcome: OutcomeLike): Record<string, unknown> {
  const { content, ...rest } = outcome as OutcomeLike & { content?: unknown };
  return typeof content === 'string' ? { ...rest, contentLength: content.length } : rest;
}

/**
 * Wraps a bank adapter so every request and answer lands in the bank-exchange log (masked by
 * the repository). Wrap the raw adapter, inside the resilience wrapper, so the log shows the
 * calls that reached the bank — not the ones the breaker or rate limit held back:
 *
 *   createResilientBank(withBankExchangeRecording(adapter, recorder), deps)
 *
 * Batch calls are logged one row per instruction/reference so each payout's timeline shows its
 * own request and answer (with the batch size). The adapter's own behaviour is unchanged; a
 * call that throws is logged as `error` and rethrown.
 */
export function withBankExchangeRecording<A extends RecordableBankAdapter>(
  adapter: A,
  recorder: BankExchangeRecorder,
  clock: () => Date = () => new Date(),
): A {
  const bankId = adapter.profile.bankId;

  async function logged<T>(
    operation: BankExchangeOperation,
    call: () => Promise<T>,
    rows: (
      result: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown },
    ) => readonly Omit<BankExchange, 'bankId' | 'operation' | 'startedAt' | 'durationMs'>[],
  ): Promise<T> {
    const startedAt = clock();
    const t0 = performance.now();
    const emit = (r: Parameters<typeof rows>[0]): void => {
      const durationMs = performance.now() - t0;
      try {
        for (const row of rows(r)) recorder.record({ ...row, bankId, operation, startedAt, durationMs });
      } catch {
        // Never let the log break a bank call.
      }
    };
    try {
      const value = await call();
      emit({ ok: true, value });
      return value;
    } catch (error) {
      emit({ ok: false, error });
      throw error;
    }
  }
  const errorAnswer = (error: unknown): Record<string, unknown> => ({
    error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'threw',
  });

  const wrapped: RecordableBankAdapter = {
    profile: adapter.profile,
    submit: (instruction, signal) =>
      logged(
        'submit',
        () => adapter.submit(instruction, signal),
        (r) => [
          {
            payoutIds: [instruction.payoutId],
            endToEndIds: [instruction.endToEndId],
            request: { instruction },
            response: r.ok ? answerOf(r.value) : errorAnswer(r.error),
            outcome: r.ok ? r.value.kind : 'error',
          },
        ],
      ),
    query: (ref, signal) =>
      logged(
        'query',
        () => adapter.query(ref, signal),
        (r) => [
          {
            payoutIds: [],
            endToEndIds: [ref.endToEndId],
            request: { ref },
            response: r.ok ? answerOf(r.value) : errorAnswer(r.error),
            outcome: r.ok ? r.value.kind : 'error',
          },
        ],
      ),
    fetchStatement: (account, date, signal) =>
      logged(
        'statement',
        () => adapter.fetchStatement(account, date, signal),
        (r) => [
          {
            payoutIds: [],
            endToEndIds: [],
            request: { account, date },
            response: r.ok ? answerOf(r.value) : errorAnswer(r.error),
            outcome: r.ok ? r.value.kind : 'error',
          },
        ],
      ),
  };
  const submitBatch = adapter.submitBatch?.bind(adapter);
  if (submitBatch !== undefined) {
    wrapped.submitBatch = (instructions, signal) =>
      logged(
        'submit',
        () => submitBatch(instructions, signal),
        (r) =>
          instructions.map((instruction, i) => {
            const answer = r.ok ? r.value[i] : undefined;
            return {
              payoutIds: [instruction.payoutId],
              endToEndIds: [instruction.endToEndId],
              request: { instruction, batchSize: instructions.length },
              response: r.ok ? (answer === undefined ? { missing: true } : answerOf(answer)) : errorAnswer(r.error),
              outcome: r.ok ? (answer?.kind ?? 'missing') : 'error',
            };
          }),
      );
  }
  const queryBatch = adapter.queryBatch?.bind(adapter);
  if (queryBatch !== undefined) {
    wrapped.queryBatch = (refs, signal) =>
      logged(
        'query',
        () => queryBatch(refs, signal),
        (r) =>
          refs.map((ref, i) => {
            const answer = r.ok ? r.value[i] : undefined;
            return {
              payoutIds: [],
              endToEndIds: [ref.endToEndId],
              request: { ref, batchSize: refs.length },
              response: r.ok ? (answer === undefined ? { missing: true } : answerOf(answer)) : errorAnswer(r.error),
              outcome: r.ok ? (answer?.kind ?? 'missing') : 'error',
            };
          }),
      );
  }
  // Same port, same profile; the cast restores the caller's concrete adapter type.
  return wrapped as A;
}
