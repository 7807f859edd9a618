import { classifyReason } from '@payout/domain';
import type { QueryOutcome } from '../bank-outcome.ts';
import { cnStatusClass, mapCnErrorCode } from './cn-codes.ts';
import type { CnTransferRecord } from './cn-wire.ts';

/**
 * One CN transfer record → outcome. A FAIL whose error code we cannot map stays unknown:
 * in this dialect "FAIL + SYSTEM_ERROR" means "result unknown", and an unmapped code might too.
 */
export function cnRecordOutcome(r: CnTransferRecord): Exclude<QueryOutcome, { kind: 'not_found' | 'unavailable' }> {
  const e2e = r.outBizNo;
  const cls = cnStatusClass(r.status);
  switch (cls) {
    case undefined:
      return {
        kind: 'unknown',
        endToEndId: e2e,
        cause: 'unrecognised_status',
        detail: `status word "${r.status.slice(0, 20)}" is not in the table`,
        bankStatus: r.status.slice(0, 35),
      };
    case 'accepted':
      return { kind: 'accepted', endToEndId: e2e, bankStatus: r.status, bankReference: r.bankSerialNo };
    case 'processing':
      return { kind: 'pending', endToEndId: e2e, bankStatus: r.status, bankReference: r.bankSerialNo };
    case 'succeeded':
      return { kind: 'succeeded', endToEndId: e2e, bankStatus: r.status, bankReference: r.bankSerialNo ?? e2e, bookedOn: r.bookDate };
    case 'failed':
    case 'returned': {
      const mapped = mapCnErrorCode(r.errorCode);
      if (mapped.kind === 'system_error') {
        return {
          kind: 'unknown',
          endToEndId: e2e,
          cause: 'bank_system_error',
          detail: `${r.status} ${r.errorCode ?? ''}`.trim(),
          bankStatus: r.status,
        };
      }
      if (mapped.kind === 'unmapped') {
        if (cls === 'returned') {
          // The money came back; only the reason is unreadable.
          const reason = classifyReason(undefined);
          return {
            kind: 'returned',
            endToEndId: e2e,
            bankStatus: r.status,
            code: reason.code,
            reason,
            bankReference: r.bankSerialNo,
            bankCode: r.errorCode,
          };
        }
        return {
          kind: 'unknown',
          endToEndId: e2e,
          cause: 'unrecognised_reason',
          detail: `error code "${(r.errorCode ?? '').slice(0, 20)}" is not in the table`,
          bankStatus: r.status,
        };
      }
      const reason = classifyReason(mapped.code);
      return cls === 'failed'
        ? {
            kind: 'rejected',
            endToEndId: e2e,
            bankStatus: r.status,
            code: mapped.code,
            reason,
            bankCode: r.errorCode,
            bankMessage: r.errorMsg,
          }
        : {
            kind: 'returned',
            endToEndId: e2e,
            bankStatus: r.status,
            code: mapped.code,
            reason,
            bankReference: r.bankSerialNo,
            bankCode: r.errorCode,
          };
    }
  }
}
