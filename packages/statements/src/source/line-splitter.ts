/** How a physical line ended; passed to the line callback so a parser can warn about odd ends. */
export const LINE_END_LF = 0;
export const LINE_END_CRLF = 1;
/** A bare CR (old Mac line ends, or a CR-only file); only when the splitter was built with `bareCr`. */
export const LINE_END_CR = 2;
/** The last line of the input, without a line end. */
export const LINE_END_EOF = 3;
export type LineEnd = typeof LINE_END_LF | typeof LINE_END_CRLF | typeof LINE_END_CR | typeof LINE_END_EOF;

export interface LineSplitterOptions {
  /**
   * Also end a line at a CR that no LF follows (CR-only and mixed CR/LF/CRLF files). Off by
   * default: a parser that turns it on must warn when it sees `LINE_END_CR`.
   */
  readonly bareCr?: boolean;
}

/**
 * Text chunks → physical lines with 1-based numbers. Accepts LF and CRLF, and with `bareCr`
 * also a lone CR; a line (or a CRLF) split across chunks is joined. Only the unfinished last
 * line is held between chunks. The line is given without its line end.
 */
export class LineSplitter {
  private carry = '';
  /** The carried line ended in a CR at the end of the previous chunk: CRLF or a bare CR? */
  private carryCr = false;
  private lineNo = 0;
  private readonly onLine: (line: string, lineNo: number, end: LineEnd) => void;
  private readonly bareCr: boolean;

  constructor(onLine: (line: string, lineNo: number, end: LineEnd) => void, options: LineSplitterOptions = {}) {
    this.onLine = onLine;
    this.bareCr = options.bareCr === true;
  }

  write(text: string): void {
    if (this.bareCr) this.writeBareCr(text);
    else this.writeLf(text);
  }

  end(): void {
    if (this.carryCr) {
      this.carryCr = false;
      this.emitRaw(this.carry, LINE_END_CR);
    } else if (this.carry !== '') {
      this.emitLf(this.carry, true);
    }
    this.carry = '';
  }

  get lastLineNumber(): number {
    return this.lineNo;
  }

  /** LF and CRLF only: one indexOf per line. */
  private writeLf(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.carry += text;
      return;
    }
    if (this.carry !== '') {
      this.emitLf(this.carry + text.slice(0, nl), false);
      this.carry = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl >= 0) {
      this.emitLf(text.slice(start, nl), false);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.carry = text.slice(start);
  }

  /** LF, CRLF and bare CR: the next LF and the next CR are each searched once per line they end. */
  private writeBareCr(text: string): void {
    const n = text.length;
    if (n === 0) return;
    let start = 0;
    if (this.carryCr) {
      this.carryCr = false;
      const crlf = text.charCodeAt(0) === 10;
      this.emitRaw(this.carry, crlf ? LINE_END_CRLF : LINE_END_CR);
      this.carry = '';
      if (crlf) start = 1;
    }
    let nl = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    while (nl >= 0 || cr >= 0) {
      const begin = start;
      let end: number;
      let kind: LineEnd;
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        end = cr;
        if (cr + 1 === n) {
          // CR at the end of the chunk: the next chunk says whether an LF follows.
          this.carry = this.carry === '' ? text.slice(begin, cr) : this.carry + text.slice(begin, cr);
          this.carryCr = true;
          return;
        }
        if (text.charCodeAt(cr + 1) === 10) {
          kind = LINE_END_CRLF;
          start = cr + 2;
          nl = text.indexOf('\n', start);
        } else {
          kind = LINE_END_CR;
          start = cr + 1;
        }
        cr = text.indexOf('\r', start);
      } else {
        end = nl;
        kind = LINE_END_LF;
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      if (this.carry === '') {
        this.emitRaw(text.slice(begin, end), kind);
      } else {
        this.emitRaw(this.carry + text.slice(begin, end), kind);
        this.carry = '';
      }
    }
    if (start < n) this.carry = this.carry === '' ? text.slice(start) : this.carry + text.slice(start);
  }

  private emitLf(line: string, last: boolean): void {
    this.lineNo++;
    if (line.endsWith('\r')) this.onLine(line.slice(0, -1), this.lineNo, LINE_END_CRLF);
    else this.onLine(line, this.lineNo, last ? LINE_END_EOF : LINE_END_LF);
  }

  private emitRaw(line: string, kind: LineEnd): void {
    this.lineNo++;
    this.onLine(line, this.lineNo, kind);
  }
}
