import { fork, type ChildProcess } from 'node:child_process';
import { WORKERS_MAIN } from './process-entries.ts';

export interface RunningWorkers {
  readonly child: ChildProcess;
  /** What the process wrote to stderr (startup errors). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * The real workers process (`@payout/workers/main`) with the given environment, as the
 * deployment runs it: its poll role goes through the shared Redis rate limiter and breaker.
 * Resolves once it reports ready.
 */
export function startWorkersProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningWorkers> {
  const child = fork(WORKERS_MAIN, [], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    err = (err + b.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running: RunningWorkers = {
    child,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(t);
      }
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void running.stop();
      reject(new Error(`workers did not become ready in ${timeoutMs} ms: ${err.slice(-2000)}`));
    }, timeoutMs);
    child.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && (m as { event?: unknown }).event === 'ready') {
        clearTimeout(timer);
        resolve(running);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`workers exited with ${String(code)} before ready: ${err.slice(-2000)}`));
    });
  });
}
