import { describe, expect, it } from 'vitest';
import { money } from '@payout/domain';
import type { PaymentInstruction } from '../bank-instruction.ts';
import { writePain001 } from './pain001.writer.ts';
import { readPain002 } from './pain002.reader.ts';
import { at, listOf, parseBankXml, textOf } from './xml-text.ts';

const base: PaymentInstruction = {
  endToEndId: 'E2E-1',
  payoutId: 'payout-1',
  amount: money(12_345n, 'EUR'),
  debtorAccount: { scheme: 'iban', accountNumber: 'DE89370400440532013000', bankCode: 'COBADEFFXXX' },
  beneficiary: { name: 'Müller & Söhne <GmbH>', account: { scheme: 'iban', accountNumber: 'FR1420041010050500013M02606' } },
  remittanceInfo: 'Invoice 42',
  requestedExecutionDate: '2026-01-05',
};

describe('pain.001 writer', () => {
  const header = {
    messageId: 'MSG-1',
    createdAt: new Date('2026-01-05T09:00:00.123Z'),
    initiatingPartyName: 'Payout Worker',
    debtorName: 'Payout Worker GmbH',
  };

  it('writes one CdtTrfTxInf per instruction with exact amounts, escaping and the payout id', () => {
    const xml = writePain001(header, [
      base,
      { ...base, endToEndId: 'E2E-2', payoutId: 'payout-2', amount: money(12_345_678_901_234_567n, 'EUR') },
    ]);
    const doc = parseBankXml(xml, new Set(['PmtInf', 'CdtTrfTxInf']));
    const root = at(doc, 'Document', 'CstmrCdtTrfInitn');
    expect(textOf(at(root, 'GrpHdr', 'NbOfTxs'))).toBe('2');
    expect(textOf(at(root, 'GrpHdr', 'CtrlSum'))).toBe('123456789012469.12');
    expect(textOf(at(root, 'GrpHdr', 'CreDtTm'))).toBe('2026-01-05T09:00:00Z');
    const txs = listOf(at(listOf(at(root, 'PmtInf'))[0], 'CdtTrfTxInf'));
    expect(txs).toHaveLength(2);
    expect(textOf(at(txs[1], 'Amt', 'InstdAmt'))).toBe('123456789012345.67');
    expect(at(txs[1], 'Amt', 'InstdAmt', '@Ccy')).toBe('EUR');
    expect(textOf(at(txs[0], 'Cdtr', 'Nm'))).toBe('Müller & Söhne <GmbH>');
    expect(textOf(at(txs[0], 'SplmtryData', 'Envlp', 'PayoutId'))).toBe('payout-1');
    expect(xml).toContain('Müller &amp; Söhne &lt;GmbH&gt;');
  });

  it('groups instructions by debtor account and execution date into PmtInf blocks', () => {
    const xml = writePain001(header, [
      base,
      { ...base, endToEndId: 'E2E-2', requestedExecutionDate: '2026-01-06' },
      { ...base, endToEndId: 'E2E-3' },
    ]);
    const pmtInfs = listOf(at(parseBankXml(xml, new Set(['PmtInf', 'CdtTrfTxInf'])), 'Document', 'CstmrCdtTrfInitn', 'PmtInf'));
    expect(pmtInfs.map((p) => textOf(at(p, 'NbOfTxs')))).toEqual(['2', '1']);
    expect(pmtInfs.map((p) => textOf(at(p, 'ReqdExctnDt', 'Dt')))).toEqual(['2026-01-05', '2026-01-06']);
  });

  it('writes non-IBAN accounts as Othr with the scheme, and clearing codes on the agent', () => {
    const xml = writePain001(header, [
      { ...base, beneficiary: { name: 'Jane', account: { scheme: 'us_aba', accountNumber: '000123456789', bankCode: '021000021' } } },
    ]);
    expect(xml).toContain('<CdtrAcct><Id><Othr><Id>000123456789</Id><SchmeNm><Prtry>US_ABA</Prtry></SchmeNm></Othr></Id></CdtrAcct>');
    expect(xml).toContain('<ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>021000021</MmbId>');
  });
});

describe('pain.002 reader', () => {
  const report = (tx: string, group = 'PART'): string =>
    `<?xml version="1.0"?><ns:Document xmlns:ns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><ns:CstmrPmtStsRpt>` +
    `<ns:GrpHdr><ns:MsgId>R1</ns:MsgId></ns:GrpHdr><ns:OrgnlGrpInfAndSts><ns:OrgnlMsgId>MSG-1</ns:OrgnlMsgId><ns:GrpSts>${group}</ns:GrpSts></ns:OrgnlGrpInfAndSts>` +
    `<ns:OrgnlPmtInfAndSts>${tx}</ns:OrgnlPmtInfAndSts></ns:CstmrPmtStsRpt></ns:Document>`;

  it('reads statuses, reasons (Cd or Prtry), references and dates, whatever the namespace prefix', () => {
    const r = readPain002(
      report(
        `<ns:TxInfAndSts><ns:OrgnlEndToEndId>000123</ns:OrgnlEndToEndId><ns:TxSts>RJCT</ns:TxSts><ns:StsRsnInf><ns:Rsn><ns:Cd>AC04</ns:Cd></ns:Rsn><ns:AddtlInf>closed</ns:AddtlInf></ns:StsRsnInf></ns:TxInfAndSts>` +
          `<ns:TxInfAndSts><ns:OrgnlEndToEndId>E2</ns:OrgnlEndToEndId><ns:TxSts>ACSC</ns:TxSts><ns:AcctSvcrRef>REF9</ns:AcctSvcrRef><ns:FctvIntrBkSttlmDt><ns:Dt>2026-01-05</ns:Dt></ns:FctvIntrBkSttlmDt></ns:TxInfAndSts>` +
          `<ns:TxInfAndSts><ns:OrgnlEndToEndId>E3</ns:OrgnlEndToEndId><ns:TxSts>RJCT</ns:TxSts><ns:StsRsnInf><ns:Rsn><ns:Prtry>X99</ns:Prtry></ns:Rsn></ns:StsRsnInf></ns:TxInfAndSts>`,
      ),
    );
    expect(r?.originalMessageId).toBe('MSG-1');
    expect(r?.groupStatus).toBe('PART');
    expect(r?.transactions).toEqual([
      {
        endToEndId: '000123',
        status: 'RJCT',
        reasonCode: 'AC04',
        reasonText: 'closed',
        bankReference: undefined,
        settlementDate: undefined,
        acceptedAt: undefined,
      },
      {
        endToEndId: 'E2',
        status: 'ACSC',
        reasonCode: undefined,
        reasonText: undefined,
        bankReference: 'REF9',
        settlementDate: '2026-01-05',
        acceptedAt: undefined,
      },
      {
        endToEndId: 'E3',
        status: 'RJCT',
        reasonCode: 'X99',
        reasonText: undefined,
        bankReference: undefined,
        settlementDate: undefined,
        acceptedAt: undefined,
      },
    ]);
  });

  it('refuses what is not a status report, or a status it cannot attribute', () => {
    expect(readPain002('<html><body>502</body></html>')).toBeUndefined();
    expect(readPain002('<?xml version="1.0"?><Document><CstmrPmtStsRpt><GrpHdr>')).toBeUndefined();
    expect(readPain002('')).toBeUndefined();
    expect(readPain002(report('<ns:TxInfAndSts><ns:TxSts>ACSC</ns:TxSts></ns:TxInfAndSts>'))).toBeUndefined();
  });
});
