import { createPayoutClient, redisOptionsFromUrl, type PayoutRequestInput } from '@payout/queue';
import { CLOSED_ACCOUNTS, HIDDEN_LIMIT_MINOR } from './demo-banks.ts';

export interface LoadResult {
  /** Idempotency keys whose hand-over was acknowledged (queue: Redis ack; HTTP: 201). */
  readonly acknowledged: readonly string[];
  readonly viaQueue: number;
  readonly viaHttp: number;
  readonly refused: readonly string[];
}

/**
 * The i-th demo payout: mostly 100–10,000 CNY, every tenth above the hidden limit of
 * `cn-limit`, one in 97 to an account the banks refuse as closed.
 */
export function demoPayout(i: number): PayoutRequestInput {
  const big = i % 10 === 0;
  const minor = big ? HIDDEN_LIMIT_MINOR + 1_000_000n + BigInt((i * 7_919) % 2_000_000) : 10_000n + BigInt((i * 104_729) % 990_000);
  const closed = i % 97 === 3 ? CLOSED_ACCOUNTS[i % CLOSED_ACCOUNTS.length] : undefined;
  return {
    amount: `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`,
    currency: 'CNY',
    beneficiary: { name: `收款人 ${i}`, scheme: 'cn_bank', accountNumber: closed ?? `62220202${String(10_000_000_000 + i)}` },
    remittanceInfo: `demo payout ${i}`,
  };
}

async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        await fn(items[i] as T);
      }
    }),
  );
}

/**
 * Hand `n` payouts over the two ways upstream services do: the first half through the typed
 * queue client (BullMQ intake job), the second through `POST /v1/payouts` with an
 * Idempotency-Key. Transient failures are retried with the SAME key, as upstream must.
 */
export async function sendDemoLoad(opts: {
  readonly n: number;
  readonly clientId: string;
  readonly apiKey: string;
  readonly apiUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly runId: string;
}): Promise<LoadResult> {
  const acknowledged: string[] = [];
  const refused: string[] = [];
  const half = Math.floor(opts.n / 2);
  const key = (i: number): string => `demo-${opts.runId}-${i}`;
  const client = createPayoutClient({ connection: redisOptionsFromUrl(opts.redisUrl), prefix: opts.prefix });
  const queueSide = pool(
    Array.from({ length: half }, (_, i) => i),
    32,
    async (i) => {
      await client.enqueuePayout({ clientId: opts.clientId, idempotencyKey: key(i), payout: demoPayout(i) });
      acknowledged.push(key(i));
    },
  );
  const httpSide = pool(
    Array.from({ length: opts.n - half }, (_, j) => half + j),
    16,
    async (i) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch(`${opts.apiUrl}/v1/payouts`, {
            method: 'POST',
            headers: { authorization: `Bearer ${opts.apiKey}`, 'idempotency-key': key(i), 'content-type': 'application/json' },
            body: JSON.stringify(demoPayout(i)),
            signal: AbortSignal.timeout(10_000),
          });
          await res.text();
          if (res.status === 201) {
            acknowledged.push(key(i));
            return;
          }
          if (res.status < 500 && res.status !== 409) {
            refused.push(`${key(i)}: HTTP ${res.status}`);
            return;
          }
        } catch {
          // network error or timeout: retry with the same key
        }
        if (attempt >= 5) {
          refused.push(`${key(i)}: no answer after ${attempt} tries`);
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    },
  );
  try {
    await Promise.all([queueSide, httpSide]);
  } finally {
    await client.close();
  }
  return { acknowledged, viaQueue: half, viaHttp: opts.n - half, refused };
}
