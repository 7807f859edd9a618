import { parseAmountMinor } from '@payout/domain';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { IncomingTransfer } from '../engine/sim-transfer.ts';

const ARRAYS = new Set(['PmtInf', 'CdtTrfTxInf', 'SplmtryData']);

export type Pain001Read =
  | { readonly ok: true; readonly messageId: string; readonly transfers: readonly IncomingTransfer[] }
  | { readonly ok: false; readonly problem: string };

type Node = Record<string, unknown>;
const obj = (v: unknown): Node | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined);
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof obj(v)?.['#text'] === 'string' ? (obj(v)?.['#text'] as string) : undefined;

function accountOf(acct: unknown): string | undefined {
  const id = obj(obj(acct)?.['Id']);
  return text(id?.['IBAN']) ?? text(obj(id?.['Othr'])?.['Id']);
}

/**
 * The bank's own reading of a pain.001 (written independently of @payout/bank's writer, so
 * a bug in one shows up against the other). Amounts are parsed exactly into minor units.
 */
export function readPain001(xml: string): Pain001Read {
  if (XMLValidator.validate(xml) !== true) return { ok: false, problem: 'not well-formed XML' };
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    isArray: (n) => ARRAYS.has(n),
  });
  const root = obj(obj(obj(parser.parse(xml) as unknown)?.['Document'])?.['CstmrCdtTrfInitn']);
  if (root === undefined) return { ok: false, problem: 'not a CstmrCdtTrfInitn document' };
  const messageId = text(obj(root['GrpHdr'])?.['MsgId']);
  if (messageId === undefined) return { ok: false, problem: 'GrpHdr/MsgId missing' };
  const transfers: IncomingTransfer[] = [];
  for (const pmtInf of list(root['PmtInf'])) {
    const p = obj(pmtInf);
    const debtor = accountOf(p?.['DbtrAcct']);
    if (debtor === undefined) return { ok: false, problem: 'DbtrAcct missing' };
    for (const txRaw of list(p?.['CdtTrfTxInf'])) {
      const tx = obj(txRaw);
      const e2e = text(obj(tx?.['PmtId'])?.['EndToEndId']);
      const instd = obj(obj(tx?.['Amt'])?.['InstdAmt']);
      const amount = text(instd);
      const currency = instd?.['@Ccy'];
      const beneficiary = accountOf(tx?.['CdtrAcct']);
      const name = text(obj(tx?.['Cdtr'])?.['Nm']);
      if (e2e === undefined || amount === undefined || typeof currency !== 'string' || beneficiary === undefined || name === undefined) {
        return { ok: false, problem: 'a CdtTrfTxInf lacks EndToEndId, InstdAmt, CdtrAcct or Cdtr/Nm' };
      }
      let amountMinor: bigint;
      try {
        amountMinor = parseAmountMinor(amount, currency);
      } catch {
        return { ok: false, problem: `amount ${amount.slice(0, 20)} ${currency.slice(0, 3)} is not a valid decimal` };
      }
      const payoutId = list(tx?.['SplmtryData'])
        .map((d) => text(obj(obj(d)?.['Envlp'])?.['PayoutId']))
        .find((x) => x !== undefined);
      transfers.push({
        endToEndId: e2e,
        payoutId,
        amountMinor,
        currency,
        debtorAccount: debtor,
        beneficiaryAccount: beneficiary,
        beneficiaryName: name,
        messageId,
      });
    }
  }
  if (transfers.length === 0) return { ok: false, problem: 'no CdtTrfTxInf' };
  return { ok: true, messageId, transfers };
}
