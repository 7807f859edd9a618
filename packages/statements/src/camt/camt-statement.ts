import { malformed, maskedExcerpt } from '../statement-error.ts';
import type { StatementBalance, StatementHeader } from '../statement.model.ts';
import { accountId, agentBic, camtAmount, dateChoice, dateOfDateTime, dateTimeText, direction } from './camt-fields.ts';
import type { CamtVersion } from './camt-namespace.ts';
import { at, child, place, textAt, type XmlNode } from './xml-node.ts';

const OPENING_TYPES = ['OPBD', 'PRCD'] as const;

interface CamtBalance {
  readonly type: string;
  readonly balance: StatementBalance;
  readonly currency: string;
  readonly node: XmlNode;
}

export interface CamtHeaderResult {
  readonly header: StatementHeader;
  /** Where the closing balance is, for a balance-mismatch message. */
  readonly closingPlace: string;
}

/**
 * The statement header from the statement's direct children other than Ntry (all of which
 * precede the entries in every camt version) and the group header.
 * `entryCurrency` is the first entry's currency, used only when neither Acct/Ccy nor a
 * balance names one (typical for camt.054).
 */
export function buildCamtHeader(
  version: CamtVersion,
  index: number,
  statementPath: string,
  groupHeader: XmlNode | undefined,
  parts: readonly XmlNode[],
  entryCurrency: string | undefined,
): CamtHeaderResult {
  const f = version.format;
  const part = (name: string): XmlNode | undefined => parts.find((p) => p.name === name);
  const id = textAt(part('Id'));
  if (id === undefined) throw malformed(f, statementPath, `${version.statementElement} has no Id`);
  const acct = part('Acct');
  if (acct === undefined) throw malformed(f, statementPath, `${version.statementElement} has no Acct`);
  const secondAcct = parts.find((p) => p.name === 'Acct' && p !== acct);
  if (secondAcct !== undefined) {
    // One statement reports one account; reading on would book the second account's entries to the first.
    throw malformed(f, place(secondAcct), `a second Acct in one ${version.statementElement}: a statement reports exactly one account`);
  }
  const account = accountId(acct);
  if (account === undefined) throw malformed(f, place(acct), 'account has neither Id/IBAN nor Id/Othr/Id');

  const balances = parts.filter((p) => p.name === 'Bal').map((b) => readBalance(version, b));
  const currency = textAt(acct, 'Ccy') ?? balances[0]?.currency ?? entryCurrency;
  if (currency === undefined) throw malformed(f, place(acct), 'no currency: neither Acct/Ccy, a balance nor an entry names one');
  for (const b of balances) {
    if (b.currency !== currency) {
      throw malformed(
        f,
        place(b.node),
        `balance currency ${maskedExcerpt(b.currency)} differs from the account currency ${maskedExcerpt(currency)}`,
      );
    }
  }
  const opening = OPENING_TYPES.map((t) => balances.find((b) => b.type === t)).find((b) => b !== undefined);
  // camt.052 is intraday: its last interim booked balance closes the report when no CLBD is given.
  const closing =
    balances.find((b) => b.type === 'CLBD') ??
    (version.format === 'camt052' ? balances.filter((b) => b.type === 'ITBD').at(-1) : undefined);

  const frToDt = part('FrToDt');
  const from = child(frToDt, 'FrDtTm');
  const to = child(frToDt, 'ToDtTm');
  const pagination = at(groupHeader, 'MsgPgntn');
  const page = textAt(pagination, 'PgNb');
  const lastPage = textAt(pagination, 'LastPgInd');

  const header: StatementHeader = {
    format: f,
    version: version.id,
    index,
    messageId: textAt(groupHeader, 'MsgId'),
    statementId: id,
    account: { ...account, servicerBic: agentBic(child(acct, 'Svcr')) },
    currency,
    sequence: {
      electronic: textAt(part('ElctrncSeqNb')),
      legal: textAt(part('LglSeqNb')),
      page: page !== undefined && /^\d{1,5}$/.test(page) ? Number(page) : undefined,
      lastPage: lastPage === undefined ? undefined : lastPage === 'true' || lastPage === '1',
    },
    creationDateTime: dateTimeText(f, part('CreDtTm') ?? child(groupHeader, 'CreDtTm')),
    period: {
      from: from === undefined ? undefined : dateOfDateTime(f, from),
      to: to === undefined ? undefined : dateOfDateTime(f, to),
    },
    openingBalance: opening?.balance,
    closingBalance: closing?.balance,
    additionalInfo: textAt(part('AddtlStmtInf') ?? part('AddtlRptInf') ?? part('AddtlNtfctnInf')),
  };
  return { header, closingPlace: closing === undefined ? statementPath : place(closing.node) };
}

function readBalance(version: CamtVersion, node: XmlNode): CamtBalance {
  const f = version.format;
  // BalanceType12 (.001.02+) wraps the code in CdOrPrtry; .001.01's BalanceType1Choice holds Cd/Prtry directly.
  const type =
    textAt(node, 'Tp', 'CdOrPrtry', 'Cd') ??
    textAt(node, 'Tp', 'CdOrPrtry', 'Prtry') ??
    textAt(node, 'Tp', 'Cd') ??
    textAt(node, 'Tp', 'Prtry') ??
    '';
  const amt = child(node, 'Amt');
  if (amt === undefined) throw malformed(f, place(node), 'balance has no Amt');
  const { amountMinor, currency } = camtAmount(f, amt);
  const sign = direction(f, node) === 'debit' ? -1n : 1n;
  const date = dateChoice(f, child(node, 'Dt'));
  if (date === undefined) throw malformed(f, place(node), 'balance has no Dt');
  return { type, currency, node, balance: { amountMinor: sign * amountMinor, date, type } };
}
