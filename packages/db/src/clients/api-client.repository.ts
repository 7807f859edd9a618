import { PayoutError } from '@payout/domain';
import type { Db } from '../database.ts';
import { API_SCOPES, OPERATOR_ROLES, type ApiScope, type OperatorRole } from '../schema/database.types.ts';
import { uuidv7 } from '../support/uuid-v7.ts';
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key.ts';

export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/** Who is calling: resolved from an API key. */
export interface ApiPrincipal {
  readonly keyId: string;
  readonly clientId: string;
  readonly scopes: readonly ApiScope[];
  readonly actor: string;
  readonly role: OperatorRole;
}

export interface IssuedApiKey {
  readonly keyId: string;
  /** The key itself: show it once, it is not stored. */
  readonly key: string;
  readonly keyPrefix: string;
}

export function isApiScope(s: string): s is ApiScope {
  return (API_SCOPES as readonly string[]).includes(s);
}

export function isOperatorRole(s: string): s is OperatorRole {
  return (OPERATOR_ROLES as readonly string[]).includes(s);
}

/**
 * Creates a client. @throws PayoutError PAYOUT_E_VALIDATION for a bad id,
 * PAYOUT_E_CONFLICT when it exists.
 */
export async function createApiClient(db: Db, c: { id: string; displayName?: string }): Promise<void> {
  if (!CLIENT_ID_PATTERN.test(c.id)) {
    throw new PayoutError(
      'PAYOUT_E_VALIDATION',
      `client id ${JSON.stringify(c.id.slice(0, 70))} must be 1–63 of a-z 0-9 _ . - starting with a letter or digit`,
    );
  }
  const r = await db
    .insertInto('api_clients')
    .values({ id: c.id, display_name: c.displayName ?? c.id })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (r.numInsertedOrUpdatedRows === 0n) throw new PayoutError('PAYOUT_E_CONFLICT', `client ${c.id} already exists`, { clientId: c.id });
}

/**
 * Issues a new key for an existing client, bound to an actor and a role.
 * @throws PayoutError PAYOUT_E_VALIDATION (scopes/role), PAYOUT_E_NOT_FOUND (client)
 */
export async function issueApiKey(
  db: Db,
  k: { clientId: string; scopes: readonly string[]; actor: string; role: string },
): Promise<IssuedApiKey> {
  const scopes = [...new Set(k.scopes)];
  const bad = scopes.filter((s) => !isApiScope(s));
  if (scopes.length === 0 || bad.length > 0) {
    throw new PayoutError(
      'PAYOUT_E_VALIDATION',
      `scopes must be some of ${API_SCOPES.join(', ')}${bad.length > 0 ? `; unknown: ${bad.join(', ')}` : ''}`,
    );
  }
  if (!isOperatorRole(k.role)) throw new PayoutError('PAYOUT_E_VALIDATION', `role must be one of ${OPERATOR_ROLES.join(', ')}`);
  if (k.actor.length === 0 || k.actor.length > 200) throw new PayoutError('PAYOUT_E_VALIDATION', 'actor must be 1–200 characters');
  const client = await db.selectFrom('api_clients').select('id').where('id', '=', k.clientId).executeTakeFirst();
  if (client === undefined) throw new PayoutError('PAYOUT_E_NOT_FOUND', `client ${k.clientId} does not exist`, { clientId: k.clientId });
  const key = generateApiKey();
  const keyId = uuidv7();
  await db
    .insertInto('api_keys')
    .values({
      id: keyId,
      client_id: k.clientId,
      key_hash: hashApiKey(key),
      key_prefix: apiKeyDisplayPrefix(key),
      scopes: scopes.filter(isApiScope),
      actor: k.actor,
      role: k.role,
    })
    .execute();
  return { keyId, key, keyPrefix: apiKeyDisplayPrefix(key) };
}

/** The principal behind a key, or undefined (unknown, revoked, or its client disabled). */
export async function findPrincipalByKey(db: Db, key: string): Promise<ApiPrincipal | undefined> {
  if (!looksLikeApiKey(key)) return undefined;
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('api_clients as c', 'c.id', 'k.client_id')
    .select(['k.id', 'k.client_id', 'k.scopes', 'k.actor', 'k.role'])
    .where('k.key_hash', '=', hashApiKey(key))
    .where('k.revoked_at', 'is', null)
    .where('c.disabled_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { keyId: row.id, clientId: row.client_id, scopes: row.scopes, actor: row.actor, role: row.role };
}

/** Revokes a key; true when it was active. */
export async function revokeApiKey(db: Db, keyId: string): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
