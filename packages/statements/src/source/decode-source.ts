import iconv from 'iconv-lite';
import { PayoutError } from '@payout/domain';
import { malformed, maskedExcerpt } from '../statement-error.ts';

/** What the streaming API reads: a Node stream, a web stream reader loop, an array of chunks … */
export type StatementSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * The character encodings a statement file may be in (canonical names). UTF-8 and UTF-16 are
 * decoded by the platform's `TextDecoder`; the others by iconv-lite (`iconv.getDecoder`), with
 * every invalid byte found and refused (iconv-lite itself would put U+FFFD in its place).
 */
export const STATEMENT_ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'gb18030',
  'gbk',
  'windows-1250',
  'windows-1252',
  'cp852',
  'iso-8859-1',
  'iso-8859-2',
  'iso-8859-15',
] as const;
export type StatementEncoding = (typeof STATEMENT_ENCODINGS)[number];

const ALIASES: Readonly<Record<string, StatementEncoding>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  gb18030: 'gb18030',
  gbk: 'gbk',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  'windows-1250': 'windows-1250',
  cp1250: 'windows-1250',
  'x-cp1250': 'windows-1250',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  cp852: 'cp852',
  ibm852: 'cp852',
  '852': 'cp852',
  'cp-852': 'cp852',
  'iso-8859-1': 'iso-8859-1',
  iso8859_1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  l1: 'iso-8859-1',
  'iso-8859-2': 'iso-8859-2',
  iso8859_2: 'iso-8859-2',
  'iso_8859-2': 'iso-8859-2',
  latin2: 'iso-8859-2',
  l2: 'iso-8859-2',
  'iso-8859-15': 'iso-8859-15',
  'iso_8859-15': 'iso-8859-15',
  latin9: 'iso-8859-15',
};

/** A label as people and files write it ("GBK", "CP1250", "ISO-8859-2", "utf8") → its canonical name; undefined when not supported. */
export function statementEncoding(label: string): StatementEncoding | undefined {
  return ALIASES[label.trim().toLowerCase()];
}

/**
 * Which encoding to read bytes with. Precedence (first that applies):
 * 1. a byte order mark (UTF-8, UTF-16 LE/BE) — it is stripped;
 * 2. `encoding`, the caller's explicit choice (CLI `--encoding`, `StatementParseOptions.encoding`);
 * 3. `configured`: the CSV mapping's `encoding`, else the bank profile's `statementEncoding`;
 * 4. the XML declaration (`<?xml … encoding="ISO-8859-1"?>`);
 * 5. UTF-8.
 */
export interface DecodeOptions {
  readonly encoding?: string | undefined;
  readonly configured?: { readonly encoding: string; readonly from: string } | undefined;
}

const SNIFF_BYTES = 1024;
const DECODE_PIECE_BYTES = 1 << 16;
const EMPTY = new Uint8Array(0);

/**
 * Bytes → text, chunk by chunk, without ever holding the whole file (see `DecodeOptions` for
 * how the encoding is chosen). Invalid bytes are an error, never replaced — a replaced
 * character in a name or reference would silently break matching: PAYOUT_E_STATEMENT_ENCODING
 * names the offset of the first byte of the first invalid sequence, counted from the start of
 * the file (a byte order mark included).
 */
export async function* decodeSource(source: StatementSource, options: DecodeOptions | string | undefined): AsyncGenerator<string> {
  const opts: DecodeOptions = typeof options === 'string' ? { encoding: options } : (options ?? {});
  let decoder: PieceDecoder | undefined;
  let chosen: Chosen | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let bytesSeen = 0;
  // At least the last 40 characters handed on (the whole last piece, by reference), for an error's context.
  let recent = '';

  const failed = (e: BadBytes): PayoutError => {
    const label = chosen?.encoding ?? 'utf-8';
    const before = contextBefore(recent + e.before);
    const hex = (e.bytes[0] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    const what = e.truncated
      ? `the file ends inside a character (byte ${hex} begins it)`
      : `byte ${hex} begins no valid ${label} character`;
    return new PayoutError(
      'PAYOUT_E_STATEMENT_ENCODING',
      `statement text is not valid ${label} at byte ${e.offset}: ${what}, ${before === '' ? 'at the start of a line' : `after "${maskedExcerpt(before)}"`} (${label} chosen by ${chosen?.from ?? 'default'}; name the file's encoding if it is another)`,
      { place: `byte ${e.offset}`, byteOffset: e.offset, encoding: label, encodingFrom: chosen?.from ?? 'default' },
    );
  };

  // Large reads are decoded a piece at a time: each piece becomes a string of its own, which the
  // parsers scan faster than slices of one big string (measured on camt.053: 1 MiB reads decoded
  // whole cost 12 % more instructions than the same reads in 64 KiB pieces).
  function* pieces(d: PieceDecoder, bytes: Uint8Array): Generator<string> {
    for (let at = 0; at < bytes.length; at += DECODE_PIECE_BYTES) {
      const piece = bytes.length <= DECODE_PIECE_BYTES ? bytes : bytes.subarray(at, at + DECODE_PIECE_BYTES);
      let text: string;
      try {
        text = d.write(piece, bytesSeen);
      } catch (e) {
        throw e instanceof BadBytes ? failed(e) : e;
      }
      bytesSeen += piece.length;
      if (text !== '') {
        recent = text.length >= CONTEXT_CHARS ? text : (recent + text).slice(-CONTEXT_CHARS);
        yield text;
      }
    }
  }
  const start = (head: Uint8Array): { d: PieceDecoder; rest: Uint8Array } => {
    chosen = choose(head, opts);
    bytesSeen = chosen.bom;
    return { d: openDecoder(chosen.encoding), rest: chosen.bom === 0 ? head : head.subarray(chosen.bom) };
  };

  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      if (pending.length > 0 || decoder !== undefined) {
        throw malformed('auto', 'input', 'a source must not mix text and byte chunks');
      }
      yield chunk;
      continue;
    }
    if (decoder === undefined) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < SNIFF_BYTES) continue;
      const { d, rest } = start(concat(pending));
      decoder = d;
      pending = [];
      yield* pieces(decoder, rest);
      continue;
    }
    yield* pieces(decoder, chunk);
  }
  if (decoder === undefined && pending.length > 0) {
    const { d, rest } = start(concat(pending));
    decoder = d;
    yield* pieces(decoder, rest);
  }
  if (decoder !== undefined) {
    let tail: string;
    try {
      tail = decoder.end(bytesSeen);
    } catch (e) {
      throw e instanceof BadBytes ? failed(e) : e;
    }
    if (tail !== '') yield tail;
  }
}

interface Chosen {
  readonly encoding: StatementEncoding;
  readonly from: string;
  /** Length of the byte order mark to skip. */
  readonly bom: number;
}

function choose(head: Uint8Array, o: DecodeOptions): Chosen {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', from: 'its byte order mark', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', from: 'its byte order mark', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', from: 'its byte order mark', bom: 2 };
  const named = (label: string, from: string): Chosen => {
    const encoding = statementEncoding(label);
    if (encoding === undefined) {
      throw new PayoutError(
        'PAYOUT_E_STATEMENT_ENCODING',
        `statement text encoding ${JSON.stringify(maskedExcerpt(label))} (from ${from}) is not supported at start of file; supported: ${STATEMENT_ENCODINGS.join(', ')}`,
        { place: 'start of file', encoding: maskedExcerpt(label), encodingFrom: from },
      );
    }
    return { encoding, from, bom: 0 };
  };
  if (o.encoding !== undefined) return named(o.encoding, 'the caller (encoding option)');
  if (o.configured !== undefined) return named(o.configured.encoding, o.configured.from);
  const declared = sniffXmlEncoding(head);
  if (declared !== undefined) return named(declared, 'the XML declaration');
  return { encoding: 'utf-8', from: 'default', bom: 0 };
}

const CONTEXT_CHARS = 40;

/**
 * What an error shows before a bad byte: the end of its line, at most 40 characters, starting
 * at a word boundary when cut (so no fragment of an account number escapes the masking).
 */
function contextBefore(text: string): string {
  const t = text.slice(-CONTEXT_CHARS);
  const nl = Math.max(t.lastIndexOf('\n'), t.lastIndexOf('\r'));
  if (nl >= 0) return t.slice(nl + 1);
  if (text.length <= CONTEXT_CHARS) return t;
  const cut = t.search(/[^\p{L}\p{N}]/u);
  return cut < 0 ? '…' : `…${t.slice(cut)}`;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `<?xml version="1.0" encoding="ISO-8859-1"?>` → "ISO-8859-1". */
export function sniffXmlEncoding(head: Uint8Array): string | undefined {
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  while (start < head.length && (head[start] === 0x20 || head[start] === 0x0a || head[start] === 0x0d || head[start] === 0x09)) start++;
  let text = '';
  for (let i = start; i < Math.min(head.length, start + 200); i++) text += String.fromCharCode(head[i] ?? 0);
  if (!text.startsWith('<?xml')) return undefined;
  const end = text.indexOf('?>');
  const decl = end < 0 ? text : text.slice(0, end);
  const m = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(decl);
  return m?.[1];
}

// ─── decoders ───────────────────────────────────────────────────────────────────────────────

/** Where decoding stopped: the absolute offset of the first bad byte and the text decoded before it in this piece. */
class BadBytes extends Error {
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly before: string;
  readonly truncated: boolean;

  constructor(offset: number, bytes: Uint8Array, before: string, truncated: boolean) {
    super(`invalid bytes at ${offset}`);
    this.offset = offset;
    this.bytes = bytes;
    this.before = before;
    this.truncated = truncated;
  }
}

interface PieceDecoder {
  /** Decode the next piece; `at` is the file offset of its first byte. Throws BadBytes. */
  write(piece: Uint8Array, at: number): string;
  /** End of input; `at` is the file length. Throws BadBytes when the file ends inside a character. */
  end(at: number): string;
}

function openDecoder(encoding: StatementEncoding): PieceDecoder {
  switch (encoding) {
    case 'utf-8':
    case 'utf-16le':
    case 'utf-16be':
      return new UtfDecoder(encoding);
    case 'gb18030':
    case 'gbk':
      return new GbDecoder(encoding);
    default:
      return new SingleByteDecoder(encoding);
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * UTF-8 / UTF-16 through the platform's fatal `TextDecoder` — the hot path, unchanged. Only when
 * it throws is the piece scanned again, byte by byte, to find where (TextDecoder does not say).
 */
class UtfDecoder implements PieceDecoder {
  private readonly d: InstanceType<typeof TextDecoder>;
  /** The last ≤ 3 bytes before the current piece: an unfinished character may begin in them. */
  private tail: Uint8Array = EMPTY;

  private readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';

  constructor(encoding: 'utf-8' | 'utf-16le' | 'utf-16be') {
    this.encoding = encoding;
    this.d = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  }

  write(piece: Uint8Array, at: number): string {
    let text: string;
    try {
      text = this.d.decode(piece, { stream: true });
    } catch {
      throw this.locate(piece, at, false);
    }
    this.tail = piece.length >= 3 ? piece.slice(piece.length - 3) : concat([this.tail, piece]).slice(-3);
    return text;
  }

  end(at: number): string {
    try {
      return this.d.decode();
    } catch {
      throw this.locate(EMPTY, at, true);
    }
  }

  private locate(piece: Uint8Array, at: number, final: boolean): BadBytes {
    const carry = this.encoding === 'utf-8' ? utf8Carry(this.tail) : this.utf16Carry(at);
    const bytes = carry.length === 0 ? piece : concat([carry, piece]);
    const base = at - carry.length;
    const scan = (fin: boolean): number =>
      this.encoding === 'utf-8' ? firstBadUtf8(bytes, fin) : firstBadUtf16(bytes, this.encoding === 'utf-16le', fin);
    const bad = scan(final);
    // TextDecoder and the scan agree on what is valid; should they not, blame the piece's start rather than guess.
    const rel = bad < 0 ? 0 : bad;
    const before = new TextDecoder(this.encoding, { ignoreBOM: true }).decode(bytes.subarray(0, rel));
    return new BadBytes(base + rel, bytes.subarray(rel, rel + 4), before, final && bad >= 0 && scan(false) < 0);
  }

  /** UTF-16 characters start at even offsets (a BOM is 2 bytes); a high surrogate waits for its pair. */
  private utf16Carry(at: number): Uint8Array {
    const tail = this.tail;
    let n = at % 2;
    if (tail.length >= n + 2) {
      const hi = tail[tail.length - n - 2] ?? 0;
      const lo = tail[tail.length - n - 1] ?? 0;
      const unit = this.encoding === 'utf-16le' ? (lo << 8) | hi : (hi << 8) | lo;
      if (unit >= 0xd800 && unit <= 0xdbff) n += 2;
    }
    return tail.subarray(tail.length - n);
  }
}

/** The unfinished UTF-8 sequence at the end of `tail` (the bytes before a piece), if any. */
function utf8Carry(tail: Uint8Array): Uint8Array {
  for (let j = tail.length - 1; j >= 0; j--) {
    const b = tail[j] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > tail.length - j ? tail.subarray(j) : EMPTY;
  }
  return EMPTY;
}

/** Index of the first byte of the first ill-formed UTF-8 sequence (WHATWG's rules), or -1. */
export function firstBadUtf8(bytes: Uint8Array, final: boolean): number {
  const n = bytes.length;
  for (let i = 0; i < n;) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return final ? i : -1;
      const c = bytes[i + k] ?? 0;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Index of the first unpaired surrogate (or a lone last byte at the end), or -1. `bytes` starts at a code unit. */
export function firstBadUtf16(bytes: Uint8Array, littleEndian: boolean, final: boolean): number {
  const unit = (i: number): number =>
    littleEndian ? ((bytes[i + 1] ?? 0) << 8) | (bytes[i] ?? 0) : ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  const n = bytes.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const u = unit(i);
    if (u >= 0xdc00 && u <= 0xdfff) return i;
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= n) return final ? i : -1;
      const next = unit(i + 2);
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 2;
    }
  }
  return i < n && final ? i : -1;
}

/**
 * Windows-1250/1252, CP852, ISO-8859-x: one byte, one character. iconv-lite decodes a byte its
 * table does not define (0x81 in Windows-1252) as U+FFFD, which no such byte can mean: the
 * first U+FFFD's index in the text is the bad byte's index in the piece.
 */
class SingleByteDecoder implements PieceDecoder {
  private readonly d: iconv.DecoderStream;

  constructor(encoding: StatementEncoding) {
    this.d = iconv.getDecoder(encoding, { stripBOM: false });
  }

  write(piece: Uint8Array, at: number): string {
    const text = this.d.write(asBuffer(piece));
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0) throw new BadBytes(at + bad, piece.subarray(bad, bad + 1), text.slice(0, bad), false);
    return text;
  }

  end(): string {
    return this.d.end() ?? '';
  }
}

/** GB18030's own encoding of U+FFFD: the one sequence that may decode to it. */
const GB18030_FFFD = [0x84, 0x31, 0xa4, 0x37] as const;

/**
 * GB18030 and GBK. iconv-lite decodes, and replaces what it cannot decode with U+FFFD (and
 * turns some four-byte sequences past U+10FFFF into lone surrogates), so every piece is also
 * walked character by character: one byte below 0x80 (and 0x80, 0xFF); a lead byte 0x81–0xFE
 * with a trail 0x40–0x7E/0x80–0xFE; or, GB18030 only, lead digit lead digit within the ranges
 * WHATWG's decoder accepts. A sequence of the right shape that iconv-lite still decodes to
 * U+FFFD (an unmapped code) is found by decoding the piece's characters one by one — only when
 * the piece's text contains U+FFFD, so clean files pay just for the walk.
 */
class GbDecoder implements PieceDecoder {
  private readonly d: iconv.DecoderStream;
  /** Bytes of an unfinished character at the end of the last piece (≤ 3). */
  private carry: Uint8Array = EMPTY;

  private readonly encoding: 'gb18030' | 'gbk';

  constructor(encoding: 'gb18030' | 'gbk') {
    this.encoding = encoding;
    this.d = iconv.getDecoder(encoding, { stripBOM: false });
  }

  write(piece: Uint8Array, at: number): string {
    const carry = this.carry;
    const base = at - carry.length;
    // The character begun in the carry, finished with the piece's first bytes.
    let from = 0;
    if (carry.length > 0) {
      const head = concat([carry, piece.subarray(0, 4 - carry.length)]);
      const len = this.unitLength(head, 0);
      if (len < 0) throw this.illFormed(head, 0, base);
      if (len === 0) {
        this.carry = head;
        this.d.write(asBuffer(piece));
        return '';
      }
      from = len - carry.length;
    }
    let i = from;
    const n = piece.length;
    while (i < n) {
      const b = piece[i] ?? 0;
      if (b < 0x80) {
        i++;
        continue;
      }
      const len = this.unitLength(piece, i);
      if (len < 0) throw this.illFormed(concat([carry, piece]), carry.length + i, base);
      if (len === 0) break;
      i += len;
    }
    this.carry = i < n ? piece.slice(i) : EMPTY;
    const text = this.d.write(asBuffer(piece));
    if (text.includes('\uFFFD')) this.checkReplacements(carry.length === 0 ? piece : concat([carry, piece]), base);
    return text;
  }

  end(at: number): string {
    if (this.carry.length > 0) throw this.bad(this.carry, 0, at - this.carry.length, '', true);
    return this.d.end() ?? '';
  }

  /** Length of the character at `i` (1, 2 or 4), 0 when `bytes` ends inside it, −1 when it is ill-formed. */
  private unitLength(bytes: Uint8Array, i: number): number {
    const b = bytes[i] ?? 0;
    if (b === 0xff) return -1;
    if (b < 0x81) return 1; // ASCII, and 0x80 (€ in GBK's code page 936 and in WHATWG's GB18030)
    if (i + 1 >= bytes.length) return 0;
    const b2 = bytes[i + 1] ?? 0;
    if ((b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe)) return 2;
    if (b2 < 0x30 || b2 > 0x39 || this.encoding === 'gbk') return -1;
    if (i + 2 >= bytes.length) return 0;
    const b3 = bytes[i + 2] ?? 0;
    if (b3 < 0x81 || b3 > 0xfe) return -1;
    if (i + 3 >= bytes.length) return 0;
    const b4 = bytes[i + 3] ?? 0;
    if (b4 < 0x30 || b4 > 0x39) return -1;
    const pointer = (((b - 0x81) * 10 + (b2 - 0x30)) * 126 + (b3 - 0x81)) * 10 + (b4 - 0x30);
    return (pointer >= 39419 && pointer <= 188999) || pointer > 1237575 ? -1 : 4;
  }

  /**
   * Some character of `bytes` (from a character boundary, file offset `base`) became U+FFFD:
   * refuse the first one that is not GB18030's own U+FFFD. Only complete characters are looked at.
   */
  private checkReplacements(bytes: Uint8Array, base: number): void {
    for (let i = 0; i < bytes.length;) {
      const len = this.unitLength(bytes, i);
      if (len <= 0) return;
      if ((bytes[i] ?? 0) >= 0x80) {
        const unit = bytes.subarray(i, i + len);
        const ownFffd = this.encoding === 'gb18030' && len === 4 && GB18030_FFFD.every((x, k) => unit[k] === x);
        if (!ownFffd && iconv.decode(unit, this.encoding).includes('\uFFFD')) throw this.bad(bytes, i, base, null);
      }
      i += len;
    }
  }

  /** An ill-formed sequence at `rel`: unless a character before it is already unmapped, that is the first bad byte. */
  private illFormed(bytes: Uint8Array, rel: number, base: number): BadBytes {
    const before = iconv.decode(asBuffer(bytes.subarray(0, rel)), this.encoding, { stripBOM: false });
    if (before.includes('\uFFFD')) this.checkReplacements(bytes.subarray(0, rel), base);
    return new BadBytes(base + rel, bytes.subarray(rel, rel + 4), before, false);
  }

  /** `before`: the text decoded before the bad byte, or null to decode it here (error path only). */
  private bad(bytes: Uint8Array, rel: number, base: number, before: string | null, truncated = false): BadBytes {
    const text = before ?? iconv.decode(asBuffer(bytes.subarray(0, rel)), this.encoding, { stripBOM: false });
    return new BadBytes(base + rel, bytes.subarray(rel, rel + 4), text, truncated);
  }
}
