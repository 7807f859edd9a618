import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { ServerHandle } from './server-handle.ts';
import { freePort, killGroup, signalTree, spawnServer } from './process-tools.ts';
import { newServerDir } from './run-dir.ts';
import { REDIS_CONF, redisServerBinary } from './redis-binary.ts';
import { trackDir, trackGroup, untrackDir, untrackGroup } from './cleanup.ts';
import { waitFor } from './wait-for.ts';

/** A throw-away redis-server on a free loopback port with the repo's AOF configuration. */
export async function startLocalRedis(): Promise<ServerHandle> {
  const bin = redisServerBinary();
  const port = await freePort();
  const dir = newServerDir('redis');
  trackDir(dir);
  const host = '127.0.0.1';
  const url = `redis://${host}:${port}`;
  let child: ChildProcess | undefined;
  let disposed = false;

  const start = async (): Promise<void> => {
    if (disposed) throw new Error('this Redis server was disposed');
    if (child?.exitCode === null && child.signalCode === null) return;
    child = spawnServer(bin, [REDIS_CONF, '--port', String(port), '--bind', host, '--dir', dir, '--daemonize', 'no', '--logfile', ''], {
      logFile: join(dir, 'redis.log'),
      label: `redis ${port}`,
    });
    trackGroup(child.pid!);
    await waitFor(() => ping(url), { timeoutMs: 20_000, message: `redis-server on port ${port} to answer PING (log: ${dir}/redis.log)` });
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const current = child;
    if (!current?.pid) return;
    await killGroup(current.pid, signal);
    untrackGroup(current.pid);
  };

  await start();
  return {
    kind: 'redis',
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

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    // A Redis still loading its AOF answers LOADING errors: wait until it really serves.
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
