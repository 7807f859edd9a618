import pino, { type Logger } from 'pino';

/** The logging the workers need — pino's API, so a pino logger or child passes as is. */
export interface WorkerLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
  child(bindings: Record<string, unknown>): WorkerLogger;
}

/**
 * Paths pino censors wherever they appear one or two levels deep: account numbers and
 * anything that looks like a credential. Code logs masked account numbers (maskAccount);
 * this is the net under that rule.
 */
export const REDACT_PATHS = [
  'accountNumber',
  '*.accountNumber',
  '*.*.accountNumber',
  'beneficiary.account',
  'debtorAccount',
  '*.debtorAccount',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
  'databaseUrl',
  'redisUrl',
];

/** JSON logs to stdout (or `destination`), redacted. */
export function createWorkerLogger(level: string, bindings: Record<string, unknown>, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { service: 'workers', pid: process.pid, ...bindings }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination === undefined ? pino(options) : pino(options, destination);
}

export const silentWorkerLogger: WorkerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentWorkerLogger,
};
