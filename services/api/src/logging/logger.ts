import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { safeError } from '../app/problem.ts';

/**
 * Paths pino replaces with "[redacted]": credentials in request headers, and any
 * account-number or key field near the top of a log object. Code never logs bodies; this
 * is the second line of defence.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'authorization',
  'apiKey',
  '*.apiKey',
  'key',
  '*.key',
  'password',
  '*.password',
  'databaseUrl',
  'redisUrl',
  'accountNumber',
  '*.accountNumber',
  '*.*.accountNumber',
  '*.*.*.accountNumber',
];

export interface LoggerOptions {
  readonly level?: LevelWithSilent;
  readonly name?: string;
  /** Where lines go (default stdout); tests pass a buffer. */
  readonly destination?: DestinationStream;
}

/** JSON logs with redaction and an error serializer that drops driver details (row data). */
export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      ...(opts.name === undefined ? {} : { name: opts.name }),
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      serializers: { err: safeError, error: safeError },
    },
    opts.destination,
  );
}
