/**
 * Why an attempt failed, as far as a new instruction is concerned.
 *  data_error           fix the beneficiary/bank data; the payout ends failed
 *  retry_allowed        definite reject for a transient cause at the bank (AB0x timeouts)
 *  retry_other_channel  over a channel/scheme limit (AM02 …): another channel may take it
 *  retry_next_cycle     after cut-off (TM01): try again in the next cycle
 *  insufficient_funds   our funding account was short (AM04): retry after funding
 *  duplicate            the bank saw it as a duplicate (AM05, DUPL): it may hold an executed
 *                       earlier instruction → manual review, never a new attempt
 *  other                a known code that gives no basis for a new attempt (MS02, MS03, NARR …)
 *  unrecognised         not in our tables → no new attempt, a person looks
 */
export type ReasonClass =
  | 'data_error'
  | 'retry_allowed'
  | 'retry_other_channel'
  | 'retry_next_cycle'
  | 'insufficient_funds'
  | 'duplicate'
  | 'other'
  | 'unrecognised';

export interface ReasonInfo {
  readonly code: string;
  readonly class: ReasonClass;
  readonly permitsNewAttempt: boolean;
  readonly description: string;
}

/** Only these classes can ever permit a new instruction. */
const PERMITTING: ReadonlySet<ReasonClass> = new Set<ReasonClass>([
  'retry_allowed',
  'retry_other_channel',
  'retry_next_cycle',
  'insufficient_funds',
]);

export function classPermitsNewAttempt(c: ReasonClass): boolean {
  return PERMITTING.has(c);
}

export type ReasonTable = ReadonlyMap<string, { readonly class: Exclude<ReasonClass, 'unrecognised'>; readonly description: string }>;
