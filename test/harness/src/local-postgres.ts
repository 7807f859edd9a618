import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { chownSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { ServerHandle } from './server-handle.ts';
import { freePort, killGroup, signalTree, postgresRunAs, spawnServer } from './process-tools.ts';
import { newServerDir } from './run-dir.ts';
import { postgresBinDir } from './postgres-binary.ts';
import { trackDir, trackGroup, untrackDir, untrackGroup } from './cleanup.ts';
import { waitFor } from './wait-for.ts';
import { withoutFakeTime } from './real-clock-env.ts';

/**
 * A throw-away Postgres cluster on a free loopback port, in a temporary folder.
 * fsync is off (a test machine's power never fails mid-test), but synchronous_commit stays on,
 * so a SIGKILLed server keeps every committed transaction — exactly what crash tests rely on.
 */
export async function startLocalPostgres(): Promise<ServerHandle> {
  const bin = postgresBinDir();
  const runAs = postgresRunAs();
  const port = await freePort();
  const dir = newServerDir('postgres');
  trackDir(dir);
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const dataDir = join(dir, 'data');
  const init = spawnSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    encoding: 'utf8',
    env: withoutFakeTime(process.env),
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (exit ${init.status}): ${init.stderr || init.error?.message}`);
  }
  const host = '127.0.0.1';
  const url = `postgres://postgres@${host}:${port}/postgres`;
  let child: ChildProcess | undefined;
  let disposed = false;

  const start = async (): Promise<void> => {
    if (disposed) throw new Error('this Postgres server was disposed');
    if (child?.exitCode === null && child.signalCode === null) return;
    child = spawnServer(
      join(bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        `listen_addresses=${host}`,
        '-c',
        'unix_socket_directories=',
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
        '-c',
        'shared_buffers=128MB',
        // JIT compiles plans for "expensive" estimates and costs 10–30 ms per ledger history read
        // on fresh tables (test/e2e/src/bench/lifecycle-vs-floor.ts): OLTP does not want it.
        '-c',
        'jit=off',
      ],
      { logFile: join(dir, 'postgres.log'), label: `postgres ${port}`, runAs, cwd: dir },
    );
    trackGroup(child.pid!);
    await waitFor(() => canQuery(url), {
      timeoutMs: 30_000,
      message: `postgres on port ${port} to accept queries (log: ${dir}/postgres.log)`,
    });
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const current = child;
    if (!current?.pid) return;
    // SIGTERM is Postgres's "smart" shutdown and waits for clients; SIGINT ("fast") is what a
    // graceful stop means for a test server.
    await killGroup(current.pid, signal === 'SIGTERM' ? 'SIGINT' : signal);
    untrackGroup(current.pid);
  };

  await start();
  return {
    kind: 'postgres',
    backend: 'local-process',
    host,
    port,
    url,
    start,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    freeze: () => Promise.resolve(child?.pid === undefined ? undefined : signalTree(child.pid, 'SIGSTOP')),
    thaw: () => Promise.resolve(child?.pid === undefined ? undefined : signalTree(child.pid, 'SIGCONT')),
    dispose: async () => {
      if (disposed) return;
      await halt('SIGKILL');
      disposed = true;
      rmSync(dir, { recursive: true, force: true });
      untrackDir(dir);
    },
  };
}

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
