/** What a bank's answer means for an attempt. */
export type OutcomeClass = 'in_progress' | 'succeeded' | 'failed' | 'manual' | 'unknown';

/**
 * ISO 20022 ExternalPaymentTransactionStatus1Code values seen at transaction level in
 * pain.002 / pacs.002. Codes are matched exactly as published (upper case, no trimming):
 * " ACSC" or "acsc" is not ACSC. PART is group-level only and therefore unknown here.
 */
export const ISO_STATUS_CODES: ReadonlyMap<string, { readonly outcome: OutcomeClass; readonly description: string }> = new Map([
  ['RCVD', { outcome: 'in_progress', description: 'Received: the instruction was received by the agent' }],
  ['ACTC', { outcome: 'in_progress', description: 'AcceptedTechnicalValidation: syntax and semantic checks passed' }],
  ['ACCP', { outcome: 'in_progress', description: 'AcceptedCustomerProfile: customer profile checks passed' }],
  ['ACFC', { outcome: 'in_progress', description: 'AcceptedFundsChecked: funds available, not yet settled' }],
  ['ACSP', { outcome: 'in_progress', description: 'AcceptedSettlementInProcess: settlement in process — never resubmit' }],
  ['ACWC', { outcome: 'in_progress', description: 'AcceptedWithChange: accepted, with changes to the instruction' }],
  ['ACWP', { outcome: 'in_progress', description: 'AcceptedWithoutPosting: accepted, not yet posted to the creditor account' }],
  ['PDNG', { outcome: 'in_progress', description: 'Pending: further checks and status update to follow' }],
  ['PATC', { outcome: 'in_progress', description: 'PartiallyAcceptedTechnicalCorrect: authorisation incomplete' }],
  ['ACSC', { outcome: 'succeeded', description: 'AcceptedSettlementCompleted: debtor account settled (a return can still follow)' }],
  [
    'ACCC',
    {
      outcome: 'succeeded',
      description: 'AcceptedSettlementCompletedCreditorAccount: creditor account credited (a return can still follow)',
    },
  ],
  ['RJCT', { outcome: 'failed', description: 'Rejected: the instruction was not executed' }],
  ['CANC', { outcome: 'failed', description: 'Cancelled: the instruction was cancelled before execution' }],
  ['BLCK', { outcome: 'manual', description: 'Blocked: funds blocked (e.g. sanctions); a person must handle it' }],
]);

/**
 * Map a status code to an outcome class. ANYTHING not in the table — unknown codes, wallet
 * codes (SYSTEMERROR, NOT_FOUND), PART, blanks, padded or lower-case codes — is 'unknown',
 * never 'failed': treating an unrecognised answer as failure could pay twice.
 */
export function classifyIsoStatus(code: string): OutcomeClass {
  if (typeof code !== 'string') return 'unknown';
  return ISO_STATUS_CODES.get(code)?.outcome ?? 'unknown';
}
