import { collectDefaultMetrics, Registry } from 'prom-client';
import { readOpsGauges, type Db } from '@payout/db';
import { registerHttpMetrics, type AnsweredRequest } from './http-metrics.ts';
import { readLedgerDrift } from './ledger-drift.reader.ts';
import { registerOpsGauges } from './ops-gauges.ts';

export interface ApiMetrics {
  readonly registry: Registry;
  /** Count one answered request (called from the app's onResponse hook). */
  observe(r: AnsweredRequest): void;
}

export interface ApiMetricsOptions {
  readonly db: Db;
  /** Real ms a Postgres reading of the ops gauges is reused (default 5 s). */
  readonly opsGaugeCacheMs?: number;
  readonly onGaugeError?: (source: 'ops' | 'ledger_drift', error: unknown) => void;
}

/**
 * The API's Prometheus registry (served at GET /metrics): process metrics, request rate and
 * latency per route and status, intake outcomes, and the system's state read from Postgres.
 *
 * @example
 *   const metrics = createApiMetrics({ db });
 *   const app = buildApp({ db, hints, logger, metrics });
 */
export function createApiMetrics(opts: ApiMetricsOptions): ApiMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'api' });
  collectDefaultMetrics({ register: registry });
  const observe = registerHttpMetrics(registry);
  registerOpsGauges(registry, {
    readOps: () => readOpsGauges(opts.db),
    readDrift: () => readLedgerDrift(opts.db),
    ...(opts.opsGaugeCacheMs === undefined ? {} : { cacheMs: opts.opsGaugeCacheMs }),
    ...(opts.onGaugeError === undefined ? {} : { onError: opts.onGaugeError }),
  });
  return { registry, observe };
}
