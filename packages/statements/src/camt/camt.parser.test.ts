import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkContinuity } from '../continuity/continuity.ts';
import { checkSequence } from '../continuity/sequence.ts';
import { parseStatementText } from '../parse-statements.ts';
import { FIXTURES, parseBytes, parseError } from '../test-support/fixtures.ts';

const bytes = (name: string): Uint8Array => readFileSync(new URL(name, FIXTURES));
const text = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

describe('camt.053.001.02', () => {
  it('reads header, balances and every entry exactly, splitting the batch booking', async () => {
    const file = await parseBytes(bytes('camt053-v02.xml'), { format: 'camt053' });
    expect(file.format).toBe('camt053');
    expect(file.statements).toHaveLength(1);
    const s = file.statements[0]!;
    expect(s).toMatchObject({
      version: 'camt.053.001.02',
      statementId: 'NL20INGB0001234567-2024-03-04',
      messageId: '053D2024-03-04T18:12:01.0N240304000012',
      account: { id: 'NL20INGB0001234567', scheme: 'iban', servicerBic: 'INGBNL2A' },
      currency: 'EUR',
      sequence: { electronic: '101', legal: undefined, page: 1, lastPage: true },
      creationDateTime: '2024-03-04T18:12:01.000+01:00',
      period: { from: '2024-03-04', to: '2024-03-04' },
      openingBalance: { amountMinor: 1523456n, date: '2024-03-01', type: 'OPBD' },
      closingBalance: { amountMinor: 1562206n, date: '2024-03-04', type: 'CLBD' },
    });
    expect(s.lines.map((l) => [l.entryIndex, l.direction, l.amountMinor, l.endToEndId ?? null])).toEqual([
      [0, 'debit', 125000n, 'PAYOUT-2024-000187'],
      [1, 'credit', 310000n, null],
      [2, 'debit', 100000n, 'PAYOUT-2024-000188'],
      [2, 'debit', 95050n, 'PAYOUT-2024-000189'],
      [2, 'debit', 74950n, 'PAYOUT-2024-000190'],
      [3, 'credit', 125000n, null],
      [4, 'debit', 1250n, null],
    ]);
    const first = s.lines[0]!;
    expect(first).toMatchObject({
      status: 'booked',
      reversal: false,
      bookingDate: '2024-03-04',
      valueDate: '2024-03-04',
      bankReference: '2024030400012345',
      accountServicerReference: '2024030400012345',
      instructionId: 'INSTR-0001',
      paymentInformationId: 'PMTINF-20240304-01',
      bankTransactionCode: { domain: 'PMNT', family: 'ICDT', subFamily: 'ESCT', proprietary: 'N122', issuer: 'ING' },
      counterparty: { name: 'Jansen Logistiek BV', account: 'NL91ABNA0417164300', agent: 'ABNANL2A' },
      remittanceInfo: 'Invoice 2024-0311',
      location: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1] (line 73)',
    });
    expect(first.raw.startsWith('<Ntry>')).toBe(true);
    expect(first.raw.endsWith('</Ntry>')).toBe(true);
    expect(first.raw).toContain('<EndToEndId>PAYOUT-2024-000187</EndToEndId>');
    // The debtor IBAN was written with spaces; structured reference as remittance.
    expect(s.lines[1]).toMatchObject({
      counterparty: { name: 'Acme Trading GmbH', account: 'DE89370400440532013000' },
      remittanceInfo: 'RF18539007547034',
    });
    // Split batch: each transaction keeps the entry's reference and total.
    expect(s.lines[3]).toMatchObject({ batch: { transactionCount: 3, entryAmountMinor: 270000n }, bankReference: '2024030400012347' });
    expect(s.lines[2]!.counterparty?.name).toBe('Bakker & Zonen');
    expect(s.lines[3]!.location).toBe('Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/NtryDtls[1]/TxDtls[2] (line 222)');
    expect(s.lines[5]).toMatchObject({ reversal: true, direction: 'credit', additionalInfo: 'REVERSAL OF 2024030400012345' });
    expect(checkContinuity(s)).toEqual({
      kind: 'ok',
      openingMinor: 1523456n,
      closingMinor: 1562206n,
      creditsMinor: 435000n,
      debitsMinor: 396250n,
    });
  });

  it('keeps every transaction of an unsplittable batch (one amount missing) as a line, the total on the first, with a warning', async () => {
    const xml = text('camt053-v02.xml')
      .replace('<Amt Ccy="EUR">950.50</Amt>', '')
      .replace('<TxAmt>\n                \n              </TxAmt>', '');
    const s = (await parseStatementText(xml, 'camt053')).statements[0]!;
    const batch = s.lines.filter((l) => l.entryIndex === 2);
    expect(batch.map((l) => [l.amountMinor, l.endToEndId])).toEqual([
      [270000n, 'PAYOUT-2024-000188'],
      [0n, 'PAYOUT-2024-000189'],
      [0n, 'PAYOUT-2024-000190'],
    ]);
    expect(batch[1]).toMatchObject({ batch: { transactionCount: 3, entryAmountMinor: 270000n } });
    expect(batch.map((l) => l.warnings?.map((w) => w.code))).toEqual([
      ['batch_amounts_missing'],
      ['batch_amounts_missing'],
      ['batch_amounts_missing'],
    ]);
    expect(checkContinuity(s).kind).toBe('ok');
  });
});

describe('camt.053.001.04 in a 3-decimal currency', () => {
  it('reads BHD to the fils, PRCD as opening, date-times as their calendar date, and leaves pending out of the balance', async () => {
    const s = (await parseBytes(bytes('camt053-v04-bhd.xml'), { format: 'auto' })).statements[0]!;
    expect(s).toMatchObject({
      version: 'camt.053.001.04',
      account: { id: '0012345678901', scheme: 'other', servicerBic: 'NBOBBHBM' },
      currency: 'BHD',
      sequence: { electronic: '57', legal: '57' },
      openingBalance: { amountMinor: 50000000n, type: 'PRCD' },
      closingBalance: { amountMinor: 43765558n, type: 'CLBD' },
    });
    expect(s.lines.map((l) => [l.amountMinor, l.status, l.bookingDate ?? null])).toEqual([
      [1234567n, 'booked', '2024-05-16'],
      [125n, 'booked', '2024-05-16'],
      [99990n, 'pending', null],
      [5000000n, 'booked', '2024-05-16'],
    ]);
    expect(s.lines[0]).toMatchObject({
      endToEndId: 'BH-PAY-0000917',
      transactionId: 'FT24137K2J9Q',
      bankTransactionCode: { proprietary: 'TRF', issuer: 'NBOB', domain: undefined },
      remittanceInfo: 'PO 88-1214 May delivery',
      counterparty: { name: 'Gulf Supplies WLL', account: '0098765432100' },
    });
    expect(s.lines[2]!.bankReference).toBe('3'); // NtryRef stands in when AcctSvcrRef is absent
    expect(checkContinuity(s).kind).toBe('ok');
  });
});

describe('camt.053.001.08 in JPY inside a business-message envelope', () => {
  it('finds the Document under the envelope, reads two statements and chains them', async () => {
    const file = await parseBytes(bytes('camt053-v08-jpy.xml'), { format: 'auto' }, 31);
    expect(file.statements).toHaveLength(2);
    const [a, b] = file.statements as [NonNullable<(typeof file.statements)[0]>, NonNullable<(typeof file.statements)[0]>];
    expect(a.version).toBe('camt.053.001.08');
    expect(a.lines.map((l) => l.amountMinor)).toEqual([125000n, 98000n, 2000000n]);
    expect(a.lines[0]).toMatchObject({
      endToEndId: 'PAYOUT-JP-0001',
      uetr: '5d3c1b2a-9f8e-4d7c-8b6a-5f4e3d2c1b0a',
      counterparty: { name: 'Yamada Shoji KK', account: '0009876543', agent: 'SMBCJPJT' },
      location: 'BizMsgEnvlp/Document/BkToCstmrStmt/Stmt[1]/Ntry[1] (line 44)',
    });
    expect(b.lines[1]).toMatchObject({ endToEndId: 'PAYOUT-JP-0003', uetr: '0e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b', amountMinor: 450000n });
    expect(checkContinuity(a).kind).toBe('ok');
    expect(checkContinuity(b).kind).toBe('ok');
    expect(checkSequence(a, b)).toEqual({ kind: 'continuous', sequenceChecked: true });
  });

  it('accepts a prefixed namespace', async () => {
    const xml = text('camt053-v08-jpy.xml')
      .replace(
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">',
        '<c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">',
      )
      .replace('</Document>', '</c:Document>')
      .replace(/<(\/?)(BkToCstmrStmt|Stmt|Ntry)>/g, '<$1c:$2>');
    const file = await parseStatementText(xml, 'camt053');
    expect(file.statements.map((s) => s.lines.length)).toEqual([3, 2]);
  });
});

describe('camt.054', () => {
  it('reads a notification with UETR and a return with its reason and no balances', async () => {
    const s = (await parseBytes(bytes('camt054-v08.xml'), { format: 'camt054' })).statements[0]!;
    expect(s).toMatchObject({
      format: 'camt054',
      statementId: 'NTF-20260302-000981',
      openingBalance: undefined,
      closingBalance: undefined,
    });
    expect(s.lines[0]).toMatchObject({
      direction: 'debit',
      amountMinor: 250000n,
      endToEndId: 'PAYOUT-2026-004711',
      uetr: '8a562c67-ca16-48ba-b074-65581be6f011',
      instructionId: 'PAYOUT-2026-004711-A1',
      returnReason: undefined,
      counterparty: { name: 'Dupont Distribution SARL', account: 'FR1420041010050500013M02606', agent: 'PSSTFRPPPAR' },
    });
    expect(s.lines[1]).toMatchObject({
      direction: 'credit',
      amountMinor: 180000n,
      endToEndId: 'PAYOUT-2026-004699',
      uetr: '3f2b1c9a-7e4d-4b8a-9c1e-2d5f6a7b8c9d',
      returnReason: { code: 'AC04', info: 'Account closed' },
      bankTransactionCode: { domain: 'PMNT', family: 'ICDT', subFamily: 'RRTN' },
      counterparty: { name: 'Müller Bau GmbH' },
    });
    expect(checkContinuity(s)).toEqual({ kind: 'not_applicable', reason: 'no_balances' });
  });
});

describe('camt.052', () => {
  it('closes an intraday report on its interim booked balance, pending entries excluded', async () => {
    const s = (await parseBytes(bytes('camt052-v08.xml'), { format: 'auto' })).statements[0]!;
    expect(s.format).toBe('camt052');
    expect(s.closingBalance).toEqual({ amountMinor: 875000n, date: '2026-02-27', type: 'ITBD' });
    expect(s.lines.map((l) => l.status)).toEqual(['booked', 'booked', 'pending']);
    expect(checkContinuity(s).kind).toBe('ok');
  });
});

describe('elements of an entry the model does not read', () => {
  // Charges, related dates, purposes: kept in the entry's subtree but never read.
  const extra =
    '<Chrgs><Rcrd><Amt Ccy="EUR">not an amount</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs>' +
    '<RltdDts><AccptncDtTm>2024-03-04T10:00:00</AccptncDtTm></RltdDts><Purp><Cd>SALA</Cd></Purp>';

  it('change no line, even when they hold an Amt that is not an amount', async () => {
    const plain = await parseStatementText(text('camt053-v02.xml'), 'camt053');
    const padded = await parseStatementText(text('camt053-v02.xml').replaceAll('<NtryDtls>', `${extra}<NtryDtls>`), 'camt053');
    const strip = (f: typeof plain) => f.statements[0]?.lines.map((l) => ({ ...l, raw: '' }));
    expect(strip(padded)).toEqual(strip(plain));
  });

  it('still name their place when the XML breaks or ends inside them', async () => {
    const broken = text('camt053-v02.xml').replace('<NtryDtls>', '<Chrgs><Rcrd><Amt Ccy="EUR">1</Rcrd></Chrgs><NtryDtls>');
    const e = await parseError(() => parseStatementText(broken, 'camt053'));
    expect(e.message).toContain('line 97 column 44 (Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Chrgs/Rcrd)');
    expect(e.message).toContain('XML is not well-formed');
    const cut = text('camt053-v02.xml').replace('<NtryDtls>', '<Chrgs><Rcrd>').split('<Rcrd>')[0] + '<Rcrd><Amt Ccy="EUR">1';
    const t = await parseError(() => parseStatementText(cut, 'camt053'));
    expect(t.message).toContain('Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Chrgs/Rcrd/Amt');
    expect(t.message).toContain('truncated');
  });
});

describe('malformed camt', () => {
  it('a truncated file names the element it ends in', async () => {
    const xml = text('camt053-v02.xml');
    const cut = xml.slice(0, xml.indexOf('<Amt Ccy="EUR">950.50</Amt>') + 20);
    const e = await parseError(() => parseStatementText(cut, 'camt053'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
    expect(e.message).toContain('Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/NtryDtls[1]/TxDtls[2]/AmtDtls/TxAmt/Amt');
    expect(e.message).toContain('truncated');
  });

  it('an unknown namespace is refused at the Document element', async () => {
    const xml = text('camt053-v02.xml').replace('xsd:camt.053.001.02', 'xsd:camt.053.001.99');
    const e = await parseError(() => parseStatementText(xml, 'auto'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_UNKNOWN_FORMAT');
    const e2 = await parseError(() => parseStatementText(xml, 'camt053'));
    expect(e2.code).toBe('PAYOUT_E_STATEMENT_UNKNOWN_FORMAT');
    expect(e2.message).toContain('Document (line 4)');
    expect(e2.message).toContain('camt.053.001.99');
    const pain = text('camt053-v02.xml').replace(
      'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02',
      'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09',
    );
    expect((await parseError(() => parseStatementText(pain, 'camt053'))).message).toContain('not an ISO 20022 camt');
  });

  it('a file in another camt message than declared is refused', async () => {
    const e = await parseError(() => parseStatementText(text('camt054-v08.xml'), 'camt053'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_UNKNOWN_FORMAT');
    expect(e.message).toContain('expected camt053');
  });

  it('a closing balance that does not add up names the closing balance and the difference', async () => {
    const xml = text('camt053-v02.xml').replace('<Amt Ccy="EUR">15622.06</Amt>', '<Amt Ccy="EUR">15622.16</Amt>');
    const e = await parseError(() => parseStatementText(xml, 'camt053'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_BALANCE_MISMATCH');
    expect(e.message).toContain('Document/BkToCstmrStmt/Stmt[1]/Bal[2]');
    expect(e.message).toContain('difference 0.10');
    // Without verification the difference is reported instead of thrown.
    const s = (await parseStatementText(xml, 'camt053', { verifyBalances: false })).statements[0]!;
    expect(checkContinuity(s)).toMatchObject({ kind: 'mismatch', differenceMinor: 10n, expectedClosingMinor: 1562206n });
  });

  it('a date of 2026-02-30 is refused with its element path', async () => {
    const xml = text('camt053-v02.xml').replace('<BookgDt>\n          <Dt>2024-03-04</Dt>', '<BookgDt>\n          <Dt>2026-02-30</Dt>');
    const e = await parseError(() => parseStatementText(xml, 'camt053'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
    expect(e.message).toContain('Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/BookgDt/Dt');
    expect(e.message).toContain('2026-02-30 is not a calendar date');
  });

  it('amounts that are not plain decimals, or finer than the currency, are refused with their path', async () => {
    const comma = text('camt053-v02.xml').replace('<Amt Ccy="EUR">3100.00</Amt>', '<Amt Ccy="EUR">3100,00</Amt>');
    const e = await parseError(() => parseStatementText(comma, 'camt053'));
    expect(e.message).toContain('Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt');
    expect(e.message).toContain('"3100,00"');
    const fine = text('camt053-v02.xml').replace('<Amt Ccy="EUR">3100.00</Amt>', '<Amt Ccy="EUR">3100.001</Amt>');
    expect((await parseError(() => parseStatementText(fine, 'camt053'))).message).toContain('EUR allows 2');
    const negative = text('camt053-v02.xml').replace('<Amt Ccy="EUR">3100.00</Amt>', '<Amt Ccy="EUR">-3100.00</Amt>');
    expect((await parseError(() => parseStatementText(negative, 'camt053'))).message).toContain('negative');
  });

  it('XML that is not well-formed is refused with line and path', async () => {
    const xml = text('camt053-v02.xml').replace(
      '<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>BOOK</Sts>',
      '<CdtDbtInd>CRDT</CdtDbtIn>\n        <Sts>BOOK</Sts>',
    );
    const e = await parseError(() => parseStatementText(xml, 'camt053'));
    expect(e.code).toBe('PAYOUT_E_STATEMENT_MALFORMED');
    expect(e.message).toMatch(/line 135 column \d+ \(Document\/BkToCstmrStmt\/Stmt\[1\]\/Ntry\[2\]/);
    expect(e.message).toContain('XML is not well-formed: unexpected close tag');
  });

  it('unknown entry status, bad UETR and entry currency different from the account are refused', async () => {
    const base = text('camt053-v08-jpy.xml');
    expect(
      (await parseError(() => parseStatementText(base.replace('<Sts><Cd>BOOK</Cd></Sts>', '<Sts><Cd>XXXX</Cd></Sts>'), 'camt053'))).message,
    ).toContain('Stmt[1]/Ntry[1]/Sts');
    expect(
      (await parseError(() => parseStatementText(base.replace('0e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b', 'not-a-uuid'), 'camt053'))).message,
    ).toContain('Stmt[2]/Ntry[2]/NtryDtls[1]/TxDtls[1]/Refs/UETR');
    const e = await parseError(() =>
      parseStatementText(base.replace('<Amt Ccy="JPY">98000</Amt>', '<Amt Ccy="USD">98000</Amt>'), 'camt053'),
    );
    expect(e.message).toContain('Stmt[1]/Ntry[2]');
    expect(e.message).toContain('names no JPY amount');
  });

  it('a document without any statement is refused', async () => {
    const xml =
      '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>X</MsgId></GrpHdr></BkToCstmrStmt></Document>';
    expect((await parseError(() => parseStatementText(xml, 'camt053'))).message).toContain('no Stmt element');
  });
});
