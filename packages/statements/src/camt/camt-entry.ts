import { malformed } from '../statement-error.ts';
import type { LineDraft } from '../statement-assembler.ts';
import type {
  BankTransactionCode,
  Counterparty,
  LineDirection,
  LineStatus,
  ReturnReason,
  StatementLine,
} from '../statement.model.ts';
import { accountId, agentBic, camtAmount, dateChoice, directionOf } from './camt-fields.ts';
import type { CamtFormat } from './camt-namespace.ts';
import { at, child, children, place, textAt, textOf, type XmlNode } from './xml-node.ts';

interface TxInfo {
  readonly node: XmlNode;
  readonly amount: { amountMinor: bigint; currency: string } | undefined;
  readonly direction: LineDirection | undefined;
}

/** What every line of one entry shares. */
interface EntryFacts {
  readonly entryIndex: number;
  readonly currency: string;
  readonly reversal: boolean;
  readonly status: LineStatus;
  readonly bookingDate: string | undefined;
  readonly valueDate: string | undefined;
  readonly bankReference: string | undefined;
  readonly raw: string;
}

/** The transaction-level facts of a line (all undefined for an entry without usable TxDtls). */
type TxFields = Pick<
  StatementLine,
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

/**
 * One Ntry → its lines. An entry with at most one TxDtls is one line. A batch-booked entry with
 * several TxDtls is split into one line per transaction when every transaction carries an
 * amount in the entry currency and they add up to the entry, so each payout can be matched on
 * its own EndToEndId; otherwise it stays one line without transaction references (matching by
 * reference is then impossible, which verification treats as unmatched, never as absent).
 *
 * Runs once per entry of files with a million of them: each element's children are walked once
 * (a switch on the name keeps the first of each, as `child()` would), and every line is built
 * by `line()` so all lines share one object shape.
 */
export function camtEntryLines(
  format: CamtFormat,
  ntry: XmlNode,
  entryIndex: number,
  raw: string,
): LineDraft[] {
  let amtNode: XmlNode | undefined;
  let cdtDbt: XmlNode | undefined;
  let rvsl: XmlNode | undefined;
  let sts: XmlNode | undefined;
  let bookg: XmlNode | undefined;
  let val: XmlNode | undefined;
  let acctSvcrRef: XmlNode | undefined;
  let ntryRef: XmlNode | undefined;
  let bkTxCd: XmlNode | undefined;
  let addtlNtryInf: XmlNode | undefined;
  let txNodes: XmlNode[] | undefined;
  for (const c of ntry.children) {
    switch (c.name) {
      case 'Amt':
        amtNode ??= c;
        break;
      case 'CdtDbtInd':
        cdtDbt ??= c;
        break;
      case 'RvslInd':
        rvsl ??= c;
        break;
      case 'Sts':
        sts ??= c;
        break;
      case 'BookgDt':
        bookg ??= c;
        break;
      case 'ValDt':
        val ??= c;
        break;
      case 'AcctSvcrRef':
        acctSvcrRef ??= c;
        break;
      case 'NtryRef':
        ntryRef ??= c;
        break;
      case 'BkTxCd':
        bkTxCd ??= c;
        break;
      case 'AddtlNtryInf':
        addtlNtryInf ??= c;
        break;
      case 'NtryDtls':
        for (const d of c.children) if (d.name === 'TxDtls') (txNodes ??= []).push(d);
        break;
    }
  }
  if (amtNode === undefined) throw malformed(format, place(ntry), 'entry has no Amt');
  const amount = camtAmount(format, amtNode);
  if (cdtDbt === undefined) throw malformed(format, place(ntry), 'CdtDbtInd is missing');
  const dir = directionOf(format, cdtDbt);
  const reversal = reversalOf(format, rvsl);
  const status = statusOf(format, ntry, sts);
  const bookingDate = dateChoice(format, bookg);
  const valueDate = dateChoice(format, val);
  if (status === 'booked' && bookingDate === undefined) throw malformed(format, place(ntry), 'booked entry has no BookgDt');
  const entryRef = textOf(acctSvcrRef);
  const entryCode = bankTransactionCode(bkTxCd);
  const entryInfo = textOf(addtlNtryInf);
  const facts: EntryFacts = {
    entryIndex,
    currency: amount.currency,
    reversal,
    status,
    bookingDate,
    valueDate,
    // NtryRef is the servicer's own entry reference (unique in the report), a fallback key.
    bankReference: entryRef ?? textOf(ntryRef),
    raw,
  };

  if (txNodes === undefined) {
    return [line(facts, undefined, amount.amountMinor, dir, noTransaction(entryRef, entryCode, entryInfo), place(ntry))];
  }
  if (txNodes.length === 1) {
    const single = txNodes[0] as XmlNode;
    // Read for its validation only: a single transaction's own amount and indicator must be well-formed.
    transactionInfo(format, single);
    return [
      line(facts, undefined, amount.amountMinor, dir, transactionFields(format, single, dir, entryRef, entryCode, entryInfo), place(ntry)),
    ];
  }
  const txs = txNodes.map((node) => transactionInfo(format, node));
  if (splittable(amount.amountMinor, amount.currency, dir, txs)) {
    const batch = { transactionCount: txs.length, entryAmountMinor: amount.amountMinor };
    return txs.map((tx) => {
      const txDir = tx.direction ?? dir;
      return line(facts, batch, tx.amount?.amountMinor ?? 0n, txDir, transactionFields(format, tx.node, txDir, entryRef, entryCode, entryInfo), place(tx.node));
    });
  }
  return [line(facts, undefined, amount.amountMinor, dir, noTransaction(entryRef, entryCode, entryInfo), place(ntry))];
}

/** The one place a camt line object is made: same keys, same order, every time. */
function line(
  e: EntryFacts,
  batch: LineDraft['batch'],
  amountMinor: bigint,
  dir: LineDirection,
  tx: TxFields,
  location: string,
): LineDraft {
  return {
    index: 0,
    entryIndex: e.entryIndex,
    batch,
    currency: e.currency,
    amountMinor,
    direction: dir,
    reversal: e.reversal,
    status: e.status,
    bookingDate: e.bookingDate,
    valueDate: e.valueDate,
    bankReference: e.bankReference,
    accountServicerReference: tx.accountServicerReference,
    customerReference: tx.customerReference,
    endToEndId: tx.endToEndId,
    uetr: tx.uetr,
    instructionId: tx.instructionId,
    paymentInformationId: tx.paymentInformationId,
    transactionId: tx.transactionId,
    mandateId: tx.mandateId,
    bankTransactionCode: tx.bankTransactionCode,
    returnReason: tx.returnReason,
    counterparty: tx.counterparty,
    remittanceInfo: tx.remittanceInfo,
    additionalInfo: tx.additionalInfo,
    raw: e.raw,
    location,
  };
}

function noTransaction(entryRef: string | undefined, entryCode: BankTransactionCode | undefined, entryInfo: string | undefined): TxFields {
  return {
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
  };
}

/** A transaction's own amount (Amt, else AmtDtls/TxAmt/Amt) and credit/debit indicator, validated. */
function transactionInfo(format: CamtFormat, node: XmlNode): TxInfo {
  const txAmt = child(node, 'Amt') ?? at(node, 'AmtDtls', 'TxAmt', 'Amt');
  const indicator = child(node, 'CdtDbtInd');
  return {
    node,
    amount: txAmt === undefined ? undefined : camtAmount(format, txAmt),
    direction: indicator === undefined ? undefined : directionOf(format, indicator),
  };
}

function splittable(entryMinor: bigint, currency: string, dir: LineDirection, txs: readonly TxInfo[]): boolean {
  let sum = 0n;
  for (const tx of txs) {
    if (tx.amount === undefined || tx.amount.currency !== currency) return false;
    sum += (tx.direction ?? dir) === dir ? tx.amount.amountMinor : -tx.amount.amountMinor;
  }
  return sum === entryMinor;
}

function transactionFields(
  format: CamtFormat,
  tx: XmlNode,
  dir: LineDirection,
  entryRef: string | undefined,
  entryCode: BankTransactionCode | undefined,
  entryInfo: string | undefined,
): TxFields {
  let refs: XmlNode | undefined;
  let bkTxCd: XmlNode | undefined;
  let rtrInf: XmlNode | undefined;
  let parties: XmlNode | undefined;
  let agents: XmlNode | undefined;
  let rmtInf: XmlNode | undefined;
  let addtlTxInf: XmlNode | undefined;
  for (const c of tx.children) {
    switch (c.name) {
      case 'Refs':
        refs ??= c;
        break;
      case 'BkTxCd':
        bkTxCd ??= c;
        break;
      case 'RtrInf':
        rtrInf ??= c;
        break;
      case 'RltdPties':
        parties ??= c;
        break;
      case 'RltdAgts':
        agents ??= c;
        break;
      case 'RmtInf':
        rmtInf ??= c;
        break;
      case 'AddtlTxInf':
        addtlTxInf ??= c;
        break;
    }
  }
  let e2e: XmlNode | undefined;
  let uetrNode: XmlNode | undefined;
  let txRef: XmlNode | undefined;
  let ownerRef: XmlNode | undefined;
  let instrId: XmlNode | undefined;
  let pmtInfId: XmlNode | undefined;
  let txId: XmlNode | undefined;
  let mndtId: XmlNode | undefined;
  if (refs !== undefined) {
    for (const c of refs.children) {
      switch (c.name) {
        case 'EndToEndId':
          e2e ??= c;
          break;
        case 'UETR':
          uetrNode ??= c;
          break;
        case 'AcctSvcrRef':
          txRef ??= c;
          break;
        case 'AcctOwnrTxId':
          ownerRef ??= c;
          break;
        case 'InstrId':
          instrId ??= c;
          break;
        case 'PmtInfId':
          pmtInfId ??= c;
          break;
        case 'TxId':
          txId ??= c;
          break;
        case 'MndtId':
          mndtId ??= c;
          break;
      }
    }
  }
  const endToEnd = textOf(e2e);
  let uetr: string | undefined;
  if (uetrNode !== undefined) {
    uetr = uetrNode.text.trim().toLowerCase();
    if (!isUuid(uetr)) throw malformed(format, place(uetrNode), `UETR ${JSON.stringify(uetr.slice(0, 40))} is not a UUID`);
  }
  return {
    accountServicerReference: textOf(txRef) ?? entryRef,
    customerReference: textOf(ownerRef),
    endToEndId: endToEnd === undefined || endToEnd === 'NOTPROVIDED' ? undefined : endToEnd,
    uetr,
    instructionId: textOf(instrId),
    paymentInformationId: textOf(pmtInfId),
    transactionId: textOf(txId),
    mandateId: textOf(mndtId),
    bankTransactionCode: bankTransactionCode(bkTxCd) ?? entryCode,
    returnReason: returnReason(rtrInf),
    counterparty: counterparty(parties, agents, dir),
    remittanceInfo: remittance(rmtInf),
    additionalInfo: textOf(addtlTxInf) ?? entryInfo,
  };
}

/** Lower-case canonical UUID (8-4-4-4-12 hex digits), without a regular expression: this runs per line. */
function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
      return false;
    }
  }
  return true;
}

function reversalOf(format: CamtFormat, node: XmlNode | undefined): boolean {
  if (node === undefined) return false;
  const v = node.text.trim();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw malformed(format, place(node), `RvslInd ${JSON.stringify(v.slice(0, 20))} is not a boolean`);
}

/** Sts is a code up to .001.06 and `<Sts><Cd>` from .001.07. */
function statusOf(format: CamtFormat, ntry: XmlNode, node: XmlNode | undefined): LineStatus {
  if (node === undefined) throw malformed(format, place(ntry), 'entry has no Sts');
  const code = node.children.length === 0 ? node.text.trim() : (textAt(node, 'Cd') ?? textAt(node, 'Prtry') ?? node.text.trim());
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
  let domn: XmlNode | undefined;
  let prtry: XmlNode | undefined;
  for (const c of node.children) {
    if (c.name === 'Domn') domn ??= c;
    else if (c.name === 'Prtry') prtry ??= c;
  }
  let cd: XmlNode | undefined;
  let fmly: XmlNode | undefined;
  if (domn !== undefined) {
    for (const c of domn.children) {
      if (c.name === 'Cd') cd ??= c;
      else if (c.name === 'Fmly') fmly ??= c;
    }
  }
  const domain = textOf(cd);
  const proprietary = textAt(prtry, 'Cd');
  if (domain === undefined && proprietary === undefined) return undefined;
  return {
    domain,
    family: textAt(fmly, 'Cd'),
    subFamily: textAt(fmly, 'SubFmlyCd'),
    proprietary,
    issuer: textAt(prtry, 'Issr'),
  };
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
  const account = accountId(child(parties, dir === 'debit' ? 'CdtrAcct' : 'DbtrAcct'))?.id;
  const agent = agentBic(child(agents, dir === 'debit' ? 'CdtrAgt' : 'DbtrAgt'));
  if (name === undefined && account === undefined && agent === undefined) return undefined;
  return { name, account, agent };
}

function remittance(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  let unstructured: string | undefined;
  let structured: string | undefined;
  for (const c of node.children) {
    if (c.name === 'Ustrd') {
      const t = c.text.trim();
      if (t !== '') unstructured = unstructured === undefined ? t : `${unstructured} ${t}`;
    } else if (c.name === 'Strd') {
      const ref = textAt(c, 'CdtrRefInf', 'Ref');
      if (ref !== undefined) structured = structured === undefined ? ref : `${structured} ${ref}`;
    }
  }
  return unstructured ?? structured;
}
