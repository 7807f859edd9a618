import { LOG_REDACT_CENSOR, LOG_REDACT_PATHS } from '@payout/domain';
import pino, { type Logger } from 'pino';

/** The logging the workers need — pino's API, so a pino logger or child passes as is. */
export interface WorkerLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
  child(bindings: Record<string, unknown>): WorkerLogger;
}

/** JSON logs to stdout (or `destination`), redacted by the shared LOG_REDACT_PATHS. */
export function createWorkerLogger(level: string, bindings: Record<string, unknown>, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'workers', pid: process.pid, ...bindings },
    redact: { paths: [...LOG_REDACT_PATHS], censor: LOG_REDACT_CENSOR },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

export const silentWorkerLogger: WorkerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentWorkerLogger,
};
