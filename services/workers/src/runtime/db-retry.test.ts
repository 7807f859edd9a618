import { describe, expect, it } from 'vitest';
import { retryWhileDbUnavailable } from './db-retry.ts';
import type { WorkerLogger } from '../logging/worker-logger.ts';

const quiet: WorkerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quiet,
};
const lost = (): Error => new Error('Connection terminated unexpectedly');

describe('retryWhileDbUnavailable', () => {
  it('runs the work again from the start until the database is back', async () => {
    let runs = 0;
    const result = await retryWhileDbUnavailable(
      () => {
        runs += 1;
        return runs < 3 ? Promise.reject(lost()) : Promise.resolve('applied');
      },
      { what: 'test', logger: quiet, firstDelayMs: 1, maxDelayMs: 2 },
    );
    expect(result).toBe('applied');
    expect(runs).toBe(3);
  });

  it('throws any other error at once', async () => {
    let runs = 0;
    const work = (): Promise<never> => {
      runs += 1;
      return Promise.reject(new TypeError('a bug'));
    };
    await expect(retryWhileDbUnavailable(work, { what: 'test', logger: quiet, firstDelayMs: 1 })).rejects.toThrow('a bug');
    expect(runs).toBe(1);
  });

  it('gives up once shutdown has run out of grace (the poll finds what was not applied)', async () => {
    const stop = new AbortController();
    let runs = 0;
    const work = (): Promise<never> => {
      runs += 1;
      if (runs === 2) stop.abort();
      return Promise.reject(lost());
    };
    await expect(retryWhileDbUnavailable(work, { what: 'test', logger: quiet, firstDelayMs: 1, stopSignal: stop.signal })).rejects.toThrow(
      'Connection terminated',
    );
    expect(runs).toBe(2);
  });
});
