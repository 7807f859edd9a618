import { rmSync } from 'node:fs';

/**
 * Last-resort cleanup: if a test process exits without disposing its servers (a crash, an
 * uncaught error), kill their process groups and delete their folders synchronously.
 */
const groups = new Set<number>();
const dirs = new Set<string>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const pgid of groups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
}

export function trackGroup(pgid: number): void {
  install();
  groups.add(pgid);
}

export function untrackGroup(pgid: number): void {
  groups.delete(pgid);
}

export function trackDir(dir: string): void {
  install();
  dirs.add(dir);
}

export function untrackDir(dir: string): void {
  dirs.delete(dir);
}
