import type { SimTransfer } from '../engine/sim-transfer.ts';
import { el, isoDateTime } from './xml.ts';

/** One TxInfAndSts line: the status code to report plus the transfer it belongs to (if recorded). */
export interface Pain002Line {
  readonly endToEndId: string;
  readonly status: string;
  readonly reasonCode: string | undefined;
  readonly transfer: SimTransfer | undefined;
  readonly settlementDate: string | undefined;
}

/**
 * A pain.002.001.10 CustomerPaymentStatusReport. The group status is ACCP when every line
 * is accepted-like, RJCT when every line is rejected, PART otherwise.
 */
export function writePain002(args: {
  messageId: string;
  createdAtMs: number;
  originalMessageId: string;
  lines: readonly Pain002Line[];
}): string {
  const statuses = args.lines.map((l) => l.status);
  const group = statuses.every((s) => s === 'RJCT') ? 'RJCT' : statuses.some((s) => s === 'RJCT') ? 'PART' : 'ACCP';
  let n = 0;
  const txs = args.lines
    .map((l) => {
      n += 1;
      const t = l.transfer;
      return (
        `<TxInfAndSts>${el('StsId', `${args.messageId.slice(0, 28)}-${n}`)}${el('OrgnlInstrId', l.endToEndId)}${el('OrgnlEndToEndId', l.endToEndId)}` +
        el('TxSts', l.status) +
        (l.reasonCode === undefined ? '' : `<StsRsnInf><Rsn>${el('Cd', l.reasonCode)}</Rsn></StsRsnInf>`) +
        (t === undefined ? '' : el('AccptncDtTm', isoDateTime(t.submittedAt))) +
        (l.settlementDate === undefined ? '' : `<FctvIntrBkSttlmDt>${el('Dt', l.settlementDate)}</FctvIntrBkSttlmDt>`) +
        (t === undefined ? '' : el('AcctSvcrRef', t.bankReference)) +
        `</TxInfAndSts>`
      );
    })
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>` +
    `<GrpHdr>${el('MsgId', args.messageId)}${el('CreDtTm', isoDateTime(args.createdAtMs))}</GrpHdr>` +
    `<OrgnlGrpInfAndSts>${el('OrgnlMsgId', args.originalMessageId)}${el('OrgnlMsgNmId', 'pain.001.001.09')}${el('GrpSts', group)}</OrgnlGrpInfAndSts>` +
    `<OrgnlPmtInfAndSts>${el('OrgnlPmtInfId', args.originalMessageId)}${txs}</OrgnlPmtInfAndSts>` +
    `</CstmrPmtStsRpt></Document>`
  );
}
