import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { OpsGauges } from '@payout/db';
import { registerOpsGauges } from './ops-gauges.ts';

const reading = (awaiting: number): OpsGauges => ({
  unknownAttempts: [{ channelId: 'cn', age: '15m_1h', count: 3 }],
  oldestUnknownAttemptSeconds: 1_200,
  awaitingVerification: { count: awaiting, overdue: 0, oldestOverdueSeconds: 0 },
  dueWork: [{ action: 'poll', due: 4, lagSeconds: 9 }],
  outbox: { undelivered: 2, oldestSeconds: 5 },
});

async function value(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric as { values?: { labels: Record<string, string | number>; value: number }[] } | undefined)?.values ?? [];
  return values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value;
}

describe('ops gauges', () => {
  it('reads Postgres once per cache window however many series a scrape has, and keeps the last values when a read fails', async () => {
    let reads = 0;
    let fail = false;
    let t = 0;
    const errors: string[] = [];
    const registry = new Registry();
    registerOpsGauges(registry, {
      readOps: () => {
        reads += 1;
        return fail ? Promise.reject(new Error('db down')) : Promise.resolve(reading(reads));
      },
      readDrift: () => Promise.resolve([{ fundingAccountId: 'cn-main', currency: 'CNY', driftMinor: -500n }]),
      cacheMs: 1_000,
      nowMs: () => t,
      onError: (source) => errors.push(source),
    });
    await registry.metrics();
    expect(reads).toBe(1);
    expect(await value(registry, 'payout_unknown_attempts', { channel: 'cn', age: '15m_1h' })).toBe(3);
    expect(await value(registry, 'payout_unknown_attempts', { channel: 'cn', age: 'gt_24h' })).toBe(0);
    expect(await value(registry, 'payout_due_work_lag_seconds', { action: 'poll' })).toBe(9);
    expect(await value(registry, 'payout_ledger_drift_minor', { funding_account: 'cn-main' })).toBe(-500);
    expect(await value(registry, 'payout_ledger_drift_accounts')).toBe(1);
    expect(reads).toBe(1);

    t = 1_000;
    fail = true;
    expect(await value(registry, 'payout_ops_gauges_up', { source: 'ops' })).toBe(0);
    expect(await value(registry, 'payout_awaiting_verification')).toBe(1);
    expect(await value(registry, 'payout_ops_gauges_up', { source: 'ledger_drift' })).toBe(1);
    expect(errors).toEqual(['ops']);

    t = 2_000;
    fail = false;
    expect(await value(registry, 'payout_awaiting_verification')).toBe(3);
    expect(await value(registry, 'payout_ops_gauges_up', { source: 'ops' })).toBe(1);
  });
});
