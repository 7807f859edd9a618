import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { HealthReport, WorkerHealth } from './worker-health.ts';

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface MetricsServerOptions {
  /** Default 0.0.0.0 (a pod's probes and Prometheus reach it from outside). */
  readonly host?: string;
  /** Probes behind /readyz and /healthz; without it both answer ok while the process serves. */
  readonly health?: WorkerHealth;
}

const ALWAYS_OK: WorkerHealth = {
  ready: () => Promise.resolve({ ok: true, checks: {} }),
  live: () => Promise.resolve({ ok: true, checks: {} }),
};

/**
 * `GET /metrics` (Prometheus text), `GET /readyz` (Postgres and Redis answer now) and
 * `GET /healthz` (liveness: dependencies answered within the grace window), 503 when not.
 */
export async function startMetricsServer(registry: Registry, port: number, opts: MetricsServerOptions = {}): Promise<MetricsServer> {
  const health = opts.health ?? ALWAYS_OK;
  const server: Server = createServer((req, res) => {
    if (req.url === '/metrics') {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`metrics failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
      return;
    }
    if (req.url === '/healthz' || req.url === '/readyz') {
      (req.url === '/healthz' ? health.live() : health.ready()).then(
        (report) => sendHealth(res, report),
        () => sendHealth(res, { ok: false, checks: {} }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sendHealth(res: ServerResponse, report: HealthReport): void {
  res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify(report));
}
