import { formatAmountMinor } from '@payout/domain';
import type { PaymentInstruction } from '../bank-instruction.ts';
import { accountIdXml, agentXml } from './iso-account.xml.ts';
import { el } from './xml-text.ts';

export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

export interface Pain001Header {
  /** Unique per message, ≤ 35 characters. */
  readonly messageId: string;
  readonly createdAt: Date;
  readonly initiatingPartyName: string;
  readonly debtorName: string;
}

/**
 * A pain.001.001.09 CustomerCreditTransferInitiation with one CdtTrfTxInf per instruction,
 * grouped into one PmtInf per (debtor account, execution date). All instructions share one
 * currency (a channel carries one), so CtrlSum is exact in minor units.
 */
export function writePain001(header: Pain001Header, instructions: readonly PaymentInstruction[]): string {
  const currency = instructions[0]?.amount.currency ?? 'EUR';
  const total = instructions.reduce((s, i) => s + i.amount.amountMinor, 0n);
  const groups = new Map<string, PaymentInstruction[]>();
  for (const i of instructions) {
    const key = `${i.debtorAccount.scheme}|${i.debtorAccount.accountNumber}|${i.requestedExecutionDate}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [i]);
    else list.push(i);
  }
  let n = 0;
  const pmtInfs = [...groups.values()].map((txs) => {
    n += 1;
    return paymentInfo(`${header.messageId.slice(0, 30)}-${n}`, header.debtorName, txs);
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<Document xmlns="${PAIN001_NAMESPACE}"><CstmrCdtTrfInitn>` +
    `<GrpHdr>${el('MsgId', header.messageId)}${el('CreDtTm', header.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'))}` +
    `${el('NbOfTxs', String(instructions.length))}${el('CtrlSum', formatAmountMinor(total, currency))}` +
    `<InitgPty>${el('Nm', header.initiatingPartyName)}</InitgPty></GrpHdr>` +
    pmtInfs.join('') +
    `</CstmrCdtTrfInitn></Document>`
  );
}

function paymentInfo(id: string, debtorName: string, txs: readonly PaymentInstruction[]): string {
  const first = txs[0];
  if (first === undefined) return '';
  const currency = first.amount.currency;
  const sum = txs.reduce((s, i) => s + i.amount.amountMinor, 0n);
  const debtorAgent = agentXml(first.debtorAccount) ?? '<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>';
  return (
    `<PmtInf>${el('PmtInfId', id)}<PmtMtd>TRF</PmtMtd><BtchBookg>false</BtchBookg>` +
    `${el('NbOfTxs', String(txs.length))}${el('CtrlSum', formatAmountMinor(sum, currency))}` +
    `<ReqdExctnDt>${el('Dt', first.requestedExecutionDate)}</ReqdExctnDt>` +
    `<Dbtr>${el('Nm', debtorName)}</Dbtr><DbtrAcct>${accountIdXml(first.debtorAccount)}</DbtrAcct>` +
    `<DbtrAgt>${debtorAgent}</DbtrAgt>` +
    txs.map(transaction).join('') +
    `</PmtInf>`
  );
}

function transaction(i: PaymentInstruction): string {
  const creditorAgent = agentXml(i.beneficiary.account);
  return (
    `<CdtTrfTxInf><PmtId>${el('InstrId', i.endToEndId)}${el('EndToEndId', i.endToEndId)}</PmtId>` +
    `<Amt><InstdAmt Ccy="${i.amount.currency}">${formatAmountMinor(i.amount.amountMinor, i.amount.currency)}</InstdAmt></Amt>` +
    (creditorAgent === undefined ? '' : `<CdtrAgt>${creditorAgent}</CdtrAgt>`) +
    `<Cdtr>${el('Nm', i.beneficiary.name)}</Cdtr><CdtrAcct>${accountIdXml(i.beneficiary.account)}</CdtrAcct>` +
    (i.remittanceInfo === undefined ? '' : `<RmtInf>${el('Ustrd', i.remittanceInfo)}</RmtInf>`) +
    // Supplementary data is the ISO extension point; real banks ignore it, the simulator's
    // ground truth uses it to count executions per payout across attempts.
    `<SplmtryData><PlcAndNm>PayoutId</PlcAndNm><Envlp>${el('PayoutId', i.payoutId)}</Envlp></SplmtryData>` +
    `</CdtTrfTxInf>`
  );
}
