import { isUtf8 } from 'node:buffer';
import type { FastifyRequest } from 'fastify';
import { PayoutError } from '@payout/domain';

/**
 * JSON bodies are UTF-8 or refused. Fastify's own parser decodes with replacement, so a
 * beneficiary name with a broken byte was stored with U+FFFD in it: a silently changed name on
 * a payment instruction. Here a declared charset other than UTF-8 is a 415, invalid UTF-8 a 400
 * naming the field and the byte, and nothing reaches a route.
 */

type JsonParse = (req: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void) => void;

const UTF8_CHARSETS = new Set(['utf-8', 'utf8']);

/** The `charset` parameter of a Content-Type, lower-cased, or undefined when none is given. */
export function declaredCharset(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType);
  return m === null ? undefined : (m[2] ?? '').toLowerCase();
}

/**
 * A Fastify content-type parser (register with `parseAs: 'buffer'`) that checks the charset and
 * the bytes, then hands the text to Fastify's default JSON parser (prototype-poisoning checks).
 */
export function utf8JsonParser(parseJson: JsonParse) {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  return (req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void): void => {
    const charset = declaredCharset(req.headers['content-type']);
    if (charset !== undefined && !UTF8_CHARSETS.has(charset)) {
      done(
        new PayoutError(
          'PAYOUT_E_UNSUPPORTED_MEDIA_TYPE',
          `the body is declared as charset "${charset.slice(0, 40)}"; send it as UTF-8 (application/json or application/json; charset=utf-8)`,
          {
            errors: [{ path: 'content-type', code: 'charset', message: 'only UTF-8 is accepted' }],
          },
        ),
      );
      return;
    }
    if (!isUtf8(body)) {
      done(invalidUtf8(body));
      return;
    }
    parseJson(req, body.length === 0 ? '' : decoder.decode(body), done);
  };
}

function invalidUtf8(body: Buffer): PayoutError {
  const offset = firstInvalidUtf8Byte(body);
  const field = fieldWithReplacement(body);
  const where = field === undefined ? '' : ` in ${field}`;
  return new PayoutError(
    'PAYOUT_E_INVALID_ENCODING',
    `the body is not valid UTF-8${where} (first bad byte at offset ${offset}); nothing was stored`,
    {
      errors: [{ path: field ?? '(body)', code: 'invalid_utf8', message: `byte ${offset} is not valid UTF-8` }],
    },
  );
}

/** Byte offset where the first ill-formed UTF-8 sequence starts (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
export function firstInvalidUtf8Byte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) min = 0xa0; // no overlong forms
      if (c === 0xed) max = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) min = 0x90;
      if (c === 0xf4) max = 0x8f; // ≤ U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (d === undefined || d < lo || d > hi) return i;
    }
    i += need + 1;
  }
  return b.length;
}

/**
 * The JSON path of the first string (value or key) that holds a replacement character once the
 * body is decoded leniently: where the bad bytes are. Undefined when the body is not JSON even
 * then, or the bad bytes sit outside strings.
 */
function fieldWithReplacement(body: Buffer): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8').decode(body)) as unknown;
  } catch {
    return undefined;
  }
  return findReplacement(value, '');
}

function findReplacement(v: unknown, path: string): string | undefined {
  if (typeof v === 'string') return v.includes('\uFFFD') ? path || '(body)' : undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const found = findReplacement(v[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const p = path === '' ? k : `${path}.${k}`;
      if (k.includes('\uFFFD')) return p;
      const found = findReplacement(child, p);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
