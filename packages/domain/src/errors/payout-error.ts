import { ERROR_CODES, type ErrorCode } from './error-codes.ts';

/**
 * The one error class for invalid input and refused operations. Carries a stable code from
 * the registry; `httpStatus` comes from the registry, never from the thrower. `details` must
 * never hold secrets or full account numbers (mask them with `maskAccount`).
 *
 * @example
 *   throw new PayoutError('PAYOUT_E_UNKNOWN_CURRENCY', 'currency "ABC" is not ISO 4217', { currency: 'ABC' });
 */
export class PayoutError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PayoutError';
    this.code = code;
    this.httpStatus = ERROR_CODES[code].httpStatus;
    this.details = details === undefined ? undefined : Object.freeze({ ...details });
  }
}

/**
 * True for a PayoutError, also one from a second copy of this module (two installs of the
 * package in one process would break a bare `instanceof`).
 */
export function isPayoutError(e: unknown): e is PayoutError {
  if (e instanceof PayoutError) return true;
  if (!(e instanceof Error) || e.name !== 'PayoutError') return false;
  const code: unknown = (e as { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
