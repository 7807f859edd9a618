import { PayoutError } from '@payout/domain';
import { z } from 'zod';
import { parseChannels, type ChannelConfig } from '../channels/channel-config.ts';

export const WORKER_ROLES = ['intake', 'sweeper', 'submit', 'poll', 'notify', 'verify'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

const int = (min: number, max: number, dflt: number) => z.coerce.number().int().min(min).max(max).default(dflt);

const schema = z.object({
  DATABASE_URL: z.string().min(1),
  REDIS_URL: z.string().min(1),
  /** Comma-separated roles this process runs. */
  WORKER_ROLES: z
    .string()
    .default(WORKER_ROLES.join(','))
    .transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r.length > 0),
    )
    .pipe(z.array(z.enum(WORKER_ROLES)).min(1)),
  /** Channels as JSON (see channel-config.ts), or a file holding it. One of the two is required for submit/poll. */
  WORKER_CHANNELS: z.string().optional(),
  WORKER_CHANNELS_FILE: z.string().optional(),
  /** BullMQ and Redis key prefix. */
  QUEUE_PREFIX: z.string().min(1).default('payout'),
  /** Prometheus /metrics port; 0 = pick a free port, -1 = off. */
  METRICS_PORT: int(-1, 65_535, 9464),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SUBMIT_BATCH_SIZE: int(1, 1_000, 100),
  SUBMIT_CONCURRENCY: int(1, 32, 4),
  POLL_BATCH_SIZE: int(1, 1_000, 200),
  NOTIFY_BATCH_SIZE: int(1, 5_000, 500),
  /** How often an idle loop looks for due work (real ms). */
  IDLE_POLL_MS: int(10, 60_000, 250),
  MAX_ATTEMPTS: int(1, 10, 3),
  SUBMIT_TIMEOUT_MS: int(100, 120_000, 10_000),
  QUERY_TIMEOUT_MS: int(100, 120_000, 5_000),
  /** Parallel single-instruction calls per channel (banks without batch submit/query). */
  BANK_CALL_CONCURRENCY: int(1, 256, 16),
  /** How long a call waits for a shared rate-limit slot before giving the work back (real ms). */
  RATE_LIMIT_WAIT_MS: int(0, 60_000, 2_000),
  BREAKER_RESET_MS: int(100, 600_000, 30_000),
  /** Real ms after sending before a bank's final "not found" is believed. */
  NOT_FOUND_SETTLE_MS: int(0, 3_600_000, 30_000),
  BREAKER_VOLUME_THRESHOLD: int(1, 1_000, 5),
  /** `system`, or `sim` to follow the bank simulator's clock at SIM_URL (demo, tests). */
  CLOCK: z.enum(['system', 'sim']).default('system'),
  SIM_URL: z.url().optional(),
  /** Real ms SIGTERM waits for in-flight work before exiting. */
  SHUTDOWN_GRACE_MS: int(0, 120_000, 15_000),
  /** Sweeper: how often it runs and how late a next action must be (real ms). */
  SWEEP_INTERVAL_MS: int(100, 600_000, 5_000),
  /** How often every process reloads the approved imported calendar years (real ms); an approval is in force everywhere within this. */
  CALENDAR_REFRESH_MS: int(100, 600_000, 60_000),
  /** Verify: payouts claimed per bank and pass, and how often an idle verifier looks again (real ms). */
  VERIFY_BATCH_SIZE: int(1, 10_000, 1_000),
  VERIFY_IDLE_MS: int(100, 600_000, 5_000),
  /** Record every bank request and answer (masked) for the ops timeline: `on` (default) or `off`. */
  BANK_EXCHANGE_LOG: z.enum(['on', 'off']).default('on'),
});

export interface WorkerConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly roles: ReadonlySet<WorkerRole>;
  readonly channels: readonly ChannelConfig[];
  readonly queuePrefix: string;
  readonly metricsPort: number;
  readonly logLevel: string;
  readonly submit: { readonly batchSize: number; readonly concurrency: number; readonly timeoutMs: number; readonly maxAttempts: number };
  readonly poll: { readonly batchSize: number; readonly timeoutMs: number; readonly notFoundSettleMs: number };
  readonly notify: { readonly batchSize: number };
  readonly idlePollMs: number;
  readonly bank: {
    readonly callConcurrency: number;
    readonly rateLimitWaitMs: number;
    readonly breakerResetMs: number;
    readonly breakerVolumeThreshold: number;
  };
  readonly clock: { readonly kind: 'system' } | { readonly kind: 'sim'; readonly simUrl: string };
  readonly shutdownGraceMs: number;
  readonly sweepIntervalMs: number;
  readonly calendarRefreshMs: number;
  readonly verify: { readonly batchSize: number; readonly idleMs: number };
  readonly bankExchangeLog: boolean;
}

/**
 * Parse the workers' environment once at start-up; every invalid key is reported at once.
 * `readFile` is injected so the parser stays testable without files.
 * @throws PayoutError PAYOUT_E_CONFIG_INVALID
 */
export function parseWorkerConfig(env: Readonly<Record<string, string | undefined>>, readFile: (path: string) => string): WorkerConfig {
  const r = schema.safeParse(env);
  const problems = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  if (!r.success) throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `invalid worker configuration: ${problems.join('; ')}`, { problems });
  const e = r.data;
  const roles = new Set(e.WORKER_ROLES);
  let channels: readonly ChannelConfig[] = [];
  const needsChannels = roles.has('submit') || roles.has('poll') || roles.has('verify');
  const raw =
    e.WORKER_CHANNELS ?? (e.WORKER_CHANNELS_FILE === undefined ? undefined : safeRead(readFile, e.WORKER_CHANNELS_FILE, problems));
  if (raw !== undefined) {
    try {
      channels = parseChannels(JSON.parse(raw));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  } else if (needsChannels) {
    problems.push('WORKER_CHANNELS or WORKER_CHANNELS_FILE: required for the submit, poll and verify roles');
  }
  if (e.CLOCK === 'sim' && e.SIM_URL === undefined) problems.push('SIM_URL: required when CLOCK=sim');
  if (problems.length > 0)
    throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `invalid worker configuration: ${problems.join('; ')}`, { problems });
  const clock: WorkerConfig['clock'] =
    e.CLOCK === 'sim' && e.SIM_URL !== undefined ? { kind: 'sim', simUrl: e.SIM_URL } : { kind: 'system' };
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    roles,
    channels,
    queuePrefix: e.QUEUE_PREFIX,
    metricsPort: e.METRICS_PORT,
    logLevel: e.LOG_LEVEL,
    submit: {
      batchSize: e.SUBMIT_BATCH_SIZE,
      concurrency: e.SUBMIT_CONCURRENCY,
      timeoutMs: e.SUBMIT_TIMEOUT_MS,
      maxAttempts: e.MAX_ATTEMPTS,
    },
    poll: { batchSize: e.POLL_BATCH_SIZE, timeoutMs: e.QUERY_TIMEOUT_MS, notFoundSettleMs: e.NOT_FOUND_SETTLE_MS },
    notify: { batchSize: e.NOTIFY_BATCH_SIZE },
    idlePollMs: e.IDLE_POLL_MS,
    bank: {
      callConcurrency: e.BANK_CALL_CONCURRENCY,
      rateLimitWaitMs: e.RATE_LIMIT_WAIT_MS,
      breakerResetMs: e.BREAKER_RESET_MS,
      breakerVolumeThreshold: e.BREAKER_VOLUME_THRESHOLD,
    },
    clock,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    calendarRefreshMs: e.CALENDAR_REFRESH_MS,
    verify: { batchSize: e.VERIFY_BATCH_SIZE, idleMs: e.VERIFY_IDLE_MS },
    bankExchangeLog: e.BANK_EXCHANGE_LOG === 'on',
  });
}

function safeRead(readFile: (path: string) => string, path: string, problems: string[]): string | undefined {
  try {
    return readFile(path);
  } catch (error) {
    problems.push(`WORKER_CHANNELS_FILE: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
