import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface ChildService {
  readonly name: string;
  readonly pid: number;
  /** The child's ready message (its first IPC message that passes `isReady`). */
  readonly ready: Promise<Record<string, unknown>>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
// Whatever happens to this process, its children go with it.
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** Run a service's TypeScript entry point as a child process of this Node, logging to a file. */
export function startChildService(name: string, entry: string, opts: { readonly env: Record<string, string>; readonly logFile: string; readonly isReady: (m: Record<string, unknown>) => boolean }): ChildService {
  const fd = openSync(opts.logFile, 'a');
  const child = fork(entry, [], { env: { ...process.env, ...opts.env }, stdio: ['ignore', fd, fd, 'ipc'], execArgv: [] });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
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
  return {
    name,
    pid: child.pid,
    ready,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}
