import { formatAmountMinor } from '@payout/domain';
import type { WritableLine, WritableStatement } from './writable-statement.ts';

export interface Camt053WriteOptions {
  /** Message version .001.NN (2–13); default 8. Element shapes follow the version. */
  readonly version?: number;
}

/**
 * Write one camt.053 statement as text chunks, one per entry, so a million entries never sit
 * in memory. The closing balance is written before the entries (as the schema orders it), so
 * the caller supplies it.
 *
 * @example
 *   await pipeline(Readable.from(writeCamt053(stmt, lines(), { version: 8 })), fs.createWriteStream(path));
 */
export function* writeCamt053(
  statement: WritableStatement,
  lines: Iterable<WritableLine>,
  options: Camt053WriteOptions = {},
): Generator<string> {
  const v = options.version ?? 8;
  if (!Number.isInteger(v) || v < 2 || v > 13) throw new RangeError(`camt.053 version ${v} is not 2–13`);
  const ns = `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${String(v).padStart(2, '0')}`;
  const c = statement.currency;
  const acctId =
    statement.account.scheme === 'iban' ? `<IBAN>${x(statement.account.id)}</IBAN>` : `<Othr><Id>${x(statement.account.id)}</Id></Othr>`;
  yield `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>${x(statement.messageId)}</MsgId>
      <CreDtTm>${x(statement.creationDateTime)}</CreDtTm>
      <MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn>
    </GrpHdr>
    <Stmt>
      <Id>${x(statement.statementId)}</Id>
      <ElctrncSeqNb>${x(statement.sequence)}</ElctrncSeqNb>
      <CreDtTm>${x(statement.creationDateTime)}</CreDtTm>
      <Acct>
        <Id>${acctId}</Id>
        <Ccy>${c}</Ccy>
      </Acct>
${balance('OPBD', statement.openingBalance, c)}
${balance('CLBD', statement.closingBalance, c)}
`;
  for (const line of lines) yield entry(line, c, v);
  yield `    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}

function balance(type: string, b: { amountMinor: bigint; date: string }, c: string): string {
  const negative = b.amountMinor < 0n;
  return `      <Bal>
        <Tp><CdOrPrtry><Cd>${type}</Cd></CdOrPrtry></Tp>
        <Amt Ccy="${c}">${formatAmountMinor(negative ? -b.amountMinor : b.amountMinor, c)}</Amt>
        <CdtDbtInd>${negative ? 'DBIT' : 'CRDT'}</CdtDbtInd>
        <Dt><Dt>${b.date}</Dt></Dt>
      </Bal>`;
}

function entry(l: WritableLine, c: string, v: number): string {
  const status = l.status === 'pending' ? 'PDNG' : l.status === 'info' ? 'INFO' : 'BOOK';
  const sts = v >= 7 ? `<Sts><Cd>${status}</Cd></Sts>` : `<Sts>${status}</Sts>`;
  const debit = l.direction === 'debit';
  const refs = [
    l.instructionId === undefined ? '' : `<InstrId>${x(l.instructionId)}</InstrId>`,
    `<EndToEndId>${x(l.endToEndId ?? 'NOTPROVIDED')}</EndToEndId>`,
    l.uetr === undefined || v < 7 ? '' : `<UETR>${x(l.uetr)}</UETR>`,
  ].join('');
  const party = (role: 'Dbtr' | 'Cdtr'): string => {
    const cp = l.counterparty;
    if (cp === undefined) return '';
    const name =
      cp.name === undefined
        ? ''
        : v >= 8
          ? `<${role}><Pty><Nm>${x(cp.name)}</Nm></Pty></${role}>`
          : `<${role}><Nm>${x(cp.name)}</Nm></${role}>`;
    const acct = cp.account === undefined ? '' : `<${role}Acct><Id><Othr><Id>${x(cp.account)}</Id></Othr></Id></${role}Acct>`;
    return name + acct;
  };
  const parties = l.counterparty === undefined ? '' : `<RltdPties>${party(debit ? 'Cdtr' : 'Dbtr')}</RltdPties>`;
  const rmt = l.remittanceInfo === undefined ? '' : `<RmtInf><Ustrd>${x(l.remittanceInfo)}</Ustrd></RmtInf>`;
  const rtr =
    l.returnReason === undefined
      ? ''
      : `<RtrInf><Rsn><Cd>${x(l.returnReason.code)}</Cd></Rsn>${l.returnReason.info === undefined ? '' : `<AddtlInf>${x(l.returnReason.info)}</AddtlInf>`}</RtrInf>`;
  return `      <Ntry>
        <Amt Ccy="${c}">${formatAmountMinor(l.amountMinor, c)}</Amt>
        <CdtDbtInd>${debit ? 'DBIT' : 'CRDT'}</CdtDbtInd>${l.reversal === true ? '\n        <RvslInd>true</RvslInd>' : ''}
        ${sts}
        <BookgDt><Dt>${l.bookingDate}</Dt></BookgDt>
        <ValDt><Dt>${l.valueDate}</Dt></ValDt>${l.bankReference === undefined ? '' : `\n        <AcctSvcrRef>${x(l.bankReference)}</AcctSvcrRef>`}
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${debit ? 'ICDT' : 'RCDT'}</Cd><SubFmlyCd>${l.returnReason === undefined ? 'ESCT' : 'RRTN'}</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs>${refs}</Refs>${parties}${rmt}${rtr}</TxDtls></NtryDtls>
      </Ntry>
`;
}

function x(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
