import { describe, expect, it } from 'vitest';
import { isPayoutError } from '@payout/domain';
import { parseApiConfig } from './api-config.ts';

describe('parseApiConfig', () => {
  it('applies defaults', () => {
    const c = parseApiConfig({ DATABASE_URL: 'postgres://u:p@db/payout', REDIS_URL: 'redis://cache:6379' });
    expect(c).toMatchObject({
      port: 3000,
      queuePrefix: 'payout',
      migrateOnStart: false,
      bodyLimitBytes: 65_536,
      intakeBatch: { maxBatchSize: 200, maxConcurrent: 4 },
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reports every invalid key at once and never echoes values', () => {
    const err = (() => {
      try {
        parseApiConfig({ DATABASE_URL: 'mysql://root:hunter2@db', PORT: 'eighty', MIGRATE_ON_START: 'maybe' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isPayoutError(err) && err.code).toBe('PAYOUT_E_CONFIG_INVALID');
    const msg = (err as Error).message;
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'MIGRATE_ON_START']) expect(msg).toContain(key);
    expect(msg).not.toContain('hunter2');
  });
});
