import type { z } from 'zod';
import { isErrorCode, PayoutError, type ErrorCode } from '@payout/domain';

/** One field problem, safe to show to the caller (never echoes the value). */
export interface FieldProblem {
  readonly path: string;
  readonly code: ErrorCode;
  readonly message: string;
}

const MAX_PROBLEMS = 20;

/**
 * Turns zod issues into one PayoutError: its code is the first problem's code (from the
 * issue's `payoutCode` param, else `codeForPath`, else PAYOUT_E_VALIDATION) and `details.errors`
 * lists every problem. Values are never copied (a value may be an account number).
 */
export function payoutErrorFromZod(
  error: z.ZodError,
  opts: { readonly where?: string; readonly codeForPath?: (path: string) => ErrorCode | undefined } = {},
): PayoutError {
  const problems: FieldProblem[] = error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const path = issue.path.map(String).join('.');
    const coded: unknown = issue.code === 'custom' ? (issue.params as { payoutCode?: unknown } | undefined)?.payoutCode : undefined;
    const code = isErrorCode(coded) ? coded : (opts.codeForPath?.(path) ?? 'PAYOUT_E_VALIDATION');
    return { path, code, message: clip(issue.message) };
  });
  const first = problems[0] ?? { path: '', code: 'PAYOUT_E_VALIDATION' as const, message: 'invalid input' };
  const where = opts.where === undefined ? '' : `${opts.where} `;
  const field = first.path === '' ? `${where}`.trim() : `${where}${first.path}`;
  return new PayoutError(first.code, field === '' ? first.message : `${field}: ${first.message}`, { errors: problems });
}

function clip(s: string): string {
  const oneLine = s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}
