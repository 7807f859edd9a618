import type { Posting } from '../postings/posting.ts';

/**
 * What an event means for the ledger. `post` lists the new postings (append them);
 * `already_posted` is a replay (its posting id is in the history); `nothing_to_post` says why
 * the event moves no money (e.g. a failure of an attempt that never reserved anything).
 */
export type PostingDecision =
  | { readonly kind: 'post'; readonly postings: readonly Posting[] }
  | { readonly kind: 'already_posted'; readonly postingId: string }
  | { readonly kind: 'nothing_to_post'; readonly reason: string };
