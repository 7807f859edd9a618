import { formatAmountMinor } from '@payout/domain';
import { malformed, maskedExcerpt } from '../statement-error.ts';
import type { LineDraft } from '../statement-assembler.ts';
import type {
  BankTransactionCode,
  Counterparty,
  LineDirection,
  LineStatus,
  ReturnReason,
  StatementLine,
  StatementWarning,
} from '../statement.model.ts';
import type { CamtEntryTally } from './camt-control-totals.ts';
import { accountId, agentBic, amountInCurrency, camtAmount, dateChoice, directionOf } from './camt-fields.ts';
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
 * its own EndToEndId. When they do not (amounts missing, as many banks send batches, or not
 * adding up), every TxDtls is still its own line so no reference is lost: the first carries the
 * entry's total and the others 0, so the entry counts once for balances, and each line has a
 * `batch_amounts_missing` (or `batch_amounts_mismatch`) warning. Matching such a line by amount
 * must fail, which verification treats as unmatched, never as absent.
 *
 * Leniencies, each a warning on the line: a booked entry without BookgDt takes its ValDt as booking
 * date (`booking_date_absent`); an entry in another currency than the account keeps its own amount
 * and gets the account-currency amount from AmtDtls as `accountAmount` (`foreign_currency_entry`).
 * A booked foreign-currency entry that names no account-currency amount is refused: the balance
 * would move by an unknown amount.
 *
 * Runs once per entry of files with a million of them: each element's children are walked once
 * (a switch on the name keeps the first of each, as `child()` would), every line is built by
 * `line()` so all lines share one object shape, and the leniencies cost one comparison each
 * when they do not apply.
 */
export function camtEntryLines(
  format: CamtFormat,
  ntry: XmlNode,
  entryIndex: number,
  raw: string,
  accountCurrency: string,
  tally: CamtEntryTally | undefined,
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
  let amtDtls: XmlNode | undefined;
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
      case 'AmtDtls':
        amtDtls ??= c;
        break;
      case 'NtryDtls':
        for (const d of c.children) if (d.name === 'TxDtls') (txNodes ??= []).push(d);
        break;
      case 'TxDtls':
        // camt.052.001.01 has no NtryDtls: its TxDtls sit directly under Ntry.
        (txNodes ??= []).push(c);
        break;
    }
  }
  if (amtNode === undefined) throw malformed(format, place(ntry), 'entry has no Amt');
  const amount = camtAmount(format, amtNode);
  if (cdtDbt === undefined) throw malformed(format, place(ntry), 'CdtDbtInd is missing');
  const dir = directionOf(format, cdtDbt);
  const reversal = reversalOf(format, rvsl);
  const status = statusOf(format, ntry, sts);
  let bookingDate = dateChoice(format, bookg);
  const valueDate = dateChoice(format, val);
  let warnings: StatementWarning[] | undefined;
  if (status === 'booked' && bookingDate === undefined) {
    // BookgDt is optional in every camt schema and some banks leave it out on booked entries.
    bookingDate = valueDate;
    warnings = [
      {
        code: 'booking_date_absent',
        place: place(ntry),
        message:
          valueDate === undefined
            ? 'booked entry has neither BookgDt nor ValDt: its booking date is unknown'
            : `booked entry has no BookgDt: its value date ${valueDate} is taken as the booking date`,
      },
    ];
  }
  let accountAmount: AccountAmount | undefined;
  if (amount.currency !== accountCurrency) {
    const single = txNodes?.length === 1 ? txNodes[0] : undefined;
    const found = foreignEntryAmount(format, ntry, amount, amtDtls, single, accountCurrency, status);
    accountAmount = found.accountAmount;
    (warnings ??= []).push(found.warning);
  }
  tally?.entry(dir, status, accountAmount?.amountMinor ?? amount.amountMinor, amount.amountMinor);
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
    return [
      extras(
        line(facts, undefined, amount.amountMinor, dir, noTransaction(entryRef, entryCode, entryInfo), place(ntry)),
        accountAmount,
        warnings,
      ),
    ];
  }
  if (txNodes.length === 1) {
    const single = txNodes[0] as XmlNode;
    // Read for its validation only: a single transaction's own amount and indicator must be well-formed.
    transactionInfo(format, single);
    const only = line(
      facts,
      undefined,
      amount.amountMinor,
      dir,
      transactionFields(format, single, dir, entryRef, entryCode, entryInfo),
      place(ntry),
    );
    return [extras(only, accountAmount, warnings)];
  }
  const txs = txNodes.map((node) => transactionInfo(format, node));
  const batch = { transactionCount: txs.length, entryAmountMinor: amount.amountMinor };
  // A foreign-currency batch: the entry's account-currency amount is on the first line only.
  const restAccount = accountAmount === undefined ? undefined : { currency: accountAmount.currency, amountMinor: 0n };
  if (splittable(amount.amountMinor, amount.currency, dir, txs)) {
    return txs.map((tx, i) => {
      const txDir = tx.direction ?? dir;
      const l = line(
        facts,
        batch,
        tx.amount?.amountMinor ?? 0n,
        txDir,
        transactionFields(format, tx.node, txDir, entryRef, entryCode, entryInfo),
        place(tx.node),
      );
      return extras(l, i === 0 ? accountAmount : restAccount, warnings);
    });
  }
  const missing = txs.some((tx) => tx.amount === undefined);
  const batchWarnings: StatementWarning[] = [
    ...(warnings ?? []),
    {
      code: missing ? 'batch_amounts_missing' : 'batch_amounts_mismatch',
      place: place(ntry),
      message: `${missing ? 'batch entry of' : 'batch entry whose'} ${txs.length} TxDtls ${missing ? 'without amounts of their own' : 'amounts do not add up to the entry in its currency'}: one line each for their references; the first carries the entry total ${formatAmountMinor(amount.amountMinor, amount.currency)} ${amount.currency}, the others 0`,
    },
  ];
  return txs.map((tx, i) => {
    const txDir = i === 0 ? dir : (tx.direction ?? dir);
    const l = line(
      facts,
      batch,
      i === 0 ? amount.amountMinor : 0n,
      txDir,
      transactionFields(format, tx.node, txDir, entryRef, entryCode, entryInfo),
      place(tx.node),
    );
    return extras(l, i === 0 ? accountAmount : restAccount, batchWarnings);
  });
}

type AccountAmount = NonNullable<StatementLine['accountAmount']>;

/**
 * An entry in another currency than the account: the account-currency amount from the entry's
 * AmtDtls, else (one transaction) the transaction's. Booked and none found → refused; pending or
 * info (which move no balance) → kept with a warning saying so.
 */
function foreignEntryAmount(
  format: CamtFormat,
  ntry: XmlNode,
  amount: { amountMinor: bigint; currency: string },
  amtDtls: XmlNode | undefined,
  single: XmlNode | undefined,
  accountCurrency: string,
  status: LineStatus,
): { accountAmount: AccountAmount | undefined; warning: StatementWarning } {
  const own = `${formatAmountMinor(amount.amountMinor, amount.currency)} ${amount.currency}`;
  const found = amountInCurrency(format, amtDtls, accountCurrency) ?? amountInCurrency(format, child(single, 'AmtDtls'), accountCurrency);
  if (found === undefined) {
    if (status === 'booked') {
      throw malformed(
        format,
        place(ntry),
        `booked entry of ${own} on the ${accountCurrency} account names no ${accountCurrency} amount (AmtDtls CntrValAmt, TxAmt, InstdAmt or AnncdPstngAmt): what it moved the balance by is unknown`,
      );
    }
    return {
      accountAmount: undefined,
      warning: {
        code: 'foreign_currency_entry',
        place: place(ntry),
        message: `${status} entry of ${own} on the ${accountCurrency} account names no ${accountCurrency} amount; it moves no balance`,
      },
    };
  }
  return {
    accountAmount: { currency: found.currency, amountMinor: found.amountMinor },
    warning: {
      code: 'foreign_currency_entry',
      place: place(ntry),
      message: `entry of ${own} on the ${accountCurrency} account: it moved the balance by ${formatAmountMinor(found.amountMinor, found.currency)} ${found.currency} (${found.source})`,
    },
  };
}

/** Attach what only quirky entries have, after the shared shape is built (exact optional properties: absent, not undefined). */
function extras(l: LineDraft, accountAmount: AccountAmount | undefined, warnings: readonly StatementWarning[] | undefined): LineDraft {
  if (accountAmount === undefined && warnings === undefined) return l;
  const m = l as { accountAmount?: AccountAmount; warnings?: readonly StatementWarning[] };
  if (accountAmount !== undefined) m.accountAmount = accountAmount;
  if (warnings !== undefined) m.warnings = warnings;
  return l;
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
    if (!isUuid(uetr)) throw malformed(format, place(uetrNode), `UETR ${JSON.stringify(maskedExcerpt(uetr))} is not a UUID`);
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
  throw malformed(format, place(node), `RvslInd ${JSON.stringify(maskedExcerpt(v))} is not a boolean`);
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
      throw malformed(format, place(node), `entry status ${JSON.stringify(maskedExcerpt(code))} is not BOOK, PDNG, FUTR or INFO`);
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
  // .001.01 names them RtrRsn and AddtlRtrRsnInf.
  const info = [...children(node, 'AddtlInf'), ...children(node, 'AddtlRtrRsnInf')]
    .map((n) => n.text.trim())
    .filter((s) => s !== '')
    .join(' ');
  const code = textAt(node, 'Rsn', 'Cd') ?? textAt(node, 'Rsn', 'Prtry') ?? textAt(node, 'RtrRsn', 'Cd') ?? textAt(node, 'RtrRsn', 'Prtry');
  return { code, info: info === '' ? undefined : info };
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
      const ref = textAt(c, 'CdtrRefInf', 'Ref') ?? textAt(c, 'CdtrRefInf', 'CdtrRef'); // CdtrRef in .001.01
      if (ref !== undefined) structured = structured === undefined ? ref : `${structured} ${ref}`;
    }
  }
  return unstructured ?? structured;
}
