import type { ErrorCode } from '@payout/domain';

/** A refused ops action: the stable code and a sentence saying why (shown to the operator, audited). */
export interface OpsRefusal {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
}

/** Policies answer with a tagged union; a refusal is an expected outcome, not an exception. */
export type OpsDecision<T extends object = object> = ({ readonly ok: true } & T) | OpsRefusal;

export function refuse(code: ErrorCode, message: string): OpsRefusal {
  return { ok: false, code, message };
}
