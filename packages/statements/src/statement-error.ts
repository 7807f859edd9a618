import { PayoutError } from '@payout/domain';
import type { StatementFormat } from './statement.model.ts';

/**
 * Every statement error names its place (a line number, or an XML element path and its line)
 * and what was wrong, so an operator can open the file and see it. Messages carry no account
 * numbers beyond what the place itself shows.
 */
export function malformed(format: StatementFormat | 'auto', place: string, what: string, cause?: unknown): PayoutError {
  const reason = cause instanceof Error ? `${what}: ${cause.message}` : what;
  return new PayoutError(
    'PAYOUT_E_STATEMENT_MALFORMED',
    `${label(format)} malformed at ${place}: ${reason}`,
    { format, place },
    cause === undefined ? undefined : { cause },
  );
}

export function unknownFormat(place: string, what: string): PayoutError {
  return new PayoutError('PAYOUT_E_STATEMENT_UNKNOWN_FORMAT', `unknown statement format at ${place}: ${what}`, { place });
}

export function balanceMismatch(
  format: StatementFormat,
  place: string,
  what: string,
  details: Record<string, unknown>,
): PayoutError {
  return new PayoutError('PAYOUT_E_STATEMENT_BALANCE_MISMATCH', `${label(format)} does not add up at ${place}: ${what}`, {
    format,
    place,
    ...details,
  });
}

function label(format: StatementFormat | 'auto'): string {
  switch (format) {
    case 'camt053':
      return 'camt.053';
    case 'camt054':
      return 'camt.054';
    case 'camt052':
      return 'camt.052';
    case 'mt940':
      return 'MT940';
    case 'mt942':
      return 'MT942';
    case 'bai2':
      return 'BAI2';
    case 'csv':
      return 'CSV';
    case 'auto':
      return 'statement';
  }
}
