import { Counter, Histogram, type Registry } from 'prom-client';

/** What one answered request tells the metrics: the route template, never the raw URL (ids would explode the label set). */
export interface AnsweredRequest {
  readonly method: string;
  /** The matched route template (`/v1/payouts/:id`), or undefined when no route matched. */
  readonly route: string | undefined;
  readonly statusCode: number;
  readonly seconds: number;
  /** True when an intake answer repeats an earlier one (Idempotency-Key replay). */
  readonly replayed: boolean;
}

export const INTAKE_ROUTE = '/v1/payouts';

/**
 * Request rate and latency by route and status, and intake outcomes, registered on `registry`.
 *
 * @example
 *   const observe = registerHttpMetrics(registry);
 *   app.addHook('onResponse', async (req, reply) => observe({ method: req.method, route: req.routeOptions.url, statusCode: reply.statusCode, seconds: reply.elapsedTime / 1000, replayed: false }));
 */
export function registerHttpMetrics(registry: Registry): (r: AnsweredRequest) => void {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request received to response sent, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const intake = new Counter({
    name: 'payout_intake_requests_total',
    help: 'POST /v1/payouts answers: created, replayed (same Idempotency-Key), refused (4xx), failed (5xx)',
    labelNames: ['result'],
    registers: [registry],
  });
  for (const result of ['created', 'replayed', 'refused', 'failed']) intake.inc({ result }, 0);
  return (r) => {
    const labels = { method: r.method, route: r.route ?? 'unmatched', status_code: String(r.statusCode) };
    requests.inc(labels);
    duration.observe(labels, r.seconds);
    if (r.route === INTAKE_ROUTE && r.method === 'POST') intake.inc({ result: intakeResult(r) });
  };
}

function intakeResult(r: AnsweredRequest): string {
  if (r.statusCode >= 500) return 'failed';
  if (r.statusCode >= 400) return 'refused';
  return r.replayed ? 'replayed' : 'created';
}
