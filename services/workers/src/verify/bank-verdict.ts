import type { QueryOutcome } from '@payout/bank';

/**
 * What the bank's answer to a status query means for verification. Only `not_executed` — a
 * definitive reject, or "not found" from a bank whose "not found" is final — counts as the
 * bank confirming that nothing was executed. "Not found" from a bank where it can mean
 * "received, still processing" (回盘 semantics) needs a longer statement period first.
 */
export type BankVerdict =
  | { readonly kind: 'not_executed'; readonly reasonCode: string | undefined; readonly detail: string }
  | { readonly kind: 'not_found_ambiguous'; readonly detail: string }
  | { readonly kind: 'executed'; readonly detail: string }
  | { readonly kind: 'in_progress'; readonly detail: string }
  | { readonly kind: 'unknown'; readonly detail: string }
  | { readonly kind: 'not_asked' };

export function verdictOf(outcome: QueryOutcome): BankVerdict {
  switch (outcome.kind) {
    case 'rejected':
      return { kind: 'not_executed', reasonCode: outcome.code, detail: `bank reports ${outcome.bankStatus} ${outcome.code}` };
    case 'not_found':
      return outcome.mayStillBeProcessing
        ? { kind: 'not_found_ambiguous', detail: 'bank has no record (its "not found" may mean still processing)' }
        : { kind: 'not_executed', reasonCode: undefined, detail: 'bank has no record of the instruction' };
    case 'succeeded':
    case 'returned':
      return { kind: 'executed', detail: `bank reports ${outcome.bankStatus}` };
    case 'accepted':
    case 'pending':
      return { kind: 'in_progress', detail: `bank reports ${outcome.bankStatus}` };
    case 'unknown':
      return { kind: 'unknown', detail: `query answer unknown (${outcome.cause})` };
    case 'unavailable':
      return { kind: 'unknown', detail: `query not made (${outcome.cause})` };
  }
}
