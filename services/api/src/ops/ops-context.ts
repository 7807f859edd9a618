import type { ErrorCode } from '@payout/domain';
import type { OpsRole } from './policy/ops-role.ts';

/** The authenticated person behind an ops request: from an API key bound to a named actor and a role. */
export interface OpsActor {
  /** The named person (api_keys.actor), e.g. `alice@example.com`. */
  readonly actor: string;
  readonly role: OpsRole;
  readonly keyId: string;
  readonly clientId: string;
}

/** Who asks, and the request id every audit row carries. */
export interface OpsRequestContext {
  readonly who: OpsActor;
  readonly requestId: string;
}

/** An ops call's answer: a value, or a refusal with its stable code (the route makes it a problem+json). */
export type OpsOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly code: ErrorCode;
      readonly message: string;
      readonly details?: Readonly<Record<string, unknown>> | undefined;
    };

export function okOutcome<T>(value: T): OpsOutcome<T> {
  return { ok: true, value };
}

export function failOutcome<T>(code: ErrorCode, message: string, details?: Record<string, unknown>): OpsOutcome<T> {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

/** The event/audit actor string for a person acting through ops. */
export function opsActorName(who: OpsActor): string {
  return `ops:${who.actor}`;
}
