import { addDays, zonedDateTimeToInstant } from '@payout/calendar';
import type { StatementData } from '../engine/sim-bank.ts';
import type { LedgerEntry } from '../engine/sim-transfer.ts';
import { decimalAbs } from './decimal.ts';
import { el, isoDateTime } from './xml.ts';

function accountId(account: string, scheme: string | undefined): string {
  return scheme === 'iban' || (scheme === undefined && /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(account))
    ? `<Id>${el('IBAN', account)}</Id>`
    : `<Id><Othr>${el('Id', account)}</Othr></Id>`;
}

function balance(code: 'OPBD' | 'CLBD', amountMinor: bigint, currency: string, date: string): string {
  return (
    `<Bal><Tp><CdOrPrtry>${el('Cd', code)}</CdOrPrtry></Tp>` +
    `<Amt Ccy="${currency}">${decimalAbs(amountMinor, currency)}</Amt>` +
    el('CdtDbtInd', amountMinor < 0n ? 'DBIT' : 'CRDT') +
    `<Dt>${el('Dt', date)}</Dt></Bal>`
  );
}

const TX_CODES: Readonly<Record<LedgerEntry['kind'], [string, string]>> = {
  payout: ['ICDT', 'ESCT'], // issued credit transfer
  return: ['ICDT', 'RRTN'], // returned credit transfer
  funding: ['RCDT', 'ESCT'], // received credit transfer
};

function entry(e: LedgerEntry, currency: string): string {
  const debit = e.amountMinor < 0n;
  const [family, subFamily] = TX_CODES[e.kind];
  const party =
    e.counterpartyAccount.length > 0
      ? `<${debit ? 'CdtrAcct' : 'DbtrAcct'}><Id><Othr>${el('Id', e.counterpartyAccount)}</Othr></Id></${debit ? 'CdtrAcct' : 'DbtrAcct'}>`
      : '';
  const parties = `<RltdPties><${debit ? 'Cdtr' : 'Dbtr'}><Pty>${el('Nm', e.counterpartyName)}</Pty></${debit ? 'Cdtr' : 'Dbtr'}>${party}</RltdPties>`;
  return (
    `<Ntry>${el('NtryRef', String(e.seq))}<Amt Ccy="${currency}">${decimalAbs(e.amountMinor, currency)}</Amt>` +
    `${el('CdtDbtInd', debit ? 'DBIT' : 'CRDT')}<RvslInd>false</RvslInd><Sts>${el('Cd', 'BOOK')}</Sts>` +
    `<BookgDt>${el('Dt', e.bookingDate)}</BookgDt><ValDt>${el('Dt', e.bookingDate)}</ValDt>${el('AcctSvcrRef', e.reference)}` +
    `<BkTxCd><Domn>${el('Cd', 'PMNT')}<Fmly>${el('Cd', family)}${el('SubFmlyCd', subFamily)}</Fmly></Domn></BkTxCd>` +
    `<NtryDtls><TxDtls><Refs>${el('AcctSvcrRef', e.reference)}${el('EndToEndId', e.endToEndId)}</Refs>` +
    `<Amt Ccy="${currency}">${decimalAbs(e.amountMinor, currency)}</Amt>${parties}` +
    (e.kind === 'return' && e.reasonCode !== undefined ? `<RtrInf><Rsn>${el('Cd', e.reasonCode)}</Rsn></RtrInf>` : '') +
    `</TxDtls></NtryDtls></Ntry>`
  );
}

/**
 * A camt.053.001.08 end-of-day statement: opening (OPBD) and closing (CLBD) balances, the
 * statement's electronic sequence number, and one Ntry per booking with the end-to-end id
 * (returns carry the original payout's id and RtrInf/Rsn/Cd).
 */
export function writeCamt053(s: StatementData): string {
  const from = zonedDateTimeToInstant(s.date, '00:00', s.timeZone).getTime();
  const to = zonedDateTimeToInstant(addDays(s.date, 1), '00:00', s.timeZone).getTime() - 1_000;
  const created = s.availableAt.getTime();
  const id = `${s.bankId}-${s.date}-${s.sequence}`.slice(0, 35);
  const credits = s.entries.filter((e) => e.amountMinor > 0n);
  const debits = s.entries.filter((e) => e.amountMinor < 0n);
  const sum = (list: readonly LedgerEntry[]): bigint =>
    list.reduce((t, e) => t + (e.amountMinor < 0n ? -e.amountMinor : e.amountMinor), 0n);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>` +
    `<GrpHdr>${el('MsgId', `STMT-${id}`.slice(0, 35))}${el('CreDtTm', isoDateTime(created))}</GrpHdr>` +
    `<Stmt>${el('Id', id)}${el('ElctrncSeqNb', String(s.sequence))}${el('LglSeqNb', String(s.sequence))}${el('CreDtTm', isoDateTime(created))}` +
    `<FrToDt>${el('FrDtTm', isoDateTime(from))}${el('ToDtTm', isoDateTime(to))}</FrToDt>` +
    `<Acct>${accountId(s.account.account, s.account.scheme)}${el('Ccy', s.currency)}<Ownr>${el('Nm', s.account.name)}</Ownr></Acct>` +
    balance('OPBD', s.openingMinor, s.currency, s.date) +
    balance('CLBD', s.closingMinor, s.currency, s.date) +
    `<TxsSummry><TtlNtries>${el('NbOfNtries', String(s.entries.length))}</TtlNtries>` +
    `<TtlCdtNtries>${el('NbOfNtries', String(credits.length))}${el('Sum', decimalAbs(sum(credits), s.currency))}</TtlCdtNtries>` +
    `<TtlDbtNtries>${el('NbOfNtries', String(debits.length))}${el('Sum', decimalAbs(sum(debits), s.currency))}</TtlDbtNtries></TxsSummry>` +
    s.entries.map((e) => entry(e, s.currency)).join('') +
    `</Stmt></BkToCstmrStmt></Document>`
  );
}
