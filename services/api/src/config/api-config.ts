import { z } from 'zod';
import { PayoutError } from '@payout/domain';

const int = (min: number, max: number, dflt: number) => z.coerce.number().int().min(min).max(max).default(dflt);
const bool = (dflt: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(dflt ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65_535, 3_000),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9{}_.-]{1,64}$/)
    .default('payout'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Run pending migrations before listening (single-instance setups; otherwise run `./dev payout migrate`). */
  MIGRATE_ON_START: bool(false),
  DB_POOL_SIZE: int(1, 200, 10),
  /** Real ms a request waits for a database connection (a stalled or black-holed server) before answering 503. */
  DB_CONNECT_TIMEOUT_MS: int(100, 120_000, 5_000),
  BODY_LIMIT_BYTES: int(1_024, 10 * 1024 * 1024, 64 * 1024),
  /** Real ms a request (headers and body) may take to arrive before it is answered 408. */
  REQUEST_TIMEOUT_MS: int(1_000, 600_000, 30_000),
  AUTH_CACHE_TTL_MS: int(0, 300_000, 5_000),
  /** How often the API reloads the approved imported calendar years (real ms). */
  CALENDAR_REFRESH_MS: int(100, 600_000, 60_000),
  INTAKE_BATCH_SIZE: int(1, 1_000, 200),
  INTAKE_BATCH_CONCURRENCY: int(1, 64, 4),
  SHUTDOWN_GRACE_MS: int(0, 120_000, 10_000),
});

export interface ApiConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly host: string;
  readonly port: number;
  readonly queuePrefix: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly migrateOnStart: boolean;
  readonly dbPoolSize: number;
  readonly dbConnectTimeoutMs: number;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  readonly authCacheTtlMs: number;
  readonly calendarRefreshMs: number;
  readonly intakeBatch: { readonly maxBatchSize: number; readonly maxConcurrent: number };
  readonly shutdownGraceMs: number;
}

/**
 * Parses the API's environment once, at start-up. Every invalid key is reported at once;
 * values are never echoed (URLs carry passwords).
 * @throws PayoutError PAYOUT_E_CONFIG_INVALID
 */
export function parseApiConfig(env: Readonly<Record<string, string | undefined>>): ApiConfig {
  const r = schema.safeParse(env);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `invalid API configuration — ${problems.join('; ')}`, {
      keys: r.error.issues.map((i) => i.path.join('.')),
    });
  }
  const e = r.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    host: e.HOST,
    port: e.PORT,
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
    migrateOnStart: e.MIGRATE_ON_START,
    dbPoolSize: e.DB_POOL_SIZE,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    authCacheTtlMs: e.AUTH_CACHE_TTL_MS,
    calendarRefreshMs: e.CALENDAR_REFRESH_MS,
    intakeBatch: Object.freeze({ maxBatchSize: e.INTAKE_BATCH_SIZE, maxConcurrent: e.INTAKE_BATCH_CONCURRENCY }),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  });
}
