import CircuitBreaker from 'opossum';
import type { BankLogger } from '../bank-logger.port.ts';
import type { BankMetrics, BreakerState } from '../bank-metrics.port.ts';
import { isChannelFailure } from '../bank-outcome.ts';
import type { BankOperation } from '../profile/bank-profile.ts';
import type { BreakerCoordinator } from './breaker-coordinator.port.ts';

export interface BreakerOptions {
  /** Open when more than this % of calls in the rolling window failed (default 50). */
  readonly errorThresholdPercentage: number;
  /** …and at least this many calls were made in the window (default 5). */
  readonly volumeThreshold: number;
  /** Stay open this long before one half-open probe (default 30 s). */
  readonly resetTimeoutMs: number;
  /** Rolling statistics window (default 10 s). */
  readonly rollingWindowMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  resetTimeoutMs: 30_000,
  rollingWindowMs: 10_000,
};

/** Carries a channel-failure outcome through opossum, which only counts thrown errors. */
class ChannelFailure extends Error {
  readonly outcome: unknown;
  constructor(outcome: unknown) {
    super('channel failure');
    this.outcome = outcome;
  }
}

type Outcomes = { readonly kind: string; readonly cause?: string } | readonly { readonly kind: string; readonly cause?: string }[];

export type BreakerRun<T> = { readonly ran: true; readonly value: T } | { readonly ran: false; readonly retryAfterMs: number };

/**
 * One opossum breaker for one bank × operation in this process, kept in step with the other
 * processes through a BreakerCoordinator:
 * - local open → publish (others force theirs open); local close after a probe → publish;
 * - a remote open/close is applied to the local breaker without re-publishing;
 * - before each call the shared state is consulted (cached ≤ ~200 ms), and in half-open only
 *   the process holding the shared probe claim may call.
 * An outcome counts as a failure when every outcome in it is a channel failure (timeout,
 * connection, 5xx, garbage); any definitive bank answer counts as health.
 */
export class ChannelBreaker {
  readonly bankId: string;
  readonly operation: BankOperation;
  private readonly breaker: CircuitBreaker<[() => Promise<Outcomes>], Outcomes>;
  private readonly coordinator: BreakerCoordinator;
  private readonly logger: BankLogger;
  private readonly metrics: BankMetrics;
  private readonly options: BreakerOptions;
  private readonly probeTtlMs: number;
  private readonly unsubscribe: () => void;
  private applyingRemote = false;
  private openedAt = 0;

  constructor(args: {
    bankId: string;
    operation: BankOperation;
    options: BreakerOptions;
    /** The call timeout; the probe claim lasts a little longer. */
    callTimeoutMs: number;
    coordinator: BreakerCoordinator;
    logger: BankLogger;
    metrics: BankMetrics;
  }) {
    this.bankId = args.bankId;
    this.operation = args.operation;
    this.options = args.options;
    this.coordinator = args.coordinator;
    this.logger = args.logger;
    this.metrics = args.metrics;
    this.probeTtlMs = args.callTimeoutMs + 1_000;
    this.breaker = new CircuitBreaker(
      async (call: () => Promise<Outcomes>) => {
        const value = await call();
        const list = Array.isArray(value) ? value : [value];
        if (list.length > 0 && list.every((o) => isChannelFailure(o))) throw new ChannelFailure(value);
        return value;
      },
      {
        name: `${args.bankId}:${args.operation}`,
        timeout: false, // the resilience wrapper times calls out with an AbortSignal
        errorThresholdPercentage: args.options.errorThresholdPercentage,
        volumeThreshold: args.options.volumeThreshold,
        resetTimeout: args.options.resetTimeoutMs,
        rollingCountTimeout: args.options.rollingWindowMs,
        rollingCountBuckets: 10,
      },
    );
    this.breaker.on('open', () => this.transition('open'));
    this.breaker.on('halfOpen', () => this.transition('half_open'));
    this.breaker.on('close', () => this.transition('closed'));
    this.unsubscribe = this.coordinator.subscribe((change) => {
      if (change.bankId !== this.bankId || change.operation !== this.operation) return;
      if (change.state === 'open' && !this.breaker.opened) this.applyRemote(() => this.breaker.open());
      if (change.state === 'closed' && !this.breaker.closed) this.applyRemote(() => this.breaker.close());
    });
  }

  get state(): BreakerState {
    return this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'half_open' : 'closed';
  }

  /** Ms until a call may be tried, or 0 when the breaker would let one through now. */
  async blockedForMs(): Promise<number> {
    const elsewhere = await this.coordinator.openElsewhereMs(this.bankId, this.operation);
    if (elsewhere > 0 && !this.breaker.opened) this.applyRemote(() => this.breaker.open());
    if (this.breaker.opened) return Math.max(1, this.openedAt + this.options.resetTimeoutMs - Date.now(), elsewhere);
    return 0;
  }

  /**
   * Run `call` through the breaker. `ran: false` means the call was not made (open, or the
   * half-open probe belongs to another caller); the caller turns it into `unavailable`.
   */
  async run<T extends Outcomes>(call: () => Promise<T>): Promise<BreakerRun<T>> {
    const blocked = await this.blockedForMs();
    if (blocked > 0) return { ran: false, retryAfterMs: blocked };
    if (this.breaker.halfOpen && !(await this.coordinator.tryAcquireProbe(this.bankId, this.operation, this.probeTtlMs))) {
      return { ran: false, retryAfterMs: Math.min(1_000, this.options.resetTimeoutMs) };
    }
    try {
      return { ran: true, value: (await this.breaker.fire(call)) as T };
    } catch (error) {
      if (error instanceof ChannelFailure) return { ran: true, value: error.outcome as T };
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') {
        return { ran: false, retryAfterMs: Math.max(1, this.openedAt + this.options.resetTimeoutMs - Date.now()) };
      }
      throw error;
    }
  }

  shutdown(): void {
    this.unsubscribe();
    this.breaker.shutdown();
  }

  private applyRemote(change: () => void): void {
    this.applyingRemote = true;
    try {
      change();
    } finally {
      this.applyingRemote = false;
    }
  }

  private transition(to: BreakerState): void {
    const origin = this.applyingRemote ? 'remote' : 'local';
    if (to === 'open') this.openedAt = Date.now();
    const fields = { bankId: this.bankId, operation: this.operation, breaker: to, origin };
    if (to === 'open') this.logger.warn(fields, `circuit breaker ${this.bankId}/${this.operation} opened`);
    else this.logger.info(fields, `circuit breaker ${this.bankId}/${this.operation} ${to === 'closed' ? 'closed' : 'half-open'}`);
    this.metrics.breakerTransition({ bankId: this.bankId, operation: this.operation, to, origin });
    if (origin === 'remote') return;
    const publish =
      to === 'open'
        ? this.coordinator.publishOpen(this.bankId, this.operation, this.options.resetTimeoutMs)
        : to === 'closed'
          ? this.coordinator.publishClosed(this.bankId, this.operation)
          : undefined;
    publish?.catch((error: unknown) => this.logger.error({ ...fields, err: String(error) }, 'could not share breaker state'));
  }
}
