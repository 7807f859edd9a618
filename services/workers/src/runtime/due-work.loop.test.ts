import { waitFor } from '@payout/test-harness';
import { describe, expect, it } from 'vitest';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import { DueWorkLoop } from './due-work.loop.ts';

function recording(lines: string[]): WorkerLogger {
  const logger: WorkerLogger = {
    debug: () => undefined,
    info: (_o, msg) => lines.push(`info ${msg}`),
    warn: (_o, msg) => lines.push(`warn ${msg}`),
    error: (_o, msg) => lines.push(`error ${msg}`),
    child: () => logger,
  };
  return logger;
}

describe('DueWorkLoop while the database is unavailable', () => {
  it('pauses briefly (not the long error backoff), warns once, and resumes by itself', async () => {
    const lines: string[] = [];
    let ticks = 0;
    const loop = new DueWorkLoop({
      name: 'submit-0',
      tick: () => {
        ticks += 1;
        if (ticks <= 3) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
        return Promise.resolve(0);
      },
      fullBatch: 100,
      idleMs: 60_000,
      logger: recording(lines),
      // A bug would wait a minute: the outage must not.
      errorBackoffMs: 60_000,
    });
    loop.start();
    // 250 + 500 + 1,000 ms of pauses; the error backoff alone would be 60 s.
    await waitFor(() => ticks >= 4, { timeoutMs: 5_000, message: 'the loop looked again after the outage' });
    await loop.stop();
    expect(lines).toEqual(['warn submit-0: database unavailable; pausing', 'info submit-0: database reachable again; resuming']);
  });
});
