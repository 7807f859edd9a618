import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createWorkerLogger } from '../../logging/worker-logger.ts';

/** The production worker logger (same redaction) writing into memory, for leak checks. */
export function captureWorkerLogs(): { logger: Logger; text(): string; leaks(secrets: Readonly<Record<string, string>>): string[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createWorkerLogger('debug', { test: true }, sink);
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
