import type { StatementHeader } from '../statement.model.ts';

export type SequenceBreak =
  | { readonly kind: 'account_changed'; readonly previous: string; readonly next: string }
  | { readonly kind: 'currency_changed'; readonly previous: string; readonly next: string }
  | {
      readonly kind: 'balance_gap';
      readonly previousClosingMinor: bigint;
      readonly nextOpeningMinor: bigint;
      /** next opening − previous closing: money that moved in statements we have not seen. */
      readonly differenceMinor: bigint;
    }
  | {
      readonly kind: 'sequence_gap';
      readonly numbering: 'electronic' | 'legal';
      readonly previous: string;
      readonly next: string;
      /** Statements missing between them; 0 or less means a repeat or out-of-order statement. */
      readonly missing: bigint;
    }
  /** Pages of one statement out of order; nextPage 0 means the previous statement's remaining pages are missing. */
  | { readonly kind: 'page_gap'; readonly number: string; readonly previousPage: number; readonly nextPage: number };

/**
 * Whether `next` continues `prev` without a hole. `continuous` needs the balance chain to hold
 * (next opening = previous closing); sequence numbers are checked too when both carry them.
 * `unverifiable` means the statements lack the balances to tell — treat the period as incomplete.
 */
export type SequenceResult =
  | { readonly kind: 'continuous'; readonly sequenceChecked: boolean }
  | { readonly kind: 'broken'; readonly breaks: readonly SequenceBreak[] }
  | { readonly kind: 'unverifiable'; readonly reason: 'no_previous_closing' | 'no_next_opening' };

/**
 * @example
 *   const r = checkSequence(yesterday, today);
 *   if (r.kind !== 'continuous') markPeriodIncomplete(r);
 */
export function checkSequence(prev: StatementHeader, next: StatementHeader): SequenceResult {
  const breaks: SequenceBreak[] = [];
  if (prev.account.id !== next.account.id) {
    breaks.push({ kind: 'account_changed', previous: prev.account.id, next: next.account.id });
  }
  if (prev.currency !== next.currency) {
    breaks.push({ kind: 'currency_changed', previous: prev.currency, next: next.currency });
  }
  const sequenceChecked = checkNumbers(prev, next, breaks);
  const closing = prev.closingBalance;
  const opening = next.openingBalance;
  if (closing !== undefined && opening !== undefined && closing.amountMinor !== opening.amountMinor) {
    breaks.push({
      kind: 'balance_gap',
      previousClosingMinor: closing.amountMinor,
      nextOpeningMinor: opening.amountMinor,
      differenceMinor: opening.amountMinor - closing.amountMinor,
    });
  }
  if (breaks.length > 0) return { kind: 'broken', breaks };
  if (closing === undefined) return { kind: 'unverifiable', reason: 'no_previous_closing' };
  if (opening === undefined) return { kind: 'unverifiable', reason: 'no_next_opening' };
  return { kind: 'continuous', sequenceChecked };
}

/** Returns whether a numbering was available on both sides; pushes a break when it has a hole. */
function checkNumbers(prev: StatementHeader, next: StatementHeader, breaks: SequenceBreak[]): boolean {
  const numbering: 'electronic' | 'legal' | undefined =
    prev.sequence.electronic !== undefined && next.sequence.electronic !== undefined
      ? 'electronic'
      : prev.sequence.legal !== undefined && next.sequence.legal !== undefined
        ? 'legal'
        : undefined;
  if (numbering === undefined) return false;
  const p = prev.sequence[numbering] ?? '';
  const n = next.sequence[numbering] ?? '';
  if (!/^\d{1,30}$/.test(p) || !/^\d{1,30}$/.test(n)) return false;
  const pn = BigInt(p);
  const nn = BigInt(n);
  const prevPage = prev.sequence.page;
  const nextPage = next.sequence.page;
  if (pn === nn && prevPage !== undefined && nextPage !== undefined) {
    // Pages of one statement (MT940 :28C: 5/1, 5/2 …; camt MsgPgntn).
    if (nextPage !== prevPage + 1) breaks.push({ kind: 'page_gap', number: p, previousPage: prevPage, nextPage });
    return true;
  }
  if (prev.sequence.lastPage === false) {
    // The previous statement announced more pages that never came.
    breaks.push({ kind: 'page_gap', number: p, previousPage: prevPage ?? 0, nextPage: 0 });
  }
  if (nn !== pn + 1n) {
    breaks.push({ kind: 'sequence_gap', numbering, previous: p, next: n, missing: nn - pn - 1n });
  } else if (nextPage !== undefined && nextPage !== 1) {
    breaks.push({ kind: 'page_gap', number: n, previousPage: 0, nextPage });
  }
  return true;
}
