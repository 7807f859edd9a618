import { isPayoutError, maskAccount, type BankAccountRef } from '@payout/domain';
import type { BankAdapter } from '../bank-adapter.port.ts';
import { assertValidBatch, assertValidInstruction, type PaymentInstruction, type QueryRef } from '../bank-instruction.ts';
import { silentLogger, type BankLogger } from '../bank-logger.port.ts';
import { noopMetrics, type BankMetrics, type BreakerState } from '../bank-metrics.port.ts';
import type {
  QueryOutcome,
  StatementOutcome,
  SubmitOutcome,
  UnavailableCause,
  UnavailableOutcome,
  UnknownCause,
  UnknownOutcome,
} from '../bank-outcome.ts';
import { rateLimitFor, type BankOperation } from '../profile/bank-profile.ts';
import { raceAbort, sleep } from './abort-race.ts';
import type { BreakerCoordinator } from './breaker-coordinator.port.ts';
import { ChannelBreaker, DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from './channel-breaker.ts';
import { createInMemoryBreakerCoordinator } from './in-memory-breaker-coordinator.ts';
import { operatingHoursGate, type OperatingHoursGate } from './operating-hours.ts';
import type { RateLimiter } from './rate-limiter.port.ts';

export interface ResilienceOptions {
  /** Per-call deadlines (defaults: submit 10 s, query 5 s, statement 30 s). */
  readonly timeoutsMs?: Partial<Readonly<Record<BankOperation, number>>>;
  readonly breaker?: Partial<BreakerOptions>;
  /**
   * The rate-limit window is 1 s plus this margin (default 20 ms) for clock granularity. Network
   * jitter needs no margin: the limiter counts a call until it completes (see RateLimiter).
   */
  readonly rateLimitMarginMs?: number;
  /** Wait up to this long for a rate-limit slot before answering `unavailable` (default 0). */
  readonly maxRateLimitWaitMs?: number;
  /** Override the submission hours gate (default: from the profile and @payout/calendar). */
  readonly hours?: OperatingHoursGate;
}

export interface ResilientBankDeps {
  /** Shared across processes in production (createRedisRateLimiter). Absent: no rate limit. */
  readonly rateLimiter?: RateLimiter;
  /** Shared across processes in production (createRedisBreakerCoordinator). Absent: this process only. */
  readonly coordinator?: BreakerCoordinator;
  readonly logger?: BankLogger;
  readonly metrics?: BankMetrics;
  /** For the operating-hours gate (simulated time in tests and the demo). */
  readonly clock?: () => Date;
}

/** A BankAdapter whose every call is timed out, breaker-protected and rate-limited. */
export interface ResilientBank extends BankAdapter {
  readonly inner: BankAdapter;
  breakerState(operation: BankOperation): BreakerState;
  /** Stop the breakers' timers and listeners (the coordinator is closed by its owner). */
  close(): void;
}

const DEFAULT_TIMEOUTS: Readonly<Record<BankOperation, number>> = { submit: 10_000, query: 5_000, statement: 30_000 };
/** How long after our deadline an abandoned request may still be read by the bank. */
const ABANDONED_CALL_GRACE_MS = 5_000;

type Refusal = { readonly cause: UnavailableCause; readonly retryAfterMs: number };
type Admission = { readonly admitted: true; release(): Promise<void> } | ({ readonly admitted: false } & Refusal);
const NO_PERMIT = (): Promise<void> => Promise.resolve();
/** Real ms before a submission refused for unknown hours (no calendar data) is handed back again. */
const NO_DATA_RETRY_MS = 1_000;

/**
 * The one resilience wrapper every bank call goes through, in this order:
 * 1. submissions only: the channel's operating hours (closed, or unknown for lack of calendar data → `unavailable: outside_hours`);
 * 2. the circuit breaker for bank × operation, shared across processes (open → `unavailable: breaker_open`);
 * 3. the bank × operation rate limit, shared across processes (→ `unavailable: rate_limited`);
 * 4. the call itself under an AbortSignal deadline; a call that overruns it ends as `unknown: timeout`.
 * `unavailable` means the bank was not called: work waits, a payout never fails for it.
 *
 * @example
 *   const redis = new Redis(url);
 *   const coordinator = await createRedisBreakerCoordinator({ redis, prefix: 'payout:' });
 *   const bank = createResilientBank(createCnJsonAdapter(profile, { baseUrl }), {
 *     rateLimiter: createRedisRateLimiter({ redis, prefix: 'payout:' }), coordinator, logger, metrics,
 *   });
 *   const out = await bank.query({ endToEndId }, shutdownSignal);
 */
export function createResilientBank(inner: BankAdapter, deps: ResilientBankDeps = {}, options: ResilienceOptions = {}): ResilientBank {
  const profile = inner.profile;
  const bankId = profile.bankId;
  const logger = deps.logger ?? silentLogger;
  const metrics = deps.metrics ?? noopMetrics;
  const clock = deps.clock ?? (() => new Date());
  const coordinator = deps.coordinator ?? createInMemoryBreakerCoordinator();
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeoutsMs };
  const breakerOptions: BreakerOptions = { ...DEFAULT_BREAKER_OPTIONS, ...options.breaker };
  const windowMs = 1_000 + (options.rateLimitMarginMs ?? 20);
  const maxWait = options.maxRateLimitWaitMs ?? 0;
  const hours = options.hours ?? operatingHoursGate(profile);
  const breakers = new Map<BankOperation, ChannelBreaker>(
    (['submit', 'query', 'statement'] as const).map((operation) => [
      operation,
      new ChannelBreaker({ bankId, operation, options: breakerOptions, callTimeoutMs: timeouts[operation], coordinator, logger, metrics }),
    ]),
  );
  const breakerFor = (op: BankOperation): ChannelBreaker => {
    const b = breakers.get(op);
    if (b === undefined) throw new Error(`no breaker for ${op}`);
    return b;
  };

  async function admit(op: BankOperation, signal: AbortSignal): Promise<Admission> {
    if (op === 'submit') {
      const h = hours(clock());
      if (!h.open && 'noData' in h) {
        // Hours unknown (a calendar year without data): never call a bank that may be closed.
        // A short retry hands the work back to the caller, which knows how to wait for the year.
        logger.warn(
          { bankId, code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: h.noData.calendar, year: h.noData.year },
          'submission hours unknown: calendar has no data',
        );
        return { admitted: false, cause: 'outside_hours', retryAfterMs: NO_DATA_RETRY_MS };
      }
      if (!h.open) return { admitted: false, cause: 'outside_hours', retryAfterMs: Math.max(1, h.reopensAt.getTime() - clock().getTime()) };
    }
    const blocked = await breakerFor(op).blockedForMs();
    if (blocked > 0) return { admitted: false, cause: 'breaker_open', retryAfterMs: blocked };
    const limit = rateLimitFor(profile, op);
    if (deps.rateLimiter === undefined || limit === undefined) return { admitted: true, release: NO_PERMIT };
    const started = Date.now();
    // A slot is held until the call ends; one whose call was abandoned at its deadline (or whose
    // holder died) is freed when the lease runs out.
    const leaseMs = timeouts[op] + ABANDONED_CALL_GRACE_MS;
    for (;;) {
      let decision;
      try {
        decision = await deps.rateLimiter.tryAcquire(`${bankId}:${op}`, limit, windowMs, leaseMs);
      } catch (error) {
        // Without the shared counter we cannot promise the bank its limit: do not call.
        logger.error({ bankId, operation: op, err: String(error) }, 'rate limiter unavailable');
        return { admitted: false, cause: 'coordination_unavailable', retryAfterMs: 1_000 };
      }
      if (decision.allowed) return { admitted: true, release: () => decision.release() };
      const waited = Date.now() - started;
      if (waited + decision.retryAfterMs > maxWait || signal.aborted)
        return { admitted: false, cause: 'rate_limited', retryAfterMs: decision.retryAfterMs };
      if (!(await sleep(decision.retryAfterMs, signal)))
        return { admitted: false, cause: 'rate_limited', retryAfterMs: decision.retryAfterMs };
    }
  }

  /**
   * Everything common to one guarded call. `refused` builds the outcome for a call not made;
   * `failed` the one for a call that overran its deadline or whose adapter threw.
   */
  async function guarded<
    T extends { readonly kind: string; readonly cause?: string } | readonly { readonly kind: string; readonly cause?: string }[],
  >(
    op: BankOperation,
    signal: AbortSignal,
    call: (signal: AbortSignal) => Promise<T>,
    refused: (r: Refusal) => T,
    failed: (cause: UnknownCause, detail: string) => T,
    logFields: Record<string, unknown>,
  ): Promise<T> {
    const admission = await admit(op, signal);
    if (!admission.admitted) {
      metrics.callRefused({ bankId, operation: op, cause: admission.cause });
      return refused(admission);
    }
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeouts[op])]);
    const started = performance.now();
    const attempt = (): Promise<T> =>
      raceAbort(
        call(deadline).catch((error: unknown) => {
          if (isPayoutError(error) && error.code === 'PAYOUT_E_BANK_INSTRUCTION_INVALID') throw error;
          // A bug in an adapter must not turn a maybe-sent submission into a failure.
          logger.error({ ...logFields, bankId, operation: op, err: String(error) }, 'bank adapter threw');
          return failed('internal', error instanceof Error ? error.message.slice(0, 200) : 'adapter threw');
        }),
        deadline,
        (cause) => failed(cause, `no answer within ${timeouts[op]} ms`),
      );
    const releaseSlot = (): void => {
      admission
        .release()
        .catch((error: unknown) => logger.warn({ bankId, operation: op, err: String(error) }, 'could not release rate-limit slot'));
    };
    let run;
    try {
      run = await breakerFor(op).run(attempt);
    } catch (error) {
      releaseSlot();
      throw error;
    }
    // A request we gave up on may still be read by the bank later: its slot stays taken until
    // its lease runs out instead of being released now.
    const answered = run.ran ? (Array.isArray(run.value) ? run.value : [run.value]) : [];
    if (!answered.some((o: { kind: string; cause?: string }) => o.kind === 'unknown' && (o.cause === 'timeout' || o.cause === 'aborted')))
      releaseSlot();
    if (!run.ran) {
      metrics.callRefused({ bankId, operation: op, cause: 'breaker_open' });
      return refused({ cause: 'breaker_open', retryAfterMs: run.retryAfterMs });
    }
    const first = Array.isArray(run.value)
      ? (run.value as readonly { kind: string; cause?: string }[])[0]
      : (run.value as { kind: string; cause?: string });
    metrics.callCompleted({
      bankId,
      operation: op,
      outcome: first?.kind ?? 'empty',
      cause: first?.cause,
      durationMs: performance.now() - started,
    });
    if (first !== undefined && (first.kind === 'unknown' || first.kind === 'not_sent')) {
      logger.warn({ ...logFields, bankId, operation: op, outcome: first.kind, cause: first.cause }, `bank ${op} answer is ${first.kind}`);
    }
    return run.value;
  }

  const unavailableFor =
    (endToEndId: string) =>
    (r: Refusal): UnavailableOutcome => ({ kind: 'unavailable', endToEndId, cause: r.cause, retryAfterMs: r.retryAfterMs });
  const unknownFor =
    (endToEndId: string) =>
    (cause: UnknownCause, detail: string): UnknownOutcome => ({ kind: 'unknown', endToEndId, cause, detail });

  const bank: ResilientBank = {
    profile,
    inner,
    async submit(instruction: PaymentInstruction, signal: AbortSignal): Promise<SubmitOutcome> {
      assertValidInstruction(instruction, profile.currency);
      const e2e = instruction.endToEndId;
      return guarded<SubmitOutcome>('submit', signal, (s) => inner.submit(instruction, s), unavailableFor(e2e), unknownFor(e2e), {
        endToEndId: e2e,
        payoutId: instruction.payoutId,
        beneficiary: maskAccount(instruction.beneficiary.account.accountNumber),
      });
    },
    query(ref: QueryRef, signal: AbortSignal): Promise<QueryOutcome> {
      const e2e = ref.endToEndId;
      return guarded<QueryOutcome>('query', signal, (s) => inner.query(ref, s), unavailableFor(e2e), unknownFor(e2e), { endToEndId: e2e });
    },
    fetchStatement(account: BankAccountRef, date: string, signal: AbortSignal): Promise<StatementOutcome> {
      return guarded<StatementOutcome>(
        'statement',
        signal,
        (s) => inner.fetchStatement(account, date, s),
        (r) => ({ kind: 'unavailable', cause: r.cause, retryAfterMs: r.retryAfterMs }),
        (cause, detail) => ({ kind: 'unknown', cause, detail }),
        { account: maskAccount(account.accountNumber), date },
      );
    },
    breakerState: (op) => breakerFor(op).state,
    close: () => {
      for (const b of breakers.values()) b.shutdown();
    },
  };

  const submitBatch = inner.submitBatch?.bind(inner);
  if (submitBatch !== undefined) {
    bank.submitBatch = async (instructions, signal) => {
      assertValidBatch(instructions, profile.maxBatchSize, profile.currency);
      return guarded<readonly SubmitOutcome[]>(
        'submit',
        signal,
        (s) => submitBatch(instructions, s),
        (r) => instructions.map((i) => unavailableFor(i.endToEndId)(r)),
        (cause, detail) => instructions.map((i) => unknownFor(i.endToEndId)(cause, detail)),
        { batchSize: instructions.length, firstEndToEndId: instructions[0]?.endToEndId },
      );
    };
  }
  const queryBatch = inner.queryBatch?.bind(inner);
  if (queryBatch !== undefined) {
    bank.queryBatch = (refs, signal) =>
      guarded<readonly QueryOutcome[]>(
        'query',
        signal,
        (s) => queryBatch(refs, s),
        (r) => refs.map((ref) => unavailableFor(ref.endToEndId)(r)),
        (cause, detail) => refs.map((ref) => unknownFor(ref.endToEndId)(cause, detail)),
        { batchSize: refs.length },
      );
  }
  return bank;
}
