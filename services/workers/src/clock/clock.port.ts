/**
 * The one source of "now" for the workers. Production uses the system clock; tests use a
 * fixed clock; the demo and the chaos suites follow the bank simulator's fast clock, so a
 * day's business hours and the next day's statement time come round within seconds.
 *
 * `speed` is clock milliseconds per real millisecond: timers, leases and HTTP deadlines run
 * in real time and are converted with it.
 *
 * @example
 *   const clock = fixedClock(new Date('2026-11-20T09:10:00Z'));
 *   verificationDue(profile, clock.now());
 */
export interface Clock {
  now(): Date;
  readonly speed: number;
  /** Real ms that `ms` of this clock's time take (same as `realMsFor(clock, ms)`). */
  realMs(ms: number): number;
}

export const systemClock: Clock = { now: () => new Date(), speed: 1, realMs: (ms) => Math.max(0, ms) };

/** Real ms that `clockMs` of clock time take. */
export function realMsFor(clock: Clock, clockMs: number): number {
  return Math.max(0, clockMs / clock.speed);
}

/** Clock ms that pass during `realMs` of real time. */
export function clockMsFor(clock: Clock, realMs: number): number {
  return Math.max(0, realMs * clock.speed);
}

export interface FixedClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

/** A clock that only moves when told to. */
export function fixedClock(at: Date): FixedClock {
  let t = at.getTime();
  return {
    now: () => new Date(t),
    speed: 1,
    realMs: (ms) => Math.max(0, ms),
    set: (d) => {
      t = d.getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface ScaledClockOptions {
  /** The clock's time at `realStartMs`. */
  readonly epoch: Date;
  /** Real epoch milliseconds at which the clock read `epoch`. */
  readonly realStartMs: number;
  /** Clock milliseconds per real millisecond (1 = real time, 60 = a minute per second). */
  readonly speed: number;
  /** Real time source (default Date.now). */
  readonly realNow?: () => number;
}

/** `epoch + (real − realStart) × speed`: processes given the same options read the same time. */
export function scaledClock(options: ScaledClockOptions): Clock {
  if (!(options.speed > 0) || !Number.isFinite(options.speed))
    throw new RangeError(`clock speed must be a positive number, got ${options.speed}`);
  const realNow = options.realNow ?? Date.now;
  const epoch = options.epoch.getTime();
  return {
    now: () => new Date(Math.floor(epoch + (realNow() - options.realStartMs) * options.speed)),
    speed: options.speed,
    realMs: (ms) => Math.max(0, ms / options.speed),
  };
}
