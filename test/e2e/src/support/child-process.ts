import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface ManagedChild {
  readonly pid: number;
  /** Resolves with the child's first IPC message that satisfies `isReady`. */
  readonly ready: Promise<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

const live = new Set<ChildProcess>();
// A test process that dies must not leave children behind.
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/**
 * Fork a TypeScript entry point with the current Node (Node 24 strips the types), stdout and
 * stderr appended to `logFile`, an IPC channel for its "ready" message.
 */
export function forkChild(
  entry: string,
  opts: {
    readonly env: Record<string, string>;
    readonly logFile: string;
    readonly isReady: (m: Record<string, unknown>) => boolean;
    readonly readyTimeoutMs?: number;
  },
): ManagedChild {
  const fd = openSync(opts.logFile, 'a');
  const child = fork(entry, [], { env: { ...process.env, ...opts.env }, stdio: ['ignore', fd, fd, 'ipc'], execArgv: [] });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${entry}`);
  live.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
  });
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} not ready within ${opts.readyTimeoutMs ?? 60_000} ms (log: ${opts.logFile})`)),
      opts.readyTimeoutMs ?? 60_000,
    );
    timer.unref();
    child.on('message', (m) => {
      if (typeof m === 'object' && m !== null && opts.isReady(m as Record<string, unknown>)) {
        clearTimeout(timer);
        resolve(m as Record<string, unknown>);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${String(code)}) before it was ready (log: ${opts.logFile})`));
    });
  });
  ready.catch(() => undefined);
  return {
    pid: child.pid,
    ready,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** A real process watched for an exit it was not asked for. */
export interface Watched {
  readonly child: ManagedChild;
  readonly name: string;
  died: number | null | undefined;
}

export function watch(name: string, child: ManagedChild): Watched {
  const w: Watched = { child, name, died: undefined };
  void child.exited.then((code) => {
    w.died = code;
  });
  return w;
}
