import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { LOG_REDACT_CENSOR, LOG_REDACT_PATHS } from '@payout/domain';
import { safeError } from '../app/problem.ts';

export interface LoggerOptions {
  readonly level?: LevelWithSilent;
  readonly name?: string;
  /** Where lines go (default stdout); tests pass a buffer. */
  readonly destination?: DestinationStream;
}

/** JSON logs with the shared redaction (LOG_REDACT_PATHS) and an error serializer that drops driver details (row data). */
export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      ...(opts.name === undefined ? {} : { name: opts.name }),
      redact: { paths: [...LOG_REDACT_PATHS], censor: LOG_REDACT_CENSOR },
      serializers: { err: safeError, error: safeError },
    },
    opts.destination,
  );
}
