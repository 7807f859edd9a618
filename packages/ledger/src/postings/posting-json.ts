import { PayoutError, parseMinorUnits } from '@payout/domain';
import type { AccountKind } from '../accounts/ledger-account.ts';
import { buildPosting } from './posting.builder.ts';
import type { Posting, PostingCause } from './posting.ts';

/** A posting as JSON carries it: amounts are strings of minor units, never numbers. */
export interface PostingJson {
  readonly id: string;
  readonly journalId: string;
  readonly cause: PostingCause;
  readonly effectiveAt: string;
  readonly bookingDate?: string;
  readonly entries: readonly {
    readonly fundingAccountId: string;
    readonly kind: AccountKind;
    readonly currency: string;
    readonly amountMinor: string;
  }[];
}

export function postingToJson(p: Posting): PostingJson {
  return {
    id: p.id,
    journalId: p.journalId,
    cause: p.cause,
    effectiveAt: p.effectiveAt,
    ...(p.bookingDate === undefined ? {} : { bookingDate: p.bookingDate }),
    entries: p.entries.map((e) => ({
      fundingAccountId: e.account.fundingAccountId,
      kind: e.account.kind,
      currency: e.currency,
      amountMinor: e.amountMinor.toString(),
    })),
  };
}

/** Parses and re-checks a stored posting (it must still balance). */
export function postingFromJson(j: unknown): Posting {
  if (typeof j !== 'object' || j === null) throw new PayoutError('PAYOUT_E_VALIDATION', 'a posting must be an object');
  const o = j as Partial<PostingJson>;
  if (!Array.isArray(o.entries) || typeof o.id !== 'string' || typeof o.effectiveAt !== 'string' || typeof o.cause !== 'object') {
    throw new PayoutError('PAYOUT_E_VALIDATION', 'a posting needs id, cause, effectiveAt and entries');
  }
  return buildPosting({
    id: o.id,
    ...(typeof o.journalId === 'string' ? { journalId: o.journalId } : {}),
    cause: o.cause,
    effectiveAt: o.effectiveAt,
    bookingDate: o.bookingDate,
    entries: o.entries.map((e) => ({
      account: { fundingAccountId: e.fundingAccountId, kind: e.kind },
      currency: e.currency,
      amountMinor: parseMinorUnits(e.amountMinor),
    })),
  });
}

/**
 * A canonical string of a posting's content: two postings with the same id are the same
 * posting exactly when their fingerprints are equal (how a store tells a replay from a clash).
 */
export function postingFingerprint(p: Posting): string {
  const j = postingToJson(p);
  const cause = Object.fromEntries(Object.entries(j.cause).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify([
    j.id,
    j.journalId,
    cause,
    j.effectiveAt,
    j.bookingDate ?? null,
    j.entries.map((e) => [e.fundingAccountId, e.kind, e.currency, e.amountMinor]),
  ]);
}
