import { describe, expect, it } from 'vitest';
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key.ts';

describe('api keys', () => {
  it('are random, well-formed and hashed to 64 hex characters', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).not.toBe(b);
    expect(looksLikeApiKey(a)).toBe(true);
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(a)).toBe(hashApiKey(a));
    expect(apiKeyDisplayPrefix(a)).toHaveLength(12);
    expect(a.startsWith(apiKeyDisplayPrefix(a))).toBe(true);
  });

  it('rejects other shapes', () => {
    for (const s of ['', 'pwk_', 'pwk_short', `xyz_${'a'.repeat(43)}`, `pwk_${'a'.repeat(42)}!`]) expect(looksLikeApiKey(s)).toBe(false);
  });
});
