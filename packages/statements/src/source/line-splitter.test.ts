import { describe, expect, it } from 'vitest';
import { LINE_END_CR, LINE_END_CRLF, LINE_END_EOF, LINE_END_LF, LineSplitter, type LineEnd } from './line-splitter.ts';

function split(chunks: readonly string[], bareCr: boolean): [string, number, LineEnd][] {
  const out: [string, number, LineEnd][] = [];
  const s = new LineSplitter((line, n, end) => out.push([line, n, end]), { bareCr });
  for (const c of chunks) s.write(c);
  s.end();
  return out;
}

/** Every way of cutting `text` into two or three chunks must give the same lines. */
function everyCut(text: string, bareCr: boolean): [string, number, LineEnd][] {
  const whole = split([text], bareCr);
  for (let i = 0; i <= text.length; i++) {
    expect(split([text.slice(0, i), text.slice(i)], bareCr), `cut at ${i}`).toEqual(whole);
    for (let j = i; j <= text.length; j++)
      expect(split([text.slice(0, i), text.slice(i, j), text.slice(j)], bareCr), `cuts at ${i}, ${j}`).toEqual(whole);
  }
  expect(split([...text], bareCr)).toEqual(whole);
  return whole;
}

describe('LineSplitter', () => {
  it('LF and CRLF, a last line without an end', () => {
    expect(everyCut('a\r\nbb\n\nc', false)).toEqual([
      ['a', 1, LINE_END_CRLF],
      ['bb', 2, LINE_END_LF],
      ['', 3, LINE_END_LF],
      ['c', 4, LINE_END_EOF],
    ]);
  });

  it('without bareCr a lone CR stays inside the line (BAI2 and others keep their behaviour)', () => {
    expect(everyCut('a\rb\nc\r\n', false)).toEqual([
      ['a\rb', 1, LINE_END_LF],
      ['c', 2, LINE_END_CRLF],
    ]);
  });

  it('with bareCr: CR-only, mixed, CR CR LF, and a CRLF split between chunks stays one line end', () => {
    expect(everyCut('a\rb\r\nc\nd\r\r\ne\r', true)).toEqual([
      ['a', 1, LINE_END_CR],
      ['b', 2, LINE_END_CRLF],
      ['c', 3, LINE_END_LF],
      ['d', 4, LINE_END_CR],
      ['', 5, LINE_END_CRLF],
      ['e', 6, LINE_END_CR],
    ]);
    expect(split(['x\r', '\ny\r', 'z'], true)).toEqual([
      ['x', 1, LINE_END_CRLF],
      ['y', 2, LINE_END_CR],
      ['z', 3, LINE_END_EOF],
    ]);
  });
});
