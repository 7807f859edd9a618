import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { startMetricsServer } from './metrics-server.ts';
import { createWorkerHealth, redisProbe, type HealthProbe } from './worker-health.ts';

const probe = (name: string, up: () => boolean): HealthProbe => ({ name, check: () => Promise.resolve(up()) });

describe('workers health', () => {
  it('is unready while a dependency is down, and dead only once it has been down for the grace window', async () => {
    let pgUp = true;
    let t = 0;
    const health = createWorkerHealth({
      probes: [probe('postgres', () => pgUp), probe('redis', () => true)],
      livenessGraceMs: 60_000,
      nowMs: () => t,
    });
    expect(await health.ready()).toEqual({ ok: true, checks: { postgres: true, redis: true } });
    pgUp = false;
    t = 30_000;
    expect(await health.ready()).toEqual({ ok: false, checks: { postgres: false, redis: true } });
    expect((await health.live()).ok).toBe(true);
    t = 60_000;
    expect((await health.live()).ok).toBe(false);
    pgUp = true;
    expect((await health.live()).ok).toBe(true);
  });

  it('counts a Redis that does not answer within the timeout as down', async () => {
    const hung = redisProbe({ ping: () => new Promise(() => undefined) });
    expect(await hung.check(20)).toBe(false);
    expect(await redisProbe({ ping: () => Promise.reject(new Error('ECONNREFUSED')) }).check(1_000)).toBe(false);
    expect(await redisProbe({ ping: () => Promise.resolve('PONG') }).check(1_000)).toBe(true);
  });

  it('serves /readyz and /healthz from the probes, 503 when not ok', async () => {
    let up = false;
    const health = createWorkerHealth({ probes: [probe('redis', () => up)], livenessGraceMs: 0 });
    const server = await startMetricsServer(new Registry(), 0, { host: '127.0.0.1', health });
    try {
      const get = (path: string) => fetch(`http://127.0.0.1:${server.port}${path}`);
      const ready = await get('/readyz');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ok: false, checks: { redis: false } });
      expect((await get('/healthz')).status).toBe(503);
      up = true;
      expect((await get('/readyz')).status).toBe(200);
      expect((await get('/healthz')).status).toBe(200);
      expect((await get('/metrics')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
