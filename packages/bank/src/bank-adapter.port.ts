import type { BankAccountRef } from '@payout/domain';
import type { PaymentInstruction, QueryRef } from './bank-instruction.ts';
import type { QueryOutcome, StatementOutcome, SubmitOutcome } from './bank-outcome.ts';
import type { BankProfile } from './profile/bank-profile.ts';

/**
 * The port every bank channel implements. Methods never throw for anything the bank did:
 * every answer, silence or garbage becomes an outcome. They throw only for invalid input
 * (PayoutError PAYOUT_E_BANK_INSTRUCTION_INVALID, before anything is sent) and for bugs.
 *
 * Callers go through `createResilientBank` (timeout, circuit breaker, shared rate limit),
 * which implements this same port.
 *
 * @example
 *   const bank = createResilientBank(createIso20022Adapter(profile, { baseUrl }), deps);
 *   const out = await bank.submit(instruction, AbortSignal.timeout(10_000));
 *   switch (out.kind) {
 *     case 'accepted': case 'pending': case 'succeeded': schedulePoll(); break;
 *     case 'rejected': markFailed(out.reason); break;          // definitive: the bank did not execute
 *     case 'unknown': schedulePoll(); break;                   // may have executed: never fail it
 *     case 'not_sent': case 'unavailable': retryLater(out); break; // provably not at the bank
 *   }
 */
export interface BankAdapter {
  readonly profile: BankProfile;
  /** Send one instruction. */
  submit(instruction: PaymentInstruction, signal: AbortSignal): Promise<SubmitOutcome>;
  /**
   * Send many instructions in one message (pain.001 carries many CdtTrfTxInf). Present only
   * when `profile.supportsBatchSubmit`. Outcomes come back in the order of `instructions`.
   */
  submitBatch?(instructions: readonly PaymentInstruction[], signal: AbortSignal): Promise<readonly SubmitOutcome[]>;
  /** Ask for the status of one earlier instruction. */
  query(ref: QueryRef, signal: AbortSignal): Promise<QueryOutcome>;
  /** Present only when `profile.supportsBatchQuery`; outcomes in the order of `refs`. */
  queryBatch?(refs: readonly QueryRef[], signal: AbortSignal): Promise<readonly QueryOutcome[]>;
  /** The raw statement file for an account and a bank-local date ('YYYY-MM-DD'). */
  fetchStatement(account: BankAccountRef, date: string, signal: AbortSignal): Promise<StatementOutcome>;
}
