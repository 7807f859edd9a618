import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { RedisContainer } from '@testcontainers/redis';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import type { ServerHandle } from './server-handle.ts';
import { REDIS_CONF } from './redis-binary.ts';

let reachable: Promise<boolean> | undefined;

/**
 * Whether a container engine can be used. Probing testcontainers' strategies is slow when there
 * is no engine at all, so only probe when something points at one (a socket, DOCKER_HOST, a
 * testcontainers config). PAYOUT_HARNESS=local|containers forces the choice.
 */
export function containerRuntimeReachable(): Promise<boolean> {
  const forced = process.env['PAYOUT_HARNESS'];
  if (forced === 'local') return Promise.resolve(false);
  const hint =
    forced === 'containers' ||
    Boolean(process.env['DOCKER_HOST']) ||
    existsSync('/var/run/docker.sock') ||
    existsSync(join(homedir(), '.testcontainers.properties'));
  if (!hint) return Promise.resolve(false);
  reachable ??= getContainerRuntimeClient()
    // testcontainers only returns a client after a strategy reached an engine that answered.
    .then(() => true)
    .catch(() => false);
  return reachable;
}

export async function startContainerRedis(): Promise<ServerHandle> {
  const started = await new RedisContainer('redis:7.4-alpine')
    .withCopyFilesToContainer([{ source: REDIS_CONF, target: '/usr/local/etc/redis/redis.conf' }])
    .withCommand(['redis-server', '/usr/local/etc/redis/redis.conf'])
    .start();
  return containerHandle('redis', started, 6379, (host, port) => `redis://${host}:${port}`);
}

export async function startContainerPostgres(): Promise<ServerHandle> {
  const started = await new PostgreSqlContainer('postgres:15-alpine')
    .withUsername('postgres')
    .withPassword('postgres')
    .withDatabase('postgres')
    .start();
  return containerHandle('postgres', started, 5432, (host, port) => `postgres://postgres:postgres@${host}:${port}/postgres`);
}

async function containerHandle(
  kind: 'redis' | 'postgres',
  started: StartedTestContainer,
  innerPort: number,
  makeUrl: (host: string, port: number) => string,
): Promise<ServerHandle> {
  const client = await getContainerRuntimeClient();
  const container = client.container.getById(started.getId());
  const host = started.getHost();
  let port = started.getMappedPort(innerPort);
  let disposed = false;

  // Docker may publish a different host port after a stop/start; read it back.
  const refreshPort = async (): Promise<void> => {
    const info = await client.container.inspect(container);
    const binding = info.NetworkSettings.Ports[`${innerPort}/tcp`]?.[0]?.HostPort;
    if (binding) port = Number(binding);
  };

  return {
    kind,
    backend: 'container',
    host,
    get port() {
      return port;
    },
    get url() {
      return makeUrl(host, port);
    },
    start: async () => {
      await client.container.start(container);
      await refreshPort();
    },
    stop: async () => {
      await client.container.stop(container, { timeout: 10_000 });
    },
    kill: async () => {
      await container.kill({ signal: 'SIGKILL' });
    },
    // The cgroup freezer: every process of the container stops, its connections stay open.
    freeze: async () => {
      await container.pause();
    },
    thaw: async () => {
      await container.unpause();
    },
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await started.stop({ remove: true, removeVolumes: true }).catch(() => undefined);
    },
  };
}
