import { describe, expect, it } from 'vitest';
import { cappedBackoffDelay } from './backoff.ts';
import { redisOptionsFromUrl } from './redis-connection.ts';

describe('cappedBackoffDelay', () => {
  it('doubles from 500 ms and stops at 60 s, with bounded jitter', () => {
    expect(cappedBackoffDelay(1, () => 0.5)).toBe(500);
    expect(cappedBackoffDelay(2, () => 0.5)).toBe(1000);
    expect(cappedBackoffDelay(30, () => 0.5)).toBe(60_000);
    expect(cappedBackoffDelay(1_000_000, () => 1)).toBe(72_000);
    expect(cappedBackoffDelay(3, () => 0)).toBe(1600);
  });
});

describe('redisOptionsFromUrl', () => {
  it('reads host, port, db and credentials', () => {
    expect(redisOptionsFromUrl('redis://u:p%40ss@10.0.0.5:6380/2')).toEqual({
      host: '10.0.0.5',
      port: 6380,
      db: 2,
      username: 'u',
      password: 'p@ss',
    });
    expect(redisOptionsFromUrl('rediss://cache.example')).toEqual({ host: 'cache.example', port: 6379, db: 0, tls: {} });
    expect(() => redisOptionsFromUrl('http://x')).toThrow(/not a redis URL/);
  });
});
