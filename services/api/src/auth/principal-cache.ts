import type { ApiPrincipal } from '@payout/db';

/**
 * A short-lived cache of resolved API keys keyed by the key's hash (never the key), so the
 * hot path does not read api_keys on every request. Revocation takes effect within `ttlMs`.
 */
export class PrincipalCache {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { principal: ApiPrincipal; expires: number }>();

  constructor(opts: { ttlMs: number; max?: number; now?: () => number }) {
    this.#ttlMs = opts.ttlMs;
    this.#max = opts.max ?? 10_000;
    this.#now = opts.now ?? Date.now;
  }

  get(keyHash: string): ApiPrincipal | undefined {
    const e = this.#entries.get(keyHash);
    if (e === undefined) return undefined;
    if (e.expires <= this.#now()) {
      this.#entries.delete(keyHash);
      return undefined;
    }
    return e.principal;
  }

  set(keyHash: string, principal: ApiPrincipal): void {
    if (this.#ttlMs <= 0) return;
    if (this.#entries.size >= this.#max) this.#entries.clear();
    this.#entries.set(keyHash, { principal, expires: this.#now() + this.#ttlMs });
  }
}
