import { classifyIsoStatus, classifyReason } from '@payout/domain';
import type { QueryOutcome } from '../bank-outcome.ts';
import type { Pain002Transaction } from './pain002.reader.ts';

// Received / technically accepted, not yet in settlement.
const ACCEPTED_CODES = new Set(['RCVD', 'ACTC', 'ACCP', 'ACFC']);

/**
 * One pain.002 transaction status → outcome, through the domain's ISO code tables. Anything
 * the table does not know is `unknown`, never failed. The union is QueryOutcome minus
 * `not_found`/`returned`/`unavailable`, so it also fits a SubmitOutcome.
 */
export function isoTransactionOutcome(
  tx: Pain002Transaction,
): Extract<QueryOutcome, { kind: 'accepted' | 'pending' | 'succeeded' | 'rejected' | 'unknown' }> {
  const e2e = tx.endToEndId;
  const status = tx.status;
  if (status === undefined) return { kind: 'unknown', endToEndId: e2e, cause: 'unparseable', detail: 'TxSts missing' };
  switch (classifyIsoStatus(status)) {
    case 'in_progress':
      return ACCEPTED_CODES.has(status)
        ? { kind: 'accepted', endToEndId: e2e, bankStatus: status, bankReference: tx.bankReference }
        : { kind: 'pending', endToEndId: e2e, bankStatus: status, bankReference: tx.bankReference };
    case 'succeeded':
      return {
        kind: 'succeeded',
        endToEndId: e2e,
        bankStatus: status,
        bankReference: tx.bankReference ?? e2e,
        bookedOn: tx.settlementDate ?? tx.acceptedAt?.slice(0, 10),
      };
    case 'failed': {
      const reason = classifyReason(tx.reasonCode);
      return {
        kind: 'rejected',
        endToEndId: e2e,
        bankStatus: status,
        code: tx.reasonCode ?? reason.code,
        reason,
        bankMessage: tx.reasonText,
      };
    }
    case 'manual':
      return {
        kind: 'unknown',
        endToEndId: e2e,
        cause: 'blocked',
        detail: `status ${status}: held by the bank for manual handling`,
        bankStatus: status,
      };
    case 'unknown':
      return {
        kind: 'unknown',
        endToEndId: e2e,
        cause: 'unrecognised_status',
        detail: `status ${status.slice(0, 8)} is not in the ISO table`,
        bankStatus: status.slice(0, 35),
      };
  }
}
