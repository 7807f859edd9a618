import { createHash, randomBytes } from 'node:crypto';

/** Keys look like `pwk_` + 43 base64url characters (256 random bits). */
export const API_KEY_PREFIX = 'pwk_';
const KEY_SHAPE = /^pwk_[A-Za-z0-9_-]{43}$/;

/** A fresh high-entropy API key. Shown to its owner once; only its hash is stored. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * sha-256 (hex) of a key. A fast hash is right here: the key has 256 bits of entropy, so
 * there is nothing to brute-force (slow hashes protect low-entropy passwords).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Cheap shape check before any lookup. */
export function looksLikeApiKey(s: string): boolean {
  return KEY_SHAPE.test(s);
}

/** What listings show of a key: its first 8 characters after the prefix. */
export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 8);
}
