import { localDateIn } from '@payout/calendar';
import type { SimBank } from '../engine/sim-bank.ts';
import type { SimTransfer } from '../engine/sim-transfer.ts';

/** The CN bank's own error codes, English-style and numeric; `variant` picks one. */
const ISO_TO_CN: Readonly<Record<string, readonly [string, string, string]>> = {
  AC01: ['ACCOUNT_NOT_EXIST', 'E1001', '收款账号不存在'],
  AC04: ['ACCOUNT_CLOSED', 'E1002', '账户已销户'],
  AC06: ['ACCOUNT_FROZEN', 'E1003', '账户冻结'],
  BE01: ['NAME_MISMATCH', 'E1004', '户名不符'],
  AM02: ['AMOUNT_EXCEED_LIMIT', 'E2001', '超过单笔限额'],
  AM04: ['BALANCE_NOT_ENOUGH', 'E2002', '余额不足'],
  DUPL: ['DUPLICATE_ORDER', 'E2003', '重复交易'],
  AM05: ['DUPLICATE_ORDER', 'E2003', '重复交易'],
  AB05: ['RECEIVER_BANK_TIMEOUT', 'E3001', '对方行超时'],
  TM01: ['AFTER_CUTOFF', 'E3002', '已过截止时间'],
};

/** A bank code for an ISO reason; reasons without one get a proprietary code adapters will not know. */
export function cnErrorFor(isoCode: string | undefined, variant: number): { code: string; msg: string } {
  const row = isoCode === undefined ? undefined : ISO_TO_CN[isoCode];
  if (row === undefined) return { code: `E9${(isoCode ?? 'XX').slice(0, 4)}`, msg: '其他错误' };
  return { code: variant === 1 ? row[1] : row[0], msg: row[2] };
}

const WORDS = {
  accepted: ['ACCEPTED', '已受理'],
  pending: ['PROCESSING', '处理中'],
  succeeded: ['SUCCESS', '交易成功'],
  failed: ['FAIL', '交易失败'],
  returned: ['REFUND', '退票'],
} as const;

export type CnReport = keyof typeof WORDS | 'unrecognised';

/** The `data` object of a transfer answer. */
export function cnRecord(
  bank: SimBank,
  t: SimTransfer | undefined,
  endToEndId: string,
  report: CnReport,
  reasonCode: string | undefined,
): Record<string, unknown> {
  const v = t?.variant === 1 ? 1 : 0;
  const status = report === 'unrecognised' ? (bank.config.unrecognisedStatus ?? 'WAIT_CONFIRM') : WORDS[report][v];
  const err = report === 'failed' ? cnErrorFor(reasonCode, v) : report === 'returned' ? cnErrorFor(t?.returnReason, v) : undefined;
  return {
    outBizNo: endToEndId,
    bankSerialNo: t?.bankReference ?? null,
    status,
    errorCode: err?.code ?? null,
    errorMsg: err?.msg ?? null,
    bookDate: t?.bookedAt === undefined ? null : localDateIn(new Date(t.bookedAt), bank.config.timeZone).replace(/-/g, ''),
  };
}
