import { PayoutError, currencyExponent } from '@payout/domain';
import { parseLocalDate } from '@payout/calendar';
import { isAccountKind } from '../accounts/ledger-account.ts';
import type { Posting, PostingCause, PostingEntry } from './posting.ts';

export interface PostingDraft {
  readonly id: string;
  /** Defaults to `id`. */
  readonly journalId?: string;
  readonly cause: PostingCause;
  readonly effectiveAt: Date | string;
  readonly bookingDate?: string | undefined;
  readonly entries: readonly PostingEntry[];
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * Checks a draft and returns a frozen Posting. Refuses (PayoutError) a posting with fewer than
 * two entries, a zero or non-bigint amount, an unknown currency or account kind, or entries
 * that do not sum to zero in every currency (PAYOUT_E_LEDGER_UNBALANCED).
 *
 * @example
 *   buildPosting({ id: 'x', cause, effectiveAt: now, entries: [
 *     { account: { fundingAccountId: 'A', kind: 'cash_reserved' }, currency: 'CNY', amountMinor: 100n },
 *     { account: { fundingAccountId: 'A', kind: 'cash_available' }, currency: 'CNY', amountMinor: -100n },
 *   ] });
 */
export function buildPosting(draft: PostingDraft): Posting {
  if (typeof draft.id !== 'string' || draft.id.length === 0 || draft.id.length > 400) {
    throw new PayoutError('PAYOUT_E_VALIDATION', 'a posting needs an id of 1–400 characters');
  }
  const effectiveAt = normaliseInstant(draft.effectiveAt, draft.id);
  const bookingDate = draft.bookingDate === undefined ? undefined : parseLocalDate(draft.bookingDate);
  if (draft.entries.length < 2) {
    throw new PayoutError(
      'PAYOUT_E_LEDGER_UNBALANCED',
      `posting ${draft.id} has ${draft.entries.length} entries; a posting needs at least two`,
      {
        postingId: draft.id,
      },
    );
  }
  const entries = draft.entries.map((e) => checkEntry(e, draft.id));
  assertBalanced(draft.id, entries);
  return Object.freeze({
    id: draft.id,
    journalId: draft.journalId ?? draft.id,
    cause: Object.freeze({ ...draft.cause }),
    effectiveAt,
    ...(bookingDate === undefined ? {} : { bookingDate }),
    entries: Object.freeze(entries),
  });
}

/** Sum per currency of a posting's entries; all zero for a balanced posting. */
export function sumsByCurrency(entries: readonly PostingEntry[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const e of entries) sums.set(e.currency, (sums.get(e.currency) ?? 0n) + e.amountMinor);
  return sums;
}

/** Throws PAYOUT_E_LEDGER_UNBALANCED unless the entries sum to zero in every currency. */
export function assertBalanced(postingId: string, entries: readonly PostingEntry[]): void {
  for (const [currency, sum] of sumsByCurrency(entries)) {
    if (sum !== 0n) {
      throw new PayoutError(
        'PAYOUT_E_LEDGER_UNBALANCED',
        `posting ${postingId} does not balance in ${currency}: entries sum to ${sum} minor units`,
        {
          postingId,
          currency,
          imbalanceMinor: sum.toString(),
        },
      );
    }
  }
}

function checkEntry(e: PostingEntry, postingId: string): PostingEntry {
  if (typeof e.amountMinor !== 'bigint') {
    throw new PayoutError(
      'PAYOUT_E_INVALID_AMOUNT',
      `posting ${postingId}: an entry amount must be a bigint, got ${typeof e.amountMinor}`,
      { postingId },
    );
  }
  if (e.amountMinor === 0n) {
    throw new PayoutError('PAYOUT_E_LEDGER_UNBALANCED', `posting ${postingId}: an entry of zero records nothing`, { postingId });
  }
  currencyExponent(e.currency);
  if (!isAccountKind(e.account.kind) || typeof e.account.fundingAccountId !== 'string' || e.account.fundingAccountId.length === 0) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `posting ${postingId}: unknown account ${JSON.stringify(e.account).slice(0, 80)}`, {
      postingId,
    });
  }
  return Object.freeze({
    account: Object.freeze({ fundingAccountId: e.account.fundingAccountId, kind: e.account.kind }),
    currency: e.currency,
    amountMinor: e.amountMinor,
  });
}

function normaliseInstant(at: Date | string, postingId: string): string {
  const d = typeof at === 'string' ? (ISO_INSTANT.test(at) ? new Date(at) : new Date(Number.NaN)) : at;
  if (!(d instanceof Date) || !Number.isFinite(d.getTime())) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `posting ${postingId}: effectiveAt must be a valid instant`, { postingId });
  }
  return d.toISOString();
}
