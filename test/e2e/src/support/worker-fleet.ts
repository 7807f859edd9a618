import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkChild, type ManagedChild } from './child-process.ts';

/** The workers' real entry point (services/workers/src/main.ts). */
export const WORKERS_MAIN = fileURLToPath(new URL('../../../../services/workers/src/main.ts', import.meta.url));

export interface WorkerFleet {
  /** Processes started so far (restarts included). */
  readonly starts: number;
  readonly kills: number;
  /**
   * SIGKILL each process `everyMs` after it became ready and start a new one at once
   * (processes are staggered so they do not all die together). Stops with `stopChaos`.
   */
  startChaos(everyMs: number): void;
  stopChaos(): void;
  /** SIGTERM every process and wait for them to exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/** `n` worker processes (services/workers/src/main.ts) with the same environment. */
export async function startWorkerFleet(n: number, env: Record<string, string>, dir: string): Promise<WorkerFleet> {
  let starts = 0;
  let kills = 0;
  let chaos: { everyMs: number } | undefined;
  const slots: (ManagedChild | undefined)[] = new Array<ManagedChild | undefined>(n).fill(undefined);
  const timers = new Set<NodeJS.Timeout>();

  const launch = (slot: number): ManagedChild => {
    starts += 1;
    const child = forkChild(WORKERS_MAIN, { env, logFile: join(dir, `worker-${slot}.log`), isReady: (m) => m['event'] === 'ready' });
    slots[slot] = child;
    child.ready.then(
      () => scheduleKill(slot, child),
      () => {
        // Died before it was ready (e.g. a dependency restarting): keep the slot filled.
        if (chaos !== undefined && slots[slot] === child) setTimeout(() => launch(slot), 200).unref();
      },
    );
    return child;
  };
  const scheduleKill = (slot: number, child: ManagedChild, delay?: number): void => {
    if (chaos === undefined) return;
    const t = setTimeout(() => {
      timers.delete(t);
      if (chaos === undefined || slots[slot] !== child) return;
      kills += 1;
      child.kill('SIGKILL');
      launch(slot);
    }, delay ?? chaos.everyMs);
    timers.add(t);
  };

  for (let i = 0; i < n; i++) launch(i);
  await Promise.all(slots.map((c) => c?.ready ?? Promise.resolve(undefined)));
  const stopChaos = (): void => {
    chaos = undefined;
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
  return {
    get starts() {
      return starts;
    },
    get kills() {
      return kills;
    },
    startChaos(everyMs: number) {
      chaos = { everyMs };
      slots.forEach((c, i) => {
        if (c !== undefined) scheduleKill(i, c, Math.round((everyMs * (i + 1)) / n));
      });
    },
    stopChaos,
    async stop(graceMs = 10_000) {
      stopChaos();
      await Promise.all(
        slots.map(async (c) => {
          if (c === undefined) return;
          c.kill('SIGTERM');
          const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
          await c.exited;
          clearTimeout(t);
        }),
      );
    },
  };
}
