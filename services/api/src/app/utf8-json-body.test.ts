import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { declaredCharset, firstInvalidUtf8Byte } from './utf8-json-body.ts';

describe('firstInvalidUtf8Byte', () => {
  it('is the length for valid UTF-8 (any text)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => firstInvalidUtf8Byte(Buffer.from(s, 'utf8')) === Buffer.byteLength(s)),
      { seed: 23 },
    );
  });
  it('finds the start of the first ill-formed sequence', () => {
    expect(firstInvalidUtf8Byte(Buffer.from([0x41, 0xfc, 0x41]))).toBe(1); // Latin-1 ü
    expect(firstInvalidUtf8Byte(Buffer.from([0x41, 0xc0, 0xaf]))).toBe(1); // overlong '/'
    expect(firstInvalidUtf8Byte(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstInvalidUtf8Byte(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // > U+10FFFF
    expect(firstInvalidUtf8Byte(Buffer.from([0x41, 0x42, 0xe4, 0xb8]))).toBe(2); // truncated 中
    expect(firstInvalidUtf8Byte(Buffer.from([0xe4, 0xb8, 0xad, 0x80]))).toBe(3); // stray continuation
  });
  it('agrees with Node on validity for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => (firstInvalidUtf8Byte(bytes) === bytes.length) === isUtf8(bytes)),
      { seed: 23, numRuns: 5_000 },
    );
  });
});

describe('declaredCharset', () => {
  it('reads the charset parameter, quoted or not, in any case', () => {
    expect(declaredCharset('application/json')).toBeUndefined();
    expect(declaredCharset(undefined)).toBeUndefined();
    expect(declaredCharset('application/json; charset=UTF-8')).toBe('utf-8');
    expect(declaredCharset('application/json;charset="iso-8859-1"')).toBe('iso-8859-1');
    expect(declaredCharset('application/json; foo=bar; Charset=windows-1252')).toBe('windows-1252');
  });
});
