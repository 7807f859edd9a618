import type { FastifyRequest } from 'fastify';
import { PayoutError } from '@payout/domain';
import { findPrincipalByKey, hashApiKey, looksLikeApiKey, type ApiPrincipal, type ApiScope, type Db } from '@payout/db';
import type { PrincipalCache } from './principal-cache.ts';

/** The presented key: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function presentedKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1];
  }
  const x = req.headers['x-api-key'];
  return typeof x === 'string' ? x.trim() : undefined;
}

/**
 * Resolves the caller from its API key (hashed before any lookup or cache access).
 * @throws PayoutError PAYOUT_E_UNAUTHORIZED
 */
export async function authenticate(db: Db, cache: PrincipalCache, req: FastifyRequest): Promise<ApiPrincipal> {
  const key = presentedKey(req);
  if (key === undefined || key === '')
    throw new PayoutError('PAYOUT_E_UNAUTHORIZED', 'send an API key as "Authorization: Bearer <key>" or "X-Api-Key: <key>"');
  if (!looksLikeApiKey(key)) throw new PayoutError('PAYOUT_E_UNAUTHORIZED', 'the API key is not valid');
  const hash = hashApiKey(key);
  const cached = cache.get(hash);
  if (cached !== undefined) return cached;
  const principal = await findPrincipalByKey(db, key);
  if (principal === undefined) throw new PayoutError('PAYOUT_E_UNAUTHORIZED', 'the API key is not valid');
  cache.set(hash, principal);
  return principal;
}

/** @throws PayoutError PAYOUT_E_FORBIDDEN unless the principal holds one of `anyOf`. */
export function requireScope(p: ApiPrincipal, anyOf: readonly ApiScope[]): void {
  if (!anyOf.some((s) => p.scopes.includes(s))) {
    throw new PayoutError('PAYOUT_E_FORBIDDEN', `this key lacks the scope for this action (needs one of: ${anyOf.join(', ')})`);
  }
}

/** Ops keys see every client's payouts; other keys only their own client's. */
export function seesAllClients(p: ApiPrincipal): boolean {
  return p.scopes.includes('ops');
}
