import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isPayoutError, type PayoutError } from '@payout/domain';
import { parseStatementText, streamStatements } from '../parse-statements.ts';
import { writeCamt053 } from '../writers/camt053.writer.ts';
import { decodeSource, type DecodeOptions } from './decode-source.ts';

/** A camt.053 with one entry whose remittance text is `remittance`. */
function camtWith(remittance: string): string {
  const line = {
    amountMinor: 100n,
    direction: 'debit' as const,
    bookingDate: '2026-03-02',
    valueDate: '2026-03-02',
    endToEndId: 'E2E-1',
    remittanceInfo: remittance,
  };
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
    for await (const e of streamStatements([new TextEncoder().encode(xml)], { format: 'camt053' }))
      if (e.kind === 'line') lines.push(e.line.remittanceInfo ?? '');
    expect(lines).toEqual([remittance]);
  });
});

// ─── encodings ──────────────────────────────────────────────────────────────────────────────

const iconvEncode = (text: string, encoding: string): Uint8Array => new Uint8Array(iconv.encode(text, encoding));

function* split(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Cut `bytes` at the given offsets. */
function cutAt(bytes: Uint8Array, ...offsets: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const to of [...offsets, bytes.length]) {
    out.push(bytes.subarray(from, to));
    from = to;
  }
  return out;
}

async function decodeAll(chunks: Iterable<Uint8Array>, options?: DecodeOptions | string): Promise<string> {
  let text = '';
  for await (const p of decodeSource(chunks, options)) text += p;
  return text;
}

async function decodeFailure(chunks: Iterable<Uint8Array>, options?: DecodeOptions | string): Promise<PayoutError> {
  try {
    await decodeAll(chunks, options);
  } catch (e) {
    if (isPayoutError(e)) return e;
    throw e;
  }
  throw new Error('expected decoding to fail');
}

/** Bytes that are ASCII lines of 100 characters, then `middle` at `offset`, then more lines. */
function withBytesAt(offset: number, middle: readonly number[], total = offset + 5_000): Uint8Array {
  const line = `${'x'.repeat(99)}\n`;
  const bytes = new TextEncoder().encode(line.repeat(Math.ceil(total / 100)).slice(0, total));
  bytes.set(middle, offset);
  return bytes;
}

const badOffset = (e: PayoutError): unknown => (e.details as { byteOffset?: number } | undefined)?.byteOffset;

describe('byte order marks', () => {
  it('reads UTF-8, UTF-16 LE and UTF-16 BE by their BOM, strips it, and lets it outrank an explicit encoding', async () => {
    const text = 'Łódź,张三,😀\n';
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const le = new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]);
    const be = new Uint8Array([0xfe, 0xff, ...iconv.encode(text, 'utf-16be')]);
    for (const bytes of [utf8, le, be]) {
      for (const size of [1, 2, 3, 5, 1024]) expect(await decodeAll(split(bytes, size), { encoding: 'gb18030' })).toBe(text);
    }
  });

  it('without a BOM: explicit encoding > mapping/profile > XML declaration > UTF-8', async () => {
    const xml = (decl: string) => iconvEncode(`<?xml version="1.0" encoding="${decl}"?><a>Łódź</a>`, decl);
    expect(await decodeAll([xml('windows-1250')])).toContain('Łódź');
    expect(await decodeAll([xml('ISO-8859-2')], { configured: { encoding: 'iso-8859-2', from: 'the bank profile' } })).toContain('Łódź');
    const cp852 = iconvEncode('Łódź;Dvořák', 'cp852');
    expect(await decodeAll([cp852], { configured: { encoding: 'CP852', from: 'the CSV mapping' } })).toBe('Łódź;Dvořák');
    expect(await decodeAll([cp852], { encoding: 'ibm852', configured: { encoding: 'utf-8', from: 'the CSV mapping' } })).toBe(
      'Łódź;Dvořák',
    );
    // An explicit choice outranks the XML declaration.
    const declaredWrongly = iconvEncode('<?xml version="1.0" encoding="UTF-8"?><a>Łódź</a>', 'windows-1250');
    expect(await decodeAll([declaredWrongly], 'windows-1250')).toContain('Łódź');
    const e = await decodeFailure([declaredWrongly]);
    expect(e.code).toBe('PAYOUT_E_STATEMENT_ENCODING');
    expect(e.message).toContain('utf-8 chosen by the XML declaration');
  });

  it('refuses an encoding it does not support, naming who chose it', async () => {
    const e = await decodeFailure([new TextEncoder().encode('<?xml version="1.0" encoding="EBCDIC-XY"?><a/>')]);
    expect(e.code).toBe('PAYOUT_E_STATEMENT_ENCODING');
    expect(e.message).toMatch(/"EBCDIC-XY" \(from the XML declaration\) is not supported at start of file/);
  });
});

describe('legacy encodings through iconv-lite', () => {
  it('decodes GB18030 (GBK and four-byte characters) split at every byte', async () => {
    const text = '账号,张三,李四,€,𠀀,ü\r\n'.repeat(3);
    const bytes = iconvEncode(text, 'gb18030');
    for (const size of [1, 2, 3, 4, 5, 7]) expect(await decodeAll(split(bytes, size), 'GB18030')).toBe(text);
    expect(await decodeAll(split(iconvEncode('张三,李四', 'gbk'), 1), 'gbk')).toBe('张三,李四');
  });

  it('accepts GB18030’s own encoding of U+FFFD, and only that', async () => {
    const bytes = new Uint8Array([0x41, 0x84, 0x31, 0xa4, 0x37, 0x42]);
    expect(await decodeAll([bytes], 'gb18030')).toBe('A\uFFFDB');
    const e = await decodeFailure([bytes], 'gbk');
    expect(badOffset(e)).toBe(1);
  });

  it('agrees with the WHATWG GB18030 decoder on what is valid, and blames the first invalid sequence', async () => {
    // Random sequences over the bytes that matter: ASCII, digits, lead/trail ranges, 0x80, 0xFF, 0x7F.
    const alphabet = [
      0x20, 0x30, 0x31, 0x35, 0x39, 0x3f, 0x40, 0x41, 0x7e, 0x7f, 0x80, 0x81, 0x84, 0x8f, 0x90, 0xa1, 0xa4, 0xd5, 0xe3, 0xfe, 0xff,
    ];
    let seed = 17;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const whatwg = (b: Uint8Array): string | undefined => {
      try {
        return new TextDecoder('gb18030', { fatal: true }).decode(b);
      } catch {
        return undefined;
      }
    };
    let invalid = 0;
    for (let round = 0; round < 3_000; round++) {
      // A leading space, so that no sequence starts with a byte order mark (FF FE, FE FF).
      const bytes = new Uint8Array([0x20, ...Array.from({ length: 1 + random(9) }, () => alphabet[random(alphabet.length)] ?? 0x20)]);
      const expected = whatwg(bytes);
      const chunks = [...split(bytes, 1 + random(4))];
      if (expected !== undefined) {
        // Same characters, except the few codes GB18030-2022 moved out of the private use area
        // (WHATWG follows 2022, iconv-lite 2005): compare with those masked.
        const pua = (t: string): string => t.replace(/[\uE000-\uF8FF\u9FB4-\u9FBB\uFE10-\uFE19]/g, '?');
        expect(pua(await decodeAll(chunks, 'gb18030'))).toBe(pua(expected));
        continue;
      }
      invalid++;
      const mine = await decodeAll(chunks, 'gb18030').catch(() => undefined);
      if (mine !== undefined)
        throw new Error(
          `${Array.from(bytes, (b) => b.toString(16)).join(' ')} decoded to ${Array.from(mine, (c) => c.codePointAt(0)?.toString(16)).join(' ')}`,
        );
      const e = await decodeFailure(chunks, 'gb18030');
      const at = badOffset(e) as number;
      // Everything before the blamed byte is valid; the blamed sequence is not.
      if (whatwg(bytes.subarray(0, at)) === undefined)
        throw new Error(`${Array.from(bytes, (b) => b.toString(16)).join(' ')} blamed at ${at}`);
      expect(at).toBeLessThan(bytes.length);
    }
    expect(invalid).toBeGreaterThan(500);
  });

  it('decodes Windows-1250, Windows-1252, CP852 and ISO-8859-1/2 text', async () => {
    expect(await decodeAll([iconvEncode('Łódź, Żółć, Dvořák', 'windows-1250')], 'cp1250')).toBe('Łódź, Żółć, Dvořák');
    expect(await decodeAll([iconvEncode('Łódź, Dvořák', 'cp852')], 'cp852')).toBe('Łódź, Dvořák');
    expect(await decodeAll([iconvEncode('Müller €', 'windows-1252')], 'windows-1252')).toBe('Müller €');
    expect(await decodeAll([iconvEncode('Müller', 'latin1')], 'ISO-8859-1')).toBe('Müller');
    expect(await decodeAll([iconvEncode('Łódź', 'iso-8859-2')], 'latin2')).toBe('Łódź');
  });
});

describe('invalid bytes: PAYOUT_E_STATEMENT_ENCODING at the exact byte', () => {
  const FAR = 70_001; // beyond the first 64 KiB piece

  it('UTF-8: in one big chunk, and with the bad sequence across chunk and piece boundaries', async () => {
    const bytes = withBytesAt(FAR, [0xe4, 0xb8, 0x41]); // a three-byte lead, one trail, then ASCII
    expect(badOffset(await decodeFailure([bytes]))).toBe(FAR);
    for (const cut of [FAR, FAR + 1, FAR + 2]) expect(badOffset(await decodeFailure(cutAt(bytes, cut)))).toBe(FAR);
    // Across the decoder's own 64 KiB pieces inside one chunk.
    const atPiece = withBytesAt(65_535, [0xe4, 0xb8, 0x41], 140_000);
    expect(badOffset(await decodeFailure([atPiece]))).toBe(65_535);
    const lone = withBytesAt(131_072, [0xff], 140_000);
    expect(badOffset(await decodeFailure([lone]))).toBe(131_072);
    for (const size of [1_000, 4_096, 65_536, 65_537]) expect(badOffset(await decodeFailure(split(lone, size)))).toBe(131_072);
  });

  it('UTF-8: a file that ends inside a character is refused at that character', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('a'.repeat(FAR)), 0xf0, 0x9f, 0x98]);
    const e = await decodeFailure(split(bytes, 4_096));
    expect(badOffset(e)).toBe(FAR);
    expect(e.message).toContain('ends inside a character');
  });

  it('UTF-8 with a BOM counts the BOM in the offset', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...withBytesAt(FAR, [0xc3, 0x28])]);
    expect(badOffset(await decodeFailure(split(bytes, 999)))).toBe(FAR + 3);
  });

  it('UTF-16 LE: an unpaired surrogate beyond 64 KiB, across chunks', async () => {
    const text = `${'a'.repeat(40_000)}😀${'b'.repeat(100)}`;
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]);
    const low = 2 + 2 * 40_001; // the low half of the emoji
    bytes[low] = 0x41; // …replaced by 'A': the high surrogate at low − 2 is now unpaired
    bytes[low + 1] = 0x00;
    for (const chunks of [[bytes], cutAt(bytes, low - 1), cutAt(bytes, low), [...split(bytes, 333)]])
      expect(badOffset(await decodeFailure(chunks))).toBe(low - 2);
  });

  it('GB18030: a lead byte with a bad trail, 0xFF, a code past U+10FFFF, and a truncated end, beyond 64 KiB and across chunks', async () => {
    const cases: [readonly number[], number][] = [
      [[0x81, 0x20], FAR],
      [[0xd5, 0xc5, 0xff], FAR + 2],
      [[0xe3, 0x32, 0x9a, 0x36], FAR], // iconv-lite turns this one into lone surrogates
      [[0x84, 0x31, 0xa4, 0x40], FAR],
    ];
    for (const [middle, expected] of cases) {
      const bytes = withBytesAt(FAR, middle);
      for (const chunks of [
        [bytes],
        cutAt(bytes, FAR + 1),
        cutAt(bytes, FAR + 2),
        cutAt(bytes, FAR + 3),
        [...split(bytes, 65_536)],
        [...split(bytes, 7)],
      ]) {
        const e = await decodeFailure(chunks, { configured: { encoding: 'gb18030', from: 'the CSV mapping' } });
        expect(e.code).toBe('PAYOUT_E_STATEMENT_ENCODING');
        expect(badOffset(e)).toBe(expected);
        expect(e.message).toContain(`at byte ${expected}`);
        expect(e.message).toContain('gb18030 chosen by the CSV mapping');
      }
    }
    const truncated = new Uint8Array([...iconvEncode('张'.repeat(40_000), 'gb18030'), 0xd5]);
    expect(badOffset(await decodeFailure(split(truncated, 4_095), 'gb18030'))).toBe(80_000);
  });

  it('GBK: a four-byte GB18030 sequence is not GBK', async () => {
    const bytes = new Uint8Array([...iconvEncode('张'.repeat(40_000), 'gbk'), 0x81, 0x30, 0x81, 0x30]);
    expect(badOffset(await decodeFailure([bytes], 'gbk'))).toBe(80_000);
  });

  it('single-byte code pages: a byte the code page does not define', async () => {
    const bytes = withBytesAt(FAR, [0x81]);
    expect(badOffset(await decodeFailure(split(bytes, 1_000), 'windows-1252'))).toBe(FAR);
    expect(badOffset(await decodeFailure([withBytesAt(FAR, [0x98])], 'windows-1250'))).toBe(FAR);
  });

  it('the message quotes only a masked excerpt of the line before the bad byte', async () => {
    const line = `2026-03-02;DE89370400440532013000;M${String.fromCharCode(0xfc)}ller;`;
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('header\n'),
      ...iconv.encode(line, 'latin1'),
      ...new TextEncoder().encode('\n'),
    ]);
    const e = await decodeFailure([bytes]);
    expect(e.message).toContain('at byte 42: byte FC begins no valid utf-8 character, after "2026-03-02;…3000;M"');
    expect(e.message).not.toContain('DE89370400440532013000');
  });
});
