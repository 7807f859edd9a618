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

export function balanceMismatch(format: StatementFormat, place: string, what: string, details: Record<string, unknown>): PayoutError {
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

/** Longest excerpt of the file an error message may quote. */
const EXCERPT_CHARS = 40;

/**
 * What an error may quote of the file: at most 40 characters of one line, control characters
 * shown as `\xNN`, and every word of 8+ letters and digits with 6+ digits in it (an account
 * number, an IBAN) masked to its last four — "…" marks a cut. Use it for every piece of file text a message
 * shows; never put raw file text into a message.
 *
 * @example
 *   maskedExcerpt(':25:NL20INGB0001234567')  // ':25:NL20INGB…4567'
 */
export function maskedExcerpt(text: string): string {
  const firstLine = /^[^\r\n]*/.exec(text)?.[0] ?? '';
  const cut = firstLine.length > EXCERPT_CHARS * 2 ? firstLine.slice(0, EXCERPT_CHARS * 2) : firstLine;
  const masked = cut
    .replace(/[A-Za-z0-9]{8,}/g, (run) => (run.replace(/\D/g, '').length >= 6 ? `…${run.slice(-4)}` : run))
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  const short = masked.length > EXCERPT_CHARS ? `${masked.slice(0, EXCERPT_CHARS)}…` : masked;
  return short.length < text.length && short === masked && firstLine.length < text.length ? `${short}…` : short;
}
