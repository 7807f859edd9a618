import type { StatementFormat } from './statement.model.ts';

/** How much of the file `detectFormat` wants to see. */
export const DETECT_HEAD_CHARS = 8192;

/**
 * Guess the format from the first few KB of text (for `--format auto`). camt is recognised by
 * its Document namespace, MT942 by :34F:/:13D: or its block-2 message type, MT940 by :20: with
 * :60F:/:28C:/:61:, BAI2 by its 01 file header followed by a 02 group header. CSV has no
 * signature: it needs a mapping and an explicit format. Undefined when nothing matches.
 */
export function detectFormat(head: string): StatementFormat | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<')) {
    const m = /urn:iso:std:iso:20022:tech:xsd:camt\.(052|053|054)\.001\.\d{2}/.exec(text);
    if (m === null) return undefined;
    return m[1] === '052' ? 'camt052' : m[1] === '053' ? 'camt053' : 'camt054';
  }
  if (/\{2:[IO]942/.test(text)) return 'mt942';
  if (/\{2:[IO]940/.test(text)) return 'mt940';
  // Some banks (mBank) wrap each message in SOH … ETX on the same line as its first field.
  if (/^[\x01\x03\x1a]*:20:/m.test(text)) {
    if (/^[\x01\x03\x1a]*:(34F|13D):/m.test(text)) return 'mt942';
    if (/^[\x01\x03\x1a]*:(60[FM]|28C?|61|62[FM]):/m.test(text)) return 'mt940';
    return undefined;
  }
  if (/^01,[^\n]*\r?\n02,/.test(text)) return 'bai2';
  return undefined;
}
