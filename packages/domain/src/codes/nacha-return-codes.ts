import type { ReasonTable } from './reason-class.ts';

/**
 * Nacha ACH return reason codes as they apply to credit entries we originate (payouts).
 * A return arrives after the entry settled (usually within 2 banking days; some later):
 * the attempt is failed; if the payout had already succeeded it becomes returned.
 * Debit-only codes (R05, R07, R08, R10, R11, R29, R51 …) are listed as 'other' so that an
 * unexpected one is at least named; none of them permits a new instruction.
 */
export const NACHA_RETURN_CODES: ReasonTable = new Map([
  ['R01', { class: 'insufficient_funds', description: 'Insufficient funds' }],
  ['R02', { class: 'data_error', description: 'Account closed' }],
  ['R03', { class: 'data_error', description: 'No account / unable to locate account' }],
  ['R04', { class: 'data_error', description: 'Invalid account number structure' }],
  ['R05', { class: 'other', description: 'Unauthorized debit to consumer account using corporate SEC code' }],
  ['R06', { class: 'other', description: "Returned per ODFI's request" }],
  ['R07', { class: 'other', description: 'Authorization revoked by customer' }],
  ['R08', { class: 'other', description: 'Payment stopped' }],
  ['R09', { class: 'other', description: 'Uncollected funds' }],
  ['R10', { class: 'other', description: 'Customer advises not authorized, improper, ineligible or part of an incomplete transaction' }],
  ['R11', { class: 'other', description: 'Customer advises entry not in accordance with the terms of the authorization' }],
  ['R12', { class: 'data_error', description: 'Account sold to another DFI' }],
  ['R13', { class: 'data_error', description: 'Invalid ACH routing number' }],
  ['R14', { class: 'data_error', description: 'Representative payee deceased or unable to continue in that capacity' }],
  ['R15', { class: 'data_error', description: 'Beneficiary or account holder deceased' }],
  ['R16', { class: 'data_error', description: 'Account frozen / entry returned per OFAC instruction' }],
  ['R17', { class: 'data_error', description: 'File record edit criteria / account number initiated under questionable circumstances' }],
  ['R18', { class: 'other', description: 'Improper effective entry date' }],
  ['R19', { class: 'other', description: 'Amount field error' }],
  ['R20', { class: 'data_error', description: 'Non-transaction account' }],
  ['R21', { class: 'other', description: 'Invalid company identification' }],
  ['R22', { class: 'data_error', description: 'Invalid individual ID number' }],
  ['R23', { class: 'data_error', description: 'Credit entry refused by receiver' }],
  ['R24', { class: 'duplicate', description: 'Duplicate entry' }],
  ['R25', { class: 'other', description: 'Addenda error' }],
  ['R26', { class: 'other', description: 'Mandatory field error' }],
  ['R27', { class: 'other', description: 'Trace number error' }],
  ['R28', { class: 'data_error', description: 'Routing number check digit error' }],
  ['R29', { class: 'other', description: 'Corporate customer advises not authorized' }],
  ['R30', { class: 'other', description: 'RDFI not participant in check truncation program' }],
  ['R31', { class: 'other', description: 'Permissible return entry (CCD and CTX only)' }],
  ['R32', { class: 'other', description: 'RDFI non-settlement' }],
  ['R34', { class: 'other', description: 'Limited participation DFI' }],
  ['R35', { class: 'other', description: 'Return of improper debit entry' }],
  ['R61', { class: 'other', description: 'Misrouted return' }],
  ['R62', { class: 'other', description: 'Return of erroneous or reversing debit' }],
  ['R80', { class: 'other', description: 'IAT entry coding error' }],
  ['R81', { class: 'other', description: 'Non-participant in IAT program' }],
  ['R82', { class: 'data_error', description: 'Invalid foreign receiving DFI identification' }],
  ['R83', { class: 'other', description: 'Foreign receiving DFI unable to settle' }],
  ['R84', { class: 'other', description: 'Entry not processed by gateway' }],
  ['R85', { class: 'other', description: 'Incorrectly coded outbound international payment' }],
]);
