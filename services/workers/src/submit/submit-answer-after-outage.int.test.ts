import { BankSimClient, startBankSim, type RunningBankSim } from '@payout/bank-sim';
import { startPostgresServer, waitFor, type ServerHandle } from '@payout/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import { channelsFor, cnBusinessDayAt, cnySimBank, lifecycleDeps, seedPayouts, simClockOf } from '@payout/test-kit';
import { runSubmitBatch } from './submit-batch.ts';

const N = 20;

/** Keeps every warning, so the test can see the batch holding answers it could not yet write. */
function recordingLogger(warnings: string[]): WorkerLogger {
  const logger: WorkerLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_obj, msg) => warnings.push(msg),
    error: (_obj, msg) => warnings.push(msg),
    child: () => logger,
  };
  return logger;
}

// Issue 24: the attempts are committed before the bank call; when Postgres dies while the call
// is in flight, the bank's answers are kept and written once it is back — by the same batch,
// without a status query and without sending anything again.
describe('submit answers that arrive while Postgres is down', () => {
  let pg: ServerHandle | undefined;
  let sim: RunningBankSim | undefined;
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await close?.();
    await sim?.close();
    await pg?.dispose();
  });

  it('are applied when the database is back, each payout sent once', async () => {
    pg = await startPostgresServer();
    const start = cnBusinessDayAt('2026-11-17', '10:00');
    // Every answer takes 2.5 s: long enough to kill Postgres while the calls are in flight.
    const bank = cnySimBank({
      id: 'cn-slow',
      dialect: 'cn-json',
      account: '6222000000000000601',
      behaviour: { latencyMs: { min: 2_500, max: 2_500 } },
    });
    sim = await startBankSim({ seed: 'answer-after-outage', clock: { start: start.toISOString(), speed: 1 }, banks: [bank] });
    const warnings: string[] = [];
    const h = await lifecycleDeps({
      databaseUrl: pg.url,
      channels: channelsFor(sim.url, [bank]),
      clock: simClockOf(sim),
      settings: { submitTimeoutMs: 20_000 },
    });
    close = h.close;
    const ids = await seedPayouts(h.db, N, { dueAt: start, keyPrefix: 'outage' });

    const batch = runSubmitBatch({ ...h.deps, logger: recordingLogger(warnings), stopSignal: new AbortController().signal });
    await waitFor(
      async () => (await h.db.selectFrom('payout_attempts').select('id').where('state', '=', 'sending').execute()).length === N,
      {
        timeoutMs: 10_000,
        message: 'the attempts committed in sending',
      },
    );
    await pg.kill();
    await waitFor(() => warnings.includes('database unavailable; keeping the work and retrying'), {
      timeoutMs: 20_000,
      message: 'the answers held while Postgres is down',
    });
    await pg.start();
    const result = await batch;

    expect(result).toEqual({ claimed: N, sent: N });
    const attempts = await h.db.selectFrom('payout_attempts').select(['payout_id', 'state']).execute();
    expect(attempts).toHaveLength(N);
    expect(attempts.filter((a) => a.state === 'sending')).toEqual([]);
    const executions = (await new BankSimClient(sim.url).executions()).filter((e) => e.payoutId !== null && ids.includes(e.payoutId));
    expect(executions).toHaveLength(N);
    expect(new Set(executions.map((e) => e.payoutId)).size).toBe(N);
  }, 90_000);
});
