import { pingDatabase, type Db } from '@payout/db';

/** One dependency the process needs: answers true when it is reachable now. Never throws. */
export interface HealthProbe {
  readonly name: string;
  check(timeoutMs: number): Promise<boolean>;
}

export interface HealthReport {
  readonly ok: boolean;
  readonly checks: Readonly<Record<string, boolean>>;
}

export interface WorkerHealth {
  /** Readiness: every dependency answers now (Postgres and Redis). */
  ready(): Promise<HealthReport>;
  /**
   * Liveness: the dependencies answered at least once within the grace window. A short database
   * or Redis outage makes the pod unready, not restarted; an outage the process does not recover
   * from (a wedged pool, a connection stuck half-open) ends in a restart after the window.
   */
  live(): Promise<HealthReport>;
}

export interface WorkerHealthOptions {
  readonly probes: readonly HealthProbe[];
  /** Real ms one probe may take (default 1 s). */
  readonly timeoutMs?: number;
  /** Real ms without a fully healthy check before liveness fails (default 5 minutes). */
  readonly livenessGraceMs?: number;
  /** Real time in ms (performance.now by default); injected by tests. */
  readonly nowMs?: () => number;
}

/**
 * Health of a workers process for its probes (GET /readyz, GET /healthz on the metrics port).
 *
 * @example
 *   const health = createWorkerHealth({ probes: [databaseProbe(db), redisProbe(redis)] });
 *   await startMetricsServer(registry, 9464, { health });
 */
export function createWorkerHealth(opts: WorkerHealthOptions): WorkerHealth {
  const timeoutMs = opts.timeoutMs ?? 1_000;
  const graceMs = opts.livenessGraceMs ?? 5 * 60_000;
  const nowMs = opts.nowMs ?? (() => performance.now());
  let lastHealthyAt = nowMs();
  const ready = async (): Promise<HealthReport> => {
    const results = await Promise.all(opts.probes.map(async (p) => [p.name, await p.check(timeoutMs).catch(() => false)] as const));
    const ok = results.every(([, up]) => up);
    if (ok) lastHealthyAt = nowMs();
    return { ok, checks: Object.fromEntries(results) };
  };
  return {
    ready,
    live: async () => {
      const report = await ready();
      return { ok: report.ok || nowMs() - lastHealthyAt < graceMs, checks: report.checks };
    },
  };
}

/** Postgres answers `select 1` (the pool can hand out a connection). */
export function databaseProbe(db: Db): HealthProbe {
  return { name: 'postgres', check: (timeoutMs) => pingDatabase(db, timeoutMs) };
}

/** Redis answers PING (BullMQ hints, the shared rate limiter and breaker coordination live there). */
export function redisProbe(redis: { ping(): Promise<unknown> }): HealthProbe {
  return {
    name: 'redis',
    check: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([
          redis.ping().then(
            () => true,
            () => false,
          ),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
