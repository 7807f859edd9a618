import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../logging/logger.ts';

export interface CapturedLogs {
  readonly logger: Logger;
  /** Every line written so far. */
  text(): string;
  /** Names of the secrets found in the logs (empty = clean). */
  leaks(secrets: Readonly<Record<string, string>>): string[];
}

/** A real pino logger (same redaction as production) writing into memory. */
export function captureLogs(level: 'trace' | 'debug' | 'info' = 'debug'): CapturedLogs {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level, name: 'test', destination: sink });
  return {
    logger,
    text: () => chunks.join(''),
    leaks: (secrets) => {
      const all = chunks.join('');
      return Object.entries(secrets)
        .filter(([, s]) => s.length > 0 && all.includes(s))
        .map(([name]) => name);
    },
  };
}
