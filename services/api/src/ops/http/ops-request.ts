import type { FastifyRequest } from 'fastify';
import { PayoutError } from '@payout/domain';
import { principalOf } from '../../app/api-app.ts';
import type { OpsOutcome, OpsRequestContext } from '../ops-context.ts';
import { isOpsRole } from '../policy/ops-role.ts';

/** The acting person from the authenticated key (the app's auth hook ran before any ops route). */
export function opsContext(req: FastifyRequest): OpsRequestContext {
  const p = principalOf(req);
  if (!isOpsRole(p.role)) throw new PayoutError('PAYOUT_E_FORBIDDEN', `the key's role ${String(p.role)} is not an ops role`);
  return { who: { actor: p.actor, role: p.role, keyId: p.keyId, clientId: p.clientId }, requestId: String(req.id) };
}

/** Marks an error whose refusal the service has already audited (the route's error hook skips it). */
export const AUDITED = 'audited';

/** A refusal leaves through the app's error handler as problem+json with its registry code. */
export function unwrap<T>(o: OpsOutcome<T>): T {
  if (!o.ok) throw new PayoutError(o.code, o.message, { ...o.details, [AUDITED]: true });
  return o.value;
}
