import { at, listOf, parseBankXml, textOf } from './xml-text.ts';

/** One transaction's status as a pain.002 reports it (codes as sent, not yet interpreted). */
export interface Pain002Transaction {
  readonly endToEndId: string;
  readonly status: string | undefined;
  readonly reasonCode: string | undefined;
  readonly reasonText: string | undefined;
  readonly bankReference: string | undefined;
  readonly settlementDate: string | undefined;
  readonly acceptedAt: string | undefined;
}

export interface Pain002Report {
  readonly originalMessageId: string | undefined;
  /** Group status (ACCP, RJCT, PART …); may be absent when only transactions carry statuses. */
  readonly groupStatus: string | undefined;
  readonly groupReasonCode: string | undefined;
  readonly transactions: readonly Pain002Transaction[];
}

const ARRAYS = new Set(['OrgnlPmtInfAndSts', 'TxInfAndSts', 'StsRsnInf', 'AddtlInf']);

/** Read a pain.002 CustomerPaymentStatusReport (any .001.x version); undefined when it is not one. */
export function readPain002(xml: string): Pain002Report | undefined {
  const doc = parseBankXml(xml, ARRAYS);
  const report = at(doc, 'Document', 'CstmrPmtStsRpt');
  if (report === undefined || typeof report !== 'object') return undefined;
  const group = at(report, 'OrgnlGrpInfAndSts');
  const transactions: Pain002Transaction[] = [];
  for (const pmtInf of listOf(at(report, 'OrgnlPmtInfAndSts'))) {
    for (const tx of listOf(at(pmtInf, 'TxInfAndSts'))) {
      const e2e = textOf(at(tx, 'OrgnlEndToEndId'));
      if (e2e === undefined) return undefined; // a status we cannot attribute is unreadable
      const reason = listOf(at(tx, 'StsRsnInf'))[0];
      transactions.push({
        endToEndId: e2e,
        status: textOf(at(tx, 'TxSts')),
        reasonCode: textOf(at(reason, 'Rsn', 'Cd')) ?? textOf(at(reason, 'Rsn', 'Prtry')),
        reasonText:
          listOf(at(reason, 'AddtlInf'))
            .map(textOf)
            .filter((s) => s !== undefined)
            .join(' ') || undefined,
        bankReference: textOf(at(tx, 'AcctSvcrRef')),
        settlementDate: textOf(at(tx, 'FctvIntrBkSttlmDt', 'Dt')),
        acceptedAt: textOf(at(tx, 'AccptncDtTm')),
      });
    }
  }
  const groupReason = listOf(at(group, 'StsRsnInf'))[0];
  return {
    originalMessageId: textOf(at(group, 'OrgnlMsgId')),
    groupStatus: textOf(at(group, 'GrpSts')),
    groupReasonCode: textOf(at(groupReason, 'Rsn', 'Cd')) ?? textOf(at(groupReason, 'Rsn', 'Prtry')),
    transactions,
  };
}
