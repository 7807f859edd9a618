import type { Clock } from './clock.port.ts';

export interface FollowedClock extends Clock {
  /** Stop re-synchronising. */
  stop(): void;
}

interface Reading {
  readonly simMs: number;
  readonly realMs: number;
  readonly speed: number;
}

/**
 * A clock that follows the bank simulator's simulated clock (`GET {simUrl}/admin/clock` →
 * `{ now, speed }`): it reads once, extrapolates locally, and re-reads every `resyncMs` so
 * an admin jump or speed change reaches every worker process within about that long. Time
 * never runs backwards locally.
 *
 * @example const clock = await followSimClock('http://127.0.0.1:4100'); clock.now();
 */
export async function followSimClock(simUrl: string, options: { resyncMs?: number; fetch?: typeof fetch } = {}): Promise<FollowedClock> {
  const fetchImpl = options.fetch ?? fetch;
  const url = `${simUrl.replace(/\/+$/, '')}/admin/clock`;
  const read = async (): Promise<Reading> => {
    const t0 = Date.now();
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
    const body = (await res.json()) as { now?: unknown; speed?: unknown };
    const t1 = Date.now();
    const simMs = typeof body.now === 'string' ? new Date(body.now).getTime() : Number.NaN;
    const speed = typeof body.speed === 'number' ? body.speed : Number.NaN;
    if (!Number.isFinite(simMs) || !(speed >= 0)) throw new Error(`GET ${url} gave an unreadable clock`);
    return { simMs, realMs: (t0 + t1) / 2, speed };
  };
  let reading = await read();
  let last = 0;
  const resync = (): void => {
    read().then(
      (r) => {
        reading = r;
      },
      () => undefined, // keep extrapolating; the next resync tries again
    );
  };
  const timer = setInterval(resync, options.resyncMs ?? 1_000);
  timer.unref();
  return {
    now: () => {
      const t = Math.floor(reading.simMs + (Date.now() - reading.realMs) * reading.speed);
      last = Math.max(last, t);
      return new Date(last);
    },
    get speed() {
      return reading.speed > 0 ? reading.speed : 1;
    },
    realMs(ms: number) {
      return Math.max(0, ms / (reading.speed > 0 ? reading.speed : 1));
    },
    stop: () => clearInterval(timer),
  };
}
