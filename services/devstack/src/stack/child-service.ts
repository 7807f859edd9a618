import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface ChildService {
  readonly name: string;
  /** The pid of the current process (a supervised service gets a new one on each restart). */
  readonly pid: number;
  /** The child's ready message (its first IPC message that passes `isReady`). */
  readonly ready: Promise<Record<string, unknown>>;
  /** How many times the supervisor started it again after an exit nobody asked for. */
  readonly restarts: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. No restart follows. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Restart on exit, as a process manager in production would (systemd, Kubernetes): the delay
 * starts at `firstDelayMs`, doubles on each quick death up to `maxDelayMs`, and starts over
 * once a process has run for `stableMs`.
 */
export interface SuperviseOptions {
  /** Each exit and restart, one line for the screen. */
  readonly report: (line: string) => void;
  /** Environment for restarts, from the first ready message (e.g. keep the port it bound). */
  readonly restartEnv?: (firstReady: Record<string, unknown>) => Record<string, string>;
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly stableMs?: number;
}

const running = new Set<ChildProcess>();
// Whatever happens to this process, its children go with it.
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** Run a service's TypeScript entry point as a child process of this Node, logging to a file; optionally supervised. */
export function startChildService(
  name: string,
  entry: string,
  opts: {
    readonly env: Record<string, string>;
    readonly logFile: string;
    readonly isReady: (m: Record<string, unknown>) => boolean;
    readonly supervise?: SuperviseOptions | undefined;
  },
): ChildService {
  const sup = opts.supervise;
  let env = opts.env;
  let stopping = false;
  let restarts = 0;
  let quickDeaths = 0;
  let pending: NodeJS.Timeout | undefined;

  const launch = (): { child: ChildProcess; exited: Promise<void>; ready: Promise<Record<string, unknown>> } => {
    const fd = openSync(opts.logFile, 'a');
    const child = fork(entry, [], { env: { ...process.env, ...env }, stdio: ['ignore', fd, fd, 'ipc'], execArgv: [] });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    running.add(child);
    const startedAt = performance.now();
    const exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        running.delete(child);
        resolve();
        if (sup !== undefined && !stopping) restartLater(code, signal, performance.now() - startedAt);
      }),
    );
    const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 90 s (log: ${opts.logFile})`)), 90_000);
      child.on('message', (m) => {
        if (typeof m === 'object' && m !== null && opts.isReady(m as Record<string, unknown>)) {
          clearTimeout(timer);
          resolve(m as Record<string, unknown>);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${String(code)} before it was ready (log: ${opts.logFile})`));
      });
    });
    ready.catch(() => undefined);
    return { child, exited, ready };
  };

  const restartLater = (code: number | null, signal: NodeJS.Signals | null, ranMs: number): void => {
    if (sup === undefined) return;
    quickDeaths = ranMs >= (sup.stableMs ?? 30_000) ? 0 : quickDeaths + 1;
    const delayMs = Math.min(sup.maxDelayMs ?? 30_000, (sup.firstDelayMs ?? 500) * 2 ** Math.max(0, quickDeaths - 1));
    sup.report(
      `${name} (pid ${String(current.child.pid)}) exited (${signal ?? `code ${String(code)}`}) after ${(ranMs / 1000).toFixed(1)} s; restarting in ${(delayMs / 1000).toFixed(1)} s (log: ${opts.logFile})`,
    );
    pending = setTimeout(() => {
      pending = undefined;
      if (stopping) return;
      restarts += 1;
      current = launch();
      current.ready.then(
        () => sup.report(`${name} restarted (pid ${String(current.child.pid)}, restart ${restarts})`),
        () => undefined,
      );
    }, delayMs);
  };

  let current = launch();
  const first = current.ready;
  if (sup?.restartEnv !== undefined) {
    const restartEnv = sup.restartEnv;
    first.then(
      (m) => {
        env = { ...env, ...restartEnv(m) };
      },
      () => undefined,
    );
  }
  return {
    name,
    get pid() {
      return current.child.pid ?? 0;
    },
    ready: first,
    get restarts() {
      return restarts;
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      if (pending !== undefined) clearTimeout(pending);
      const { child, exited } = current;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}
