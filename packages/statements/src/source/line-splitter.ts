/**
 * Text chunks → physical lines with 1-based numbers. Accepts LF and CRLF; a line split across
 * chunks is joined. Only the unfinished last line is held between chunks.
 */
export class LineSplitter {
  private carry = '';
  private lineNo = 0;
  private readonly onLine: (line: string, lineNo: number) => void;

  constructor(onLine: (line: string, lineNo: number) => void) {
    this.onLine = onLine;
  }

  write(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.carry += text;
      return;
    }
    if (this.carry !== '') {
      this.emit(this.carry + text.slice(0, nl));
      this.carry = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl >= 0) {
      this.emit(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.carry = text.slice(start);
  }

  end(): void {
    if (this.carry !== '') this.emit(this.carry);
    this.carry = '';
  }

  get lastLineNumber(): number {
    return this.lineNo;
  }

  private emit(line: string): void {
    this.lineNo++;
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, this.lineNo);
  }
}
