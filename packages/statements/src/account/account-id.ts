import { normalizeIban, validateIban } from '@payout/domain';
import type { AccountIdScheme } from '../statement.model.ts';

/**
 * Classify an account identifier written in a statement: a valid IBAN (the domain's check:
 * country format, length, mod 97) is normalised to its electronic form; anything else is the
 * bank's own id, kept as written. This only labels what the bank sent.
 */
export function classifyAccountId(text: string): { id: string; scheme: AccountIdScheme } {
  const compact = normalizeIban(text.replace(/\s+/g, ''));
  if (validateIban(compact)) return { id: compact, scheme: 'iban' };
  return { id: text.trim(), scheme: 'other' };
}
