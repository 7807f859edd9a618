import { malformed } from '../statement-error.ts';
import type { LineDraft } from '../statement-assembler.ts';
import type {
  BankTransactionCode,
  Counterparty,
  LineDirection,
  LineStatus,
  ReturnReason,
} from '../statement.model.ts';
import { accountId, agentBic, camtAmount, dateChoice, direction } from './camt-fields.ts';
import type { CamtFormat } from './camt-namespace.ts';
import { at, child, children, place, textAt, type XmlNode } from './xml-node.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface TxInfo {
  readonly node: XmlNode;
  readonly amount: { amountMinor: bigint; currency: string } | undefined;
  readonly direction: LineDirection | undefined;
}

/**
 * One Ntry → its lines. An entry with at most one TxDtls is one line. A batch-booked entry with
 * several TxDtls is split into one line per transaction when every transaction carries an
 * amount in the entry currency and they add up to the entry, so each payout can be matched on
 * its own EndToEndId; otherwise it stays one line without transaction references (matching by
 * reference is then impossible, which verification treats as unmatched, never as absent).
 */
export function camtEntryLines(
  format: CamtFormat,
  ntry: XmlNode,
  entryIndex: number,
  raw: string,
): LineDraft[] {
  const amtNode = child(ntry, 'Amt');
  if (amtNode === undefined) throw malformed(format, place(ntry), 'entry has no Amt');
  const amount = camtAmount(format, amtNode);
  const dir = direction(format, ntry);
  const reversal = reversalOf(format, ntry);
  const status = statusOf(format, ntry);
  const bookingDate = dateChoice(format, child(ntry, 'BookgDt'));
  const valueDate = dateChoice(format, child(ntry, 'ValDt'));
  if (status === 'booked' && bookingDate === undefined) throw malformed(format, place(ntry), 'booked entry has no BookgDt');
  const entryRef = textAt(ntry, 'AcctSvcrRef');
  const ntryRef = textAt(ntry, 'NtryRef');
  const entryCode = bankTransactionCode(child(ntry, 'BkTxCd'));
  const entryInfo = textAt(ntry, 'AddtlNtryInf');

  const txNodes = children(ntry, 'NtryDtls').flatMap((d) => children(d, 'TxDtls'));
  const txs: TxInfo[] = txNodes.map((node) => {
    const txAmt = child(node, 'Amt') ?? at(node, 'AmtDtls', 'TxAmt', 'Amt');
    return {
      node,
      amount: txAmt === undefined ? undefined : camtAmount(format, txAmt),
      direction: child(node, 'CdtDbtInd') === undefined ? undefined : direction(format, node),
    };
  });

  const common = {
    index: 0,
    currency: amount.currency,
    reversal,
    status,
    bookingDate,
    valueDate,
    // NtryRef is the servicer's own entry reference (unique in the report), a fallback key.
    bankReference: entryRef ?? ntryRef,
    raw,
  };

  if (txs.length >= 2 && splittable(amount.amountMinor, amount.currency, dir, txs)) {
    return txs.map((tx) => ({
      ...common,
      ...transactionFields(format, tx.node, tx.direction ?? dir, entryRef, entryCode, entryInfo),
      entryIndex,
      batch: { transactionCount: txs.length, entryAmountMinor: amount.amountMinor },
      amountMinor: tx.amount?.amountMinor ?? 0n,
      direction: tx.direction ?? dir,
      location: place(tx.node),
    }));
  }
  const single = txs.length === 1 ? txs[0] : undefined;
  if (single !== undefined) {
    return [
      {
        ...common,
        ...transactionFields(format, single.node, dir, entryRef, entryCode, entryInfo),
        entryIndex,
        batch: undefined,
        amountMinor: amount.amountMinor,
        direction: dir,
        location: place(ntry),
      },
    ];
  }
  return [
    {
      ...common,
      entryIndex,
      batch: undefined,
      amountMinor: amount.amountMinor,
      direction: dir,
      accountServicerReference: entryRef,
      customerReference: undefined,
      endToEndId: undefined,
      uetr: undefined,
      instructionId: undefined,
      paymentInformationId: undefined,
      transactionId: undefined,
      mandateId: undefined,
      bankTransactionCode: entryCode,
      returnReason: undefined,
      counterparty: undefined,
      remittanceInfo: undefined,
      additionalInfo: entryInfo,
      location: place(ntry),
    },
  ];
}

function splittable(entryMinor: bigint, currency: string, dir: LineDirection, txs: readonly TxInfo[]): boolean {
  let sum = 0n;
  for (const tx of txs) {
    if (tx.amount === undefined || tx.amount.currency !== currency) return false;
    sum += (tx.direction ?? dir) === dir ? tx.amount.amountMinor : -tx.amount.amountMinor;
  }
  return sum === entryMinor;
}

type TxFields = Pick<
  LineDraft,
  | 'accountServicerReference'
  | 'customerReference'
  | 'endToEndId'
  | 'uetr'
  | 'instructionId'
  | 'paymentInformationId'
  | 'transactionId'
  | 'mandateId'
  | 'bankTransactionCode'
  | 'returnReason'
  | 'counterparty'
  | 'remittanceInfo'
  | 'additionalInfo'
>;

function transactionFields(
  format: CamtFormat,
  tx: XmlNode,
  dir: LineDirection,
  entryRef: string | undefined,
  entryCode: BankTransactionCode | undefined,
  entryInfo: string | undefined,
): TxFields {
  const refs = child(tx, 'Refs');
  const e2e = textAt(refs, 'EndToEndId');
  const uetrNode = child(refs, 'UETR');
  let uetr: string | undefined;
  if (uetrNode !== undefined) {
    uetr = uetrNode.text.trim().toLowerCase();
    if (!UUID.test(uetr)) throw malformed(format, place(uetrNode), `UETR ${JSON.stringify(uetr.slice(0, 40))} is not a UUID`);
  }
  return {
    accountServicerReference: textAt(refs, 'AcctSvcrRef') ?? entryRef,
    customerReference: textAt(refs, 'AcctOwnrTxId'),
    endToEndId: e2e === undefined || e2e === 'NOTPROVIDED' ? undefined : e2e,
    uetr,
    instructionId: textAt(refs, 'InstrId'),
    paymentInformationId: textAt(refs, 'PmtInfId'),
    transactionId: textAt(refs, 'TxId'),
    mandateId: textAt(refs, 'MndtId'),
    bankTransactionCode: bankTransactionCode(child(tx, 'BkTxCd')) ?? entryCode,
    returnReason: returnReason(child(tx, 'RtrInf')),
    counterparty: counterparty(child(tx, 'RltdPties'), child(tx, 'RltdAgts'), dir),
    remittanceInfo: remittance(child(tx, 'RmtInf')),
    additionalInfo: textAt(tx, 'AddtlTxInf') ?? entryInfo,
  };
}

function reversalOf(format: CamtFormat, ntry: XmlNode): boolean {
  const node = child(ntry, 'RvslInd');
  if (node === undefined) return false;
  const v = node.text.trim();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw malformed(format, place(node), `RvslInd ${JSON.stringify(v.slice(0, 20))} is not a boolean`);
}

/** Sts is a code up to .001.06 and `<Sts><Cd>` from .001.07. */
function statusOf(format: CamtFormat, ntry: XmlNode): LineStatus {
  const node = child(ntry, 'Sts');
  if (node === undefined) throw malformed(format, place(ntry), 'entry has no Sts');
  const code = textAt(node, 'Cd') ?? textAt(node, 'Prtry') ?? node.text.trim();
  switch (code) {
    case 'BOOK':
      return 'booked';
    case 'PDNG':
    case 'FUTR':
      return 'pending';
    case 'INFO':
      return 'info';
    default:
      throw malformed(format, place(node), `entry status ${JSON.stringify(code.slice(0, 35))} is not BOOK, PDNG, FUTR or INFO`);
  }
}

function bankTransactionCode(node: XmlNode | undefined): BankTransactionCode | undefined {
  if (node === undefined) return undefined;
  const domn = child(node, 'Domn');
  const code: BankTransactionCode = {
    domain: textAt(domn, 'Cd'),
    family: textAt(domn, 'Fmly', 'Cd'),
    subFamily: textAt(domn, 'Fmly', 'SubFmlyCd'),
    proprietary: textAt(node, 'Prtry', 'Cd'),
    issuer: textAt(node, 'Prtry', 'Issr'),
  };
  return code.domain === undefined && code.proprietary === undefined ? undefined : code;
}

function returnReason(node: XmlNode | undefined): ReturnReason | undefined {
  if (node === undefined) return undefined;
  const info = children(node, 'AddtlInf')
    .map((n) => n.text.trim())
    .filter((s) => s !== '')
    .join(' ');
  return { code: textAt(node, 'Rsn', 'Cd') ?? textAt(node, 'Rsn', 'Prtry'), info: info === '' ? undefined : info };
}

/** For a debit the counterparty is the creditor; for a credit, the debtor. */
function counterparty(parties: XmlNode | undefined, agents: XmlNode | undefined, dir: LineDirection): Counterparty | undefined {
  const side = dir === 'debit' ? 'Cdtr' : 'Dbtr';
  const party = child(parties, side);
  // Party40Choice (.001.08+) wraps the party in <Pty>; earlier versions put <Nm> directly.
  const name = textAt(party, 'Pty', 'Nm') ?? textAt(party, 'Nm');
  const account = accountId(child(parties, `${side}Acct`))?.id;
  const agent = agentBic(child(agents, `${side}Agt`));
  if (name === undefined && account === undefined && agent === undefined) return undefined;
  return { name, account, agent };
}

function remittance(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const unstructured = children(node, 'Ustrd')
    .map((n) => n.text.trim())
    .filter((s) => s !== '');
  if (unstructured.length > 0) return unstructured.join(' ');
  const refs = children(node, 'Strd')
    .map((s) => textAt(s, 'CdtrRefInf', 'Ref'))
    .filter((s): s is string => s !== undefined);
  return refs.length > 0 ? refs.join(' ') : undefined;
}
