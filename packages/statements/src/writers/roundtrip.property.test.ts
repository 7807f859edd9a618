import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkContinuity } from '../continuity/continuity.ts';
import { parseStatementText } from '../parse-statements.ts';
import type { StatementLine } from '../statement.model.ts';
import { writeCamt053 } from './camt053.writer.ts';
import { writeMt940 } from './mt940.writer.ts';
import type { WritableLine, WritableStatement } from './writable-statement.ts';

const CURRENCIES = ['EUR', 'JPY', 'BHD', 'USD', 'KWD', 'CNY'] as const;

const word = (chars: string, max: number) => fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: 1, maxLength: max });
const phrase = (chars: string, words: number, max: number) =>
  fc.array(word(chars, max), { minLength: 1, maxLength: words }).map((w) => w.join(' '));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// SWIFT X character set without "/" (the :86: tag separator) and without ":" and "-" that
// may not open a continuation line.
const SWIFT_TEXT = `${ALNUM}.,()?+'`;
const XML_TEXT = `${ALNUM}&<>"'.,-éüß日本`;

function lineArb(textChars: string, camt: boolean): fc.Arbitrary<WritableLine> {
  return fc
    .record(
      {
        amountMinor: fc.bigInt({ min: 1n, max: 10n ** 11n }),
        direction: fc.constantFrom('debit' as const, 'credit' as const),
        reversal: fc.boolean(),
        day: fc.integer({ min: 1, max: 28 }),
        valueOffset: fc.integer({ min: 0, max: 2 }),
        endToEndId: fc.option(word(`${ALNUM}-`, 35), { nil: undefined }),
        bankReference: fc.option(word(ALNUM, 16), { nil: undefined }),
        remittanceInfo: fc.option(phrase(textChars, 4, 15), { nil: undefined }),
        name: fc.option(phrase(textChars, 3, 12), { nil: undefined }),
        returnCode: fc.option(fc.constantFrom('AC01', 'AC04', 'AM04', 'MS03', 'R03'), { nil: undefined }),
        uetr: camt ? fc.option(fc.uuid({ version: 4 }), { nil: undefined }) : fc.constant(undefined),
      },
      { requiredKeys: ['amountMinor', 'direction', 'reversal', 'day', 'valueOffset'] },
    )
    .map((r) => {
      const booking = `2026-03-${String(r.day).padStart(2, '0')}`;
      const value = `2026-03-${String(r.day + r.valueOffset).padStart(2, '0')}`;
      return {
        amountMinor: r.amountMinor,
        direction: r.direction,
        reversal: r.reversal,
        bookingDate: booking,
        valueDate: value,
        ...(r.endToEndId === undefined ? {} : { endToEndId: r.endToEndId }),
        ...(r.bankReference === undefined ? {} : { bankReference: r.bankReference }),
        ...(r.remittanceInfo === undefined ? {} : { remittanceInfo: r.remittanceInfo }),
        ...(r.name === undefined ? {} : { counterparty: { name: r.name } }),
        ...(r.returnCode === undefined ? {} : { returnReason: { code: r.returnCode } }),
        ...(r.uetr === undefined ? {} : { uetr: r.uetr }),
      };
    });
}

function statementArb(textChars: string, camt: boolean): fc.Arbitrary<{ statement: WritableStatement; lines: WritableLine[] }> {
  return fc
    .record({
      currency: fc.constantFrom(...CURRENCIES),
      opening: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
      sequence: fc.integer({ min: 1, max: 99999 }),
      lines: fc.array(lineArb(textChars, camt), { maxLength: 25 }),
    })
    .map(({ currency, opening, sequence, lines }) => {
      const net = lines.reduce((n, l) => n + (l.direction === 'credit' ? l.amountMinor : -l.amountMinor), 0n);
      return {
        lines,
        statement: {
          messageId: `MSG-${sequence}`,
          statementId: `STMT-${sequence}`,
          account: { id: 'DE89370400440532013000', scheme: 'iban' as const },
          currency,
          sequence: String(sequence),
          creationDateTime: '2026-03-31T18:00:00+02:00',
          openingBalance: { amountMinor: opening, date: '2026-02-28' },
          closingBalance: { amountMinor: opening + net, date: '2026-03-31' },
        },
      };
    });
}

function expectSameLines(parsed: readonly StatementLine[], written: readonly WritableLine[], opts: { uetr: boolean }): void {
  expect(parsed).toHaveLength(written.length);
  parsed.forEach((p, i) => {
    const w = written[i]!;
    expect({
      amountMinor: p.amountMinor,
      direction: p.direction,
      reversal: p.reversal,
      bookingDate: p.bookingDate,
      valueDate: p.valueDate,
      endToEndId: p.endToEndId,
      bankReference: p.bankReference,
      remittanceInfo: p.remittanceInfo,
      name: p.counterparty?.name,
      returnCode: p.returnReason?.code,
      uetr: p.uetr,
    }).toEqual({
      amountMinor: w.amountMinor,
      direction: w.direction,
      reversal: w.reversal ?? false,
      bookingDate: w.bookingDate,
      valueDate: w.valueDate,
      endToEndId: w.endToEndId,
      bankReference: w.bankReference,
      remittanceInfo: w.remittanceInfo,
      name: w.counterparty?.name,
      returnCode: w.returnReason?.code,
      uetr: opts.uetr ? w.uetr : undefined,
    });
  });
}

describe('round trip: generated statements written and parsed back', () => {
  it('camt.053 in every supported version gives the same lines, amounts and balances', async () => {
    await fc.assert(
      fc.asyncProperty(statementArb(XML_TEXT, true), fc.integer({ min: 2, max: 13 }), async ({ statement, lines }, version) => {
        const xml = [...writeCamt053(statement, lines, { version })].join('');
        const file = await parseStatementText(xml, 'auto');
        const s = file.statements[0]!;
        expect(s.version).toBe(`camt.053.001.${String(version).padStart(2, '0')}`);
        expect(s.currency).toBe(statement.currency);
        expect(s.openingBalance?.amountMinor).toBe(statement.openingBalance.amountMinor);
        expect(s.closingBalance?.amountMinor).toBe(statement.closingBalance.amountMinor);
        expectSameLines(s.lines, lines, { uetr: version >= 7 });
        expect(checkContinuity(s).kind).toBe('ok');
      }),
      { numRuns: 60 },
    );
  });

  it('MT940 gives the same lines, amounts and balances', async () => {
    await fc.assert(
      fc.asyncProperty(statementArb(SWIFT_TEXT, false), fc.boolean(), async ({ statement, lines }, blocks) => {
        const text = [...writeMt940(statement, lines, blocks ? { senderBic: 'DEUTDEFF' } : {})].join('');
        const file = await parseStatementText(text, 'auto');
        expect(file.format).toBe('mt940');
        const s = file.statements[0]!;
        expect(s.openingBalance?.amountMinor).toBe(statement.openingBalance.amountMinor);
        expect(s.closingBalance?.amountMinor).toBe(statement.closingBalance.amountMinor);
        expectSameLines(s.lines, lines, { uetr: false });
        expect(checkContinuity(s).kind).toBe('ok');
      }),
      { numRuns: 60 },
    );
  });
});
