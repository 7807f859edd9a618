import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every folder and process the harness creates lives under one run folder with this prefix. */
export const RUN_DIR_PREFIX = 'payout-harness-';
export const RUN_DIR_ENV = 'PAYOUT_HARNESS_RUN_DIR';

let ownRunDir: string | undefined;

/**
 * The run folder: given by the test runner (scripts/test.ts, vitest global setup) through
 * PAYOUT_HARNESS_RUN_DIR so that forked test workers share it, or created on first use.
 */
export function runDir(): string {
  const fromEnv = process.env[RUN_DIR_ENV];
  if (fromEnv) {
    mkdirSync(join(fromEnv, 'pids'), { recursive: true });
    return fromEnv;
  }
  if (!ownRunDir) {
    ownRunDir = mkdtempSync(join(tmpdir(), RUN_DIR_PREFIX));
    // Postgres runs as the `postgres` user when we are root: it must be able to enter this folder.
    chmodSync(ownRunDir, 0o755);
    mkdirSync(join(ownRunDir, 'pids'), { recursive: true });
    process.env[RUN_DIR_ENV] = ownRunDir;
  }
  return ownRunDir;
}

export function createRunDir(): string {
  const dir = mkdtempSync(join(tmpdir(), RUN_DIR_PREFIX));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'pids'), { recursive: true });
  return dir;
}

/** A fresh folder for one server's data, inside the run folder. */
export function newServerDir(kind: string): string {
  const dir = mkdtempSync(join(runDir(), `${kind}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** Remember a server process so that a leak check can find it even if a test crashed. */
export function recordPid(pid: number, label: string): void {
  writeFileSync(join(runDir(), 'pids', String(pid)), label);
}

export function forgetPid(pid: number): void {
  rmSync(join(runDir(), 'pids', String(pid)), { force: true });
}

/**
 * Whether a process id still exists, zombies included. Waiting on this after a kill matters:
 * Postgres refuses to start while the pid in its postmaster.pid still exists, even as a zombie
 * that Node has not reaped yet.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a process is alive and not a zombie waiting for init to reap it (it holds nothing). */
export function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    // /proc/<pid>/stat: "pid (comm) state …"
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Processes recorded in a run folder that are still alive. */
export function livePids(dir: string): Array<{ pid: number; label: string }> {
  let names: string[] = [];
  try {
    names = readdirSync(join(dir, 'pids'));
  } catch {
    return [];
  }
  return names.map((name) => ({ pid: Number(name), label: name })).filter(({ pid }) => Number.isInteger(pid) && isRunning(pid));
}
