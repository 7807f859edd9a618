// A stand-alone "worker process" for the multi-process acceptance tests: it builds the real
// resilience stack (Redis rate limiter + Redis breaker coordinator) around a CN adapter and
// submits or queries in a loop, reporting to its parent over IPC. Run with child_process.fork.
import { Redis } from 'ioredis';
import { money } from '@payout/domain';
import {
  createRedisBreakerCoordinator,
  createRedisRateLimiter,
  createResilientBank,
  type BankMetrics,
  type ResilientBank,
} from '@payout/bank';
import { CN_DEBTOR, cnAdapterFor, cnProfile } from './test-banks.ts';

export interface WorkerProcessArgs {
  readonly name: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly bankUrl: string;
  readonly mode: 'submit' | 'query';
  /** Pause between calls (0 = as fast as possible). */
  readonly intervalMs: number;
  /** Call loops running at once in this process (default 1). */
  readonly concurrency?: number;
  readonly breaker: { readonly errorThresholdPercentage: number; readonly volumeThreshold: number; readonly resetTimeoutMs: number };
  readonly maxRateLimitWaitMs: number;
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'breaker'; readonly operation: string; readonly to: string; readonly origin: string; readonly at: number }
  | {
      readonly type: 'call';
      readonly kind: string;
      readonly cause: string | undefined;
      readonly endToEndId: string;
      readonly startedAt: number;
      readonly endedAt: number;
    }
  | { readonly type: 'done'; readonly calls: number };

const send = (m: WorkerMessage): void => {
  process.send?.(m);
};

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessArgs;
  const redis = new Redis(args.redisUrl, { maxRetriesPerRequest: 2 });
  const coordinator = await createRedisBreakerCoordinator({ redis, prefix: args.prefix });
  const metrics: BankMetrics = {
    breakerTransition: (e) => send({ type: 'breaker', operation: e.operation, to: e.to, origin: e.origin, at: Date.now() }),
    callCompleted: () => undefined,
    callRefused: () => undefined,
  };
  const bank: ResilientBank = createResilientBank(
    cnAdapterFor(args.bankUrl, cnProfile()),
    { rateLimiter: createRedisRateLimiter({ redis, prefix: args.prefix }), coordinator, metrics },
    {
      breaker: { ...args.breaker, rollingWindowMs: 10_000 },
      timeoutsMs: { submit: 2_000, query: 2_000 },
      maxRateLimitWaitMs: args.maxRateLimitWaitMs,
    },
  );
  let running = false;
  let stop = false;
  let calls = 0;
  process.on('message', (m: unknown) => {
    if (m === 'go') running = true;
    if (m === 'stop') stop = true;
  });
  send({ type: 'ready' });
  while (!running && !stop) await new Promise((r) => setTimeout(r, 5));
  const loop = async (lane: number): Promise<void> => {
    while (!stop) {
      calls += 1;
      const endToEndId = `${args.name}-${lane}-${calls}`;
      const startedAt = Date.now();
      const out =
        args.mode === 'submit'
          ? await bank.submit(
              {
                endToEndId,
                payoutId: `p-${endToEndId}`,
                amount: money(100n, 'CNY'),
                debtorAccount: { scheme: 'cn_bank', accountNumber: CN_DEBTOR },
                beneficiary: { name: '收款人', account: { scheme: 'cn_bank', accountNumber: '6217000000000000001' } },
                requestedExecutionDate: '2026-01-05',
              },
              AbortSignal.timeout(5_000),
            )
          : await bank.query({ endToEndId }, AbortSignal.timeout(5_000));
      send({ type: 'call', kind: out.kind, cause: 'cause' in out ? out.cause : undefined, endToEndId, startedAt, endedAt: Date.now() });
      // Like a real worker: when told to wait, wait (briefly — we want to push as hard as allowed).
      const pause = out.kind === 'unavailable' ? Math.min(out.retryAfterMs, 25) : args.intervalMs;
      if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    }
  };
  await Promise.all(Array.from({ length: args.concurrency ?? 1 }, (_, lane) => loop(lane)));
  send({ type: 'done', calls });
  bank.close();
  await coordinator.close();
  await redis.quit();
  process.disconnect?.();
}

main().catch((error: unknown) => {
  process.stderr.write(`worker-process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
