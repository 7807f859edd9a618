import { PayoutError } from '@payout/domain';
import type { FieldProblem } from './zod-issues.ts';

/** Why intake refused a request's `fundingAccount` (see acceptPayouts in @payout/db). */
export interface FundingAccountRefused {
  readonly fundingAccount: string;
  readonly why: 'unknown' | 'inactive' | 'currency';
  /** The account's currency, when `why` is `currency`. */
  readonly accountCurrency?: string | undefined;
}

/**
 * The error HTTP and queue intake report for a refused `fundingAccount`, naming the field in
 * `details.errors` like every other field problem: PAYOUT_E_UNKNOWN_FUNDING_ACCOUNT for an
 * account treasury has not configured or has deactivated, PAYOUT_E_CURRENCY_MISMATCH for one in
 * another currency than the payout. The id is our own configuration's, not a secret: it is quoted.
 *
 * @example throw fundingAccountRefusalError({ fundingAccount: 'eu-main', why: 'unknown' }, 'EUR')
 */
export function fundingAccountRefusalError(r: FundingAccountRefused, payoutCurrency: string): PayoutError {
  const problem: FieldProblem =
    r.why === 'currency'
      ? {
          path: 'fundingAccount',
          code: 'PAYOUT_E_CURRENCY_MISMATCH',
          message: `funding account ${r.fundingAccount} holds ${r.accountCurrency ?? 'another currency'}, not ${payoutCurrency}`,
        }
      : {
          path: 'fundingAccount',
          code: 'PAYOUT_E_UNKNOWN_FUNDING_ACCOUNT',
          message:
            r.why === 'inactive'
              ? `funding account ${r.fundingAccount} is not active; leave fundingAccount out to let routing choose`
              : `funding account ${r.fundingAccount} is not configured; leave fundingAccount out to let routing choose`,
        };
  return new PayoutError(problem.code, `fundingAccount: ${problem.message}`, { errors: [problem] });
}
