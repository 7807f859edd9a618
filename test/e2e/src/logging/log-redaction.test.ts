import { Writable } from 'node:stream';
import { createLogger } from '@payout/api';
import { createBankSimLogger } from '@payout/bank-sim';
import { LOG_REDACT_CENSOR, LOG_REDACT_PATHS } from '@payout/domain';
import { createWorkerLogger } from '@payout/workers';
import { describe, expect, it } from 'vitest';

/** What the test needs of a pino logger. */
interface Logger {
  info(obj: object, msg: string): void;
}

/** `req.headers["x-api-key"]` → ['req', 'headers', 'x-api-key']; a `*` stands for any key. */
function segments(path: string): string[] {
  return [...path.matchAll(/([^.[\]"]+)|\["([^"]+)"\]/g)].map((m) => m[2] ?? m[1] ?? '');
}

/** An object with `secret` at `path` (each `*` as an arbitrary key), and the keys to read it back. */
function probe(path: string, secret: string): { readonly object: Record<string, unknown>; readonly keys: readonly string[] } {
  const keys = segments(path).map((s) => (s === '*' ? 'anything' : s));
  const object = keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), secret) as Record<string, unknown>;
  return { object, keys };
}

function capture(make: (sink: Writable) => Logger): { readonly logger: Logger; lines(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    logger: make(sink),
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const LOGGERS: ReadonlyArray<readonly [string, (sink: Writable) => Logger]> = [
  ['api', (sink) => createLogger({ level: 'info', name: 'test', destination: sink })],
  ['workers', (sink) => createWorkerLogger('info', { test: true }, sink)],
  ['bank-sim', (sink) => createBankSimLogger('info', sink)],
];

describe('log redaction: one list, every logger', () => {
  it('the list has every path the api and workers censored before they shared it', () => {
    for (const p of [
      'req.headers.authorization',
      'req.headers["x-api-key"]',
      'req.headers.cookie',
      'key',
      '*.*.*.accountNumber',
      'beneficiary.account',
      '*.debtorAccount',
      '*.headers.authorization',
    ]) {
      expect(LOG_REDACT_PATHS).toContain(p);
    }
  });

  it.each(LOGGERS)('%s censors every path of LOG_REDACT_PATHS', (_name, make) => {
    const { logger, lines } = capture(make);
    const probes = LOG_REDACT_PATHS.map((path, i) => ({ path, secret: `SECRET-${i}-7f3a`, ...probe(path, `SECRET-${i}-7f3a`) }));
    for (const p of probes) logger.info(p.object, `probe ${p.path}`);
    const logged = lines();
    expect(logged).toHaveLength(probes.length);
    probes.forEach((p, i) => {
      const line = logged[i]!;
      expect(JSON.stringify(line), p.path).not.toContain(p.secret);
      const value = p.keys.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], line);
      expect(value, p.path).toBe(LOG_REDACT_CENSOR);
    });
  });
});
