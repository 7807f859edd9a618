/**
 * Simulated time: starts at a configured instant and runs `speed` times faster than the
 * real clock (0 = frozen). Admin calls set or advance it; it never runs backwards, because
 * executed transfers and statements already issued cannot be undone.
 */
export interface SimClock {
  /** Simulated epoch milliseconds. */
  nowMs(): number;
  now(): Date;
  readonly speed: number;
  setSpeed(speed: number): void;
  /** Jump to an instant at or after now. */
  set(at: Date): void;
  advance(ms: number): void;
  /** Real milliseconds that `simMs` of simulated time take at the current speed (Infinity when frozen). */
  realMsFor(simMs: number): number;
}

export function createSimClock(start: Date, speed: number, realNow: () => number = () => Date.now()): SimClock {
  let anchorSim = start.getTime();
  let anchorReal = realNow();
  let currentSpeed = speed;
  const nowMs = (): number => anchorSim + (realNow() - anchorReal) * currentSpeed;
  const rebase = (sim: number): void => {
    anchorSim = sim;
    anchorReal = realNow();
  };
  return {
    nowMs,
    now: () => new Date(Math.floor(nowMs())),
    get speed() {
      return currentSpeed;
    },
    setSpeed(s: number) {
      if (!(s >= 0) || !Number.isFinite(s)) throw new RangeError(`speed must be a finite number >= 0, got ${s}`);
      rebase(nowMs());
      currentSpeed = s;
    },
    set(at: Date) {
      const target = at.getTime();
      const current = nowMs();
      if (!Number.isFinite(target)) throw new RangeError('invalid instant');
      if (target < current)
        throw new RangeError(`the simulated clock cannot go back (${new Date(current).toISOString()} → ${at.toISOString()})`);
      rebase(target);
    },
    advance(ms: number) {
      if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`advance needs a finite number of ms >= 0, got ${ms}`);
      rebase(nowMs() + ms);
    },
    realMsFor(simMs: number) {
      if (simMs <= 0) return 0;
      return currentSpeed === 0 ? Number.POSITIVE_INFINITY : simMs / currentSpeed;
    },
  };
}
