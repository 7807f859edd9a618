import {
  createBankAdapter,
  createRedisBreakerCoordinator,
  createRedisRateLimiter,
  createResilientBank,
  operatingHoursGate,
  type BankAdapter,
  type BankLogger,
  type BankMetrics,
  type BreakerCoordinator,
  type OperatingHoursGate,
  type RateLimiter,
  type ResilientBank,
} from '@payout/bank';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock/clock.port.ts';
import type { RoutableChannel } from '../routing/route-rules.ts';
import type { ChannelConfig } from './channel-config.ts';

/** A configured channel, ready to route to, submit through and poll. */
export interface ChannelRuntime {
  readonly config: ChannelConfig;
  /** Every call goes through the resilience wrapper (hours, shared breaker, shared rate limit, timeout). */
  readonly bank: ResilientBank;
  /** When the channel takes submissions; polls use it too. */
  readonly hours: OperatingHoursGate;
  readonly routable: RoutableChannel;
}

export interface ChannelRuntimeOptions {
  readonly channels: readonly ChannelConfig[];
  readonly clock: Clock;
  readonly logger: BankLogger;
  readonly metrics: BankMetrics;
  readonly timeoutsMs: { readonly submit: number; readonly query: number };
  readonly rateLimitWaitMs: number;
  readonly breaker: { readonly resetTimeoutMs: number; readonly volumeThreshold: number };
  /** Shared across processes; in-process defaults when absent (tests). */
  readonly rateLimiter?: RateLimiter;
  readonly coordinator?: BreakerCoordinator;
  /** Build the raw adapter (default: by the profile's dialect); tests pass fakes. */
  readonly adapterFor?: (channel: ChannelConfig) => BankAdapter;
  /**
   * Wraps each raw adapter before the resilience layer, so it sees exactly the calls that reach
   * the bank (the composition root passes the bank-exchange log for the ops timeline).
   */
  readonly wrapAdapter?: (adapter: BankAdapter) => BankAdapter;
}

export function routableOf(c: ChannelConfig): RoutableChannel {
  return {
    id: c.id,
    currency: c.profile.currency,
    rail: c.profile.rail,
    weight: c.weight,
    minAmountMinor: c.minAmountMinor,
    perPayoutMaxMinor: c.profile.limits.perPayout.amountMinor,
    perDayMaxMinor: c.profile.limits.perDay.amountMinor,
    beneficiaryBanks: c.beneficiaryBanks,
    fundingAccountId: c.fundingAccountId,
  };
}

export function createChannelRuntimes(opts: ChannelRuntimeOptions): Map<string, ChannelRuntime> {
  const out = new Map<string, ChannelRuntime>();
  for (const c of opts.channels) {
    const raw = opts.adapterFor?.(c) ?? createBankAdapter(c.profile, { baseUrl: c.baseUrl, partyName: c.debtorName });
    const adapter = opts.wrapAdapter === undefined ? raw : opts.wrapAdapter(raw);
    const bank = createResilientBank(
      adapter,
      {
        ...(opts.rateLimiter !== undefined ? { rateLimiter: opts.rateLimiter } : {}),
        ...(opts.coordinator !== undefined ? { coordinator: opts.coordinator } : {}),
        logger: opts.logger,
        metrics: opts.metrics,
        clock: () => opts.clock.now(),
      },
      {
        timeoutsMs: { submit: opts.timeoutsMs.submit, query: opts.timeoutsMs.query },
        maxRateLimitWaitMs: opts.rateLimitWaitMs,
        breaker: { resetTimeoutMs: opts.breaker.resetTimeoutMs, volumeThreshold: opts.breaker.volumeThreshold },
      },
    );
    out.set(c.id, { config: c, bank, hours: operatingHoursGate(c.profile), routable: routableOf(c) });
  }
  return out;
}

/** The Redis-shared rate limiter and breaker coordinator every process uses. */
export async function createSharedResilience(
  redis: Redis,
  prefix: string,
  logger: BankLogger,
): Promise<{ rateLimiter: RateLimiter; coordinator: BreakerCoordinator }> {
  return {
    rateLimiter: createRedisRateLimiter({ redis, prefix: `${prefix}:` }),
    coordinator: await createRedisBreakerCoordinator({ redis, prefix: `${prefix}:`, logger }),
  };
}
