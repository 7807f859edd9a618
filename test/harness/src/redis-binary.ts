import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repo's Redis configuration, shared with infra/docker-compose.yml. */
export const REDIS_CONF = fileURLToPath(new URL('../../../infra/redis/redis.conf', import.meta.url));

export function redisServerBinary(): string {
  const fromEnv = process.env['REDIS_SERVER_BIN'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      "redis-server was not found. Run the tests through ./dev test (it installs Debian's redis-server when run as root), install it yourself (apt-get install redis-server), or set REDIS_URL.",
    );
  }
}
