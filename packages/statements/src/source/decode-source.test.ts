import { describe, expect, it } from 'vitest';
import { parseStatementText, streamStatements } from '../parse-statements.ts';
import { writeCamt053 } from '../writers/camt053.writer.ts';
import { decodeSource } from './decode-source.ts';

/** A camt.053 with one entry whose remittance text is `remittance`. */
function camtWith(remittance: string): string {
  const line = { amountMinor: 100n, direction: 'debit' as const, bookingDate: '2026-03-02', valueDate: '2026-03-02', endToEndId: 'E2E-1', remittanceInfo: remittance };
  const statement = {
    messageId: 'M',
    statementId: 'S',
    account: { id: 'NL20INGB0001234567', scheme: 'iban' as const },
    currency: 'EUR',
    sequence: '1',
    creationDateTime: '2026-03-02T18:00:00Z',
    openingBalance: { amountMinor: 1_000n, date: '2026-03-02' },
    closingBalance: { amountMinor: 900n, date: '2026-03-02' },
  };
  return [...writeCamt053(statement, [line])].join('');
}

describe('large reads are decoded and parsed in pieces', () => {
  it('decodes one large byte chunk into pieces of at most 64 Ki characters, splitting no character', async () => {
    // Multi-byte characters everywhere, so piece boundaries fall inside UTF-8 sequences.
    const text = 'ä€😀x'.repeat(40_000);
    const pieces: string[] = [];
    for await (const p of decodeSource([new TextEncoder().encode(text)], undefined)) pieces.push(p);
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.every((p) => p.length <= 65_536)).toBe(true);
    expect(pieces.join('')).toBe(text);
  });

  it('reads an entry whose text straddles a piece boundary, inside a surrogate pair, exactly', async () => {
    const head = camtWith('').indexOf('<Ustrd>') + '<Ustrd>'.length;
    // Put the emoji's high surrogate at character 65 535: the last of the first 64 Ki piece.
    const remittance = `${'a'.repeat(65_535 - head)}😀 tail`;
    const xml = camtWith(remittance);
    expect(xml.charCodeAt(65_535)).toBe(0xd83d);
    const fromText = await parseStatementText(xml, 'camt053');
    expect(fromText.statements[0]?.lines[0]?.remittanceInfo).toBe(remittance);
    const lines: string[] = [];
    for await (const e of streamStatements([new TextEncoder().encode(xml)], { format: 'camt053' })) if (e.kind === 'line') lines.push(e.line.remittanceInfo ?? '');
    expect(lines).toEqual([remittance]);
  });
});
