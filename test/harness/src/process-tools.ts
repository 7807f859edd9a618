import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAlive, recordPid, forgetPid } from './run-dir.ts';
import { withoutFakeTime } from './real-clock-env.ts';
import { realNowMs } from './real-time.ts';

/** A free TCP port on loopback, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') return reject(new Error('no port'));
      srv.close(() => resolve(addr.port));
    });
  });
}

export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** Postgres refuses to run as root: when we are root, run it as the `postgres` user. */
export function postgresRunAs(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      "Running as root, but there is no `postgres` user to run Postgres as. Install Debian's postgresql package or run the tests as a normal user.",
    );
  }
}

/**
 * Start a server process in its own process group (so SIGKILL reaches every child of it),
 * logging to a file, and record its pid for the leak check. The server keeps the real clock
 * even when the tests run under libfaketime.
 */
export function spawnServer(
  command: string,
  args: readonly string[],
  opts: { logFile: string; label: string; runAs?: RunAs | undefined; cwd?: string },
): ChildProcess {
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: withoutFakeTime(process.env),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.runAs ? { uid: opts.runAs.uid, gid: opts.runAs.gid } : {}),
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  recordPid(child.pid, opts.label);
  const pid = child.pid;
  child.on('exit', () => forgetPid(pid));
  // The harness must never keep a test process alive on its own.
  child.unref();
  return child;
}

/** Signal a whole process group and wait until its leader is gone. */
export async function killGroup(pid: number, signal: NodeJS.Signals, timeoutMs = 15_000): Promise<void> {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
  const deadline = realNowMs() + timeoutMs;
  while (isAlive(pid)) {
    if (realNowMs() > deadline) {
      if (signal !== 'SIGKILL') return killGroup(pid, 'SIGKILL', timeoutMs);
      throw new Error(`process ${pid} did not exit after ${signal}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Children of the group (Postgres backends) may outlive the leader by a moment.
  const groupDeadline = realNowMs() + timeoutMs;
  while (groupAlive(pid) && realNowMs() < groupDeadline) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  forgetPid(pid);
}

/**
 * SIGSTOP or SIGCONT a server and every process it forked. Not the process group: Postgres
 * backends call setsid() and live in groups of their own. The parent is stopped first, so it
 * forks nothing new meanwhile.
 */
export function signalTree(pid: number, signal: 'SIGSTOP' | 'SIGCONT'): void {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const send = (p: number): void => {
    try {
      process.kill(p, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
    for (const c of children.get(p) ?? []) send(c);
  };
  send(pid);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
