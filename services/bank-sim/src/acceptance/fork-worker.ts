// Test support: run worker-process.ts as a real child process and collect its reports.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerMessage, WorkerProcessArgs } from './worker-process.ts';

export interface ForkedWorker {
  readonly name: string;
  readonly messages: WorkerMessage[];
  readonly child: ChildProcess;
  go(): void;
  /** Ask it to stop and wait for it to exit (killed if it does not within 10 s). */
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export function forkWorker(args: WorkerProcessArgs): ForkedWorker {
  // Plain Node (24 strips the types); no vitest flags inherited.
  const child = fork(SCRIPT, [JSON.stringify(args)], {
    execPath: process.execPath,
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: WorkerMessage[] = [];
  child.on('message', (m) => messages.push(m as WorkerMessage));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name: args.name,
    messages,
    child,
    go: () => child.send('go'),
    async stop() {
      if (child.exitCode === null && child.connected) child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
