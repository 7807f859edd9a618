import { isPayoutError } from '@payout/domain';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { TextWindow } from '../source/text-window.ts';
import { StatementAssembler } from '../statement-assembler.ts';
import { malformed, maskedExcerpt, unknownFormat } from '../statement-error.ts';
import type { StatementEventSink } from '../statement-event.ts';
import type { ResolvedParseOptions, StatementTextParser } from '../statement-parser.ts';
import { CamtEntryTally, checkTxsSummry } from './camt-control-totals.ts';
import { camtEntryLines } from './camt-entry.ts';
import { classifyCamtNamespace, type CamtFormat, type CamtVersion } from './camt-namespace.ts';
import { buildCamtHeader } from './camt-statement.ts';
import { NO_CHILDREN, nodePath, segment, type XmlNode } from './xml-node.ts';

interface Frame {
  readonly name: string;
  readonly segment: string;
  readonly line: number;
  counts: Map<string, number> | undefined;
  readonly ns: Readonly<Record<string, string>> | undefined;
}

const SAXES_ERROR = /^(?:[^:]*:)?\d+:\d+:\s*/;

type SubtreeKind = 'group-header' | 'statement-part' | 'entry' | 'ignored';

interface OpenStatement {
  readonly index: number;
  readonly path: string;
  readonly parts: XmlNode[];
  /** Counts and sums per entry for TxsSummry; only kept when the statement has one (it precedes the entries). */
  tally: CamtEntryTally | undefined;
  entryCount: number;
  began: boolean;
}

/**
 * Streaming camt.052/053/054 reader on saxes. It keeps the element stack and, below a statement,
 * one small subtree at a time (a header element or one Ntry), which it turns into events and
 * drops: memory does not grow with the number of entries.
 *
 * The message and version come from the Document's namespace only; an unknown namespace is
 * refused. Elements outside Document (a business-message envelope, AppHdr) are skipped.
 */
export class CamtParser implements StatementTextParser {
  private readonly declared: CamtFormat | undefined;
  private readonly options: ResolvedParseOptions;
  private readonly sink: StatementEventSink;
  private readonly sax = new SaxesParser({ xmlns: false, position: true });
  private readonly window: TextWindow | undefined;
  private assembler: StatementAssembler | undefined;
  private version: CamtVersion | undefined;
  private readonly frames: Frame[] = [];
  private docDepth = -1;
  private docClosed = false;
  private subtree: XmlNode | undefined;
  private subtreeKind: SubtreeKind = 'ignored';
  private groupHeader: XmlNode | undefined;
  private statement: OpenStatement | undefined;
  private statementCount = 0;
  private lastTagEnd = 0;
  private entryStart = 0;
  private entryCurrency: string | undefined;

  constructor(declared: CamtFormat | undefined, options: ResolvedParseOptions, sink: StatementEventSink) {
    this.declared = declared;
    this.options = options;
    this.sink = sink;
    this.window = options.keepRaw ? new TextWindow() : undefined;
    this.sax.on('opentag', (tag) => this.onOpen(tag));
    this.sax.on('closetag', () => this.onClose());
    this.sax.on('text', (text) => this.onText(text));
    this.sax.on('cdata', (text) => this.onText(text));
  }

  private get format(): CamtFormat | 'auto' {
    return this.version?.format ?? this.declared ?? 'auto';
  }

  write(text: string): void {
    this.window?.append(text);
    this.guard(() => this.sax.write(text));
    this.window?.discardBefore(this.subtreeKind === 'entry' && this.subtree !== undefined ? this.entryStart : this.lastTagEnd);
  }

  end(): void {
    if (this.frames.length > 0) {
      throw malformed(this.format, `${this.currentPath()} (line ${this.sax.line})`, 'the file ends inside this element: it is truncated');
    }
    this.guard(() => this.sax.close());
    if (this.docDepth < 0 || this.version === undefined || this.assembler === undefined) {
      throw unknownFormat('end of file', 'no ISO 20022 camt Document element was found');
    }
    if (this.statementCount === 0) {
      throw malformed(this.format, 'Document', `no ${this.version.statementElement} element: the message holds no statement`);
    }
    this.assembler.complete();
  }

  /** Run saxes; turn its well-formedness errors into statement errors with a place. */
  private guard(run: () => void): void {
    try {
      run();
    } catch (e) {
      // saxes reports "line:column: message"; anything else is ours (or a bug) and passes through.
      if (isPayoutError(e) || !(e instanceof Error) || !SAXES_ERROR.test(e.message)) throw e;
      const message = e.message.replace(SAXES_ERROR, '');
      throw malformed(
        this.format,
        `line ${this.sax.line} column ${this.sax.column} (${this.currentPath() || 'document start'})`,
        `XML is not well-formed: ${message}`,
      );
    }
  }

  private currentPath(): string {
    const outer = this.frames.map((f) => f.segment).join('/');
    if (this.subtree === undefined) return outer;
    return nodePath(this.subtree);
  }

  private onOpen(tag: SaxesTagPlain): void {
    const colon = tag.name.indexOf(':');
    const name = colon < 0 ? tag.name : tag.name.slice(colon + 1);
    const line = this.sax.line;

    const current = this.subtree;
    if (current !== undefined) {
      const node: XmlNode = { name, attrs: tag.attributes, text: '', children: NO_CHILDREN, parent: current, line, rootPath: '' };
      if (current.children === NO_CHILDREN) current.children = [node];
      else current.children.push(node);
      this.subtree = node;
      return;
    }
    // Tag ends are tracked only outside subtrees: an entry's raw text starts after the tag before it.
    const previousTagEnd = this.lastTagEnd;
    this.lastTagEnd = this.sax.position;

    const depth = this.frames.length;
    const parent = this.frames[depth - 1];
    let index = 1;
    if (parent !== undefined) {
      parent.counts ??= new Map();
      index = (parent.counts.get(name) ?? 0) + 1;
      parent.counts.set(name, index);
    }
    const seg = segment(name, index);
    const ns = namespaceDeclarations(tag.attributes);

    if (this.docDepth < 0) {
      if (name === 'Document') this.enterDocument(tag.name, colon, ns, seg, line);
      this.frames.push({ name, segment: seg, line, counts: undefined, ns });
      return;
    }
    const version = this.version;
    if (this.docClosed && name === 'Document') {
      throw malformed(this.format, `${this.pathWith(seg)} (line ${line})`, 'a second Document in one file is not supported');
    }
    if (version === undefined || this.docClosed) {
      this.frames.push({ name, segment: seg, line, counts: undefined, ns });
      return;
    }
    const level = depth - this.docDepth;
    if (level === 1) {
      if (name !== version.messageElement) {
        throw malformed(
          version.format,
          `${this.pathWith(seg)} (line ${line})`,
          `expected ${version.messageElement} under Document for ${version.id}`,
        );
      }
      this.frames.push({ name, segment: seg, line, counts: undefined, ns });
    } else if (level === 2) {
      if (name === version.statementElement) {
        this.frames.push({ name, segment: seg, line, counts: undefined, ns });
        this.statement = {
          index: this.statementCount++,
          path: this.pathWith(''),
          parts: [],
          tally: undefined,
          entryCount: 0,
          began: false,
        };
        return;
      }
      this.startSubtree(name, tag.attributes, line, this.pathWith(seg), name === 'GrpHdr' ? 'group-header' : 'ignored');
    } else if (level === 3 && this.statement !== undefined) {
      const rootPath = `${this.statement.path}/${seg}`;
      if (name === 'Ntry') {
        this.entryStart = previousTagEnd;
        this.startSubtree(name, tag.attributes, line, rootPath, 'entry');
      } else {
        if (this.statement.began && name !== 'AddtlStmtInf' && name !== 'AddtlRptInf' && name !== 'AddtlNtfctnInf') {
          throw malformed(version.format, `${rootPath} (line ${line})`, `${name} after the first Ntry is out of the schema order`);
        }
        this.startSubtree(name, tag.attributes, line, rootPath, 'statement-part');
      }
    } else {
      // Unexpected depth (text-level junk or an unknown structure): skip it, keep the path right.
      this.startSubtree(name, tag.attributes, line, this.pathWith(seg), 'ignored');
    }
  }

  private pathWith(seg: string): string {
    const outer = this.frames.map((f) => f.segment).join('/');
    return seg === '' ? outer : `${outer}/${seg}`;
  }

  private startSubtree(name: string, attrs: Record<string, string>, line: number, rootPath: string, kind: SubtreeKind): void {
    this.subtree = { name, attrs, text: '', children: NO_CHILDREN, parent: undefined, line, rootPath };
    this.subtreeKind = kind;
  }

  private enterDocument(
    qname: string,
    colon: number,
    ownNs: Readonly<Record<string, string>> | undefined,
    seg: string,
    line: number,
  ): void {
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const uri = this.resolvePrefix(prefix, ownNs);
    const where = `${this.pathWith(seg)} (line ${line})`;
    if (uri === undefined) throw unknownFormat(where, 'the Document element declares no namespace');
    const result = classifyCamtNamespace(uri);
    if (result.kind === 'not_camt')
      throw unknownFormat(where, `namespace ${JSON.stringify(maskedExcerpt(uri))} is not an ISO 20022 camt.052/053/054 namespace`);
    if (result.kind === 'unsupported_version') {
      throw unknownFormat(where, `the namespace is ${result.id}, a version this reader has not been checked against`);
    }
    if (this.declared !== undefined && result.version.format !== this.declared) {
      throw unknownFormat(where, `expected ${this.declared} but the namespace says ${result.version.id}`);
    }
    this.version = result.version;
    this.docDepth = this.frames.length;
    this.assembler = new StatementAssembler(result.version.format, this.options.verifyBalances, this.sink);
  }

  private resolvePrefix(prefix: string, own: Readonly<Record<string, string>> | undefined): string | undefined {
    const key = prefix === '' ? '' : prefix;
    if (own?.[key] !== undefined) return own[key];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const v = this.frames[i]?.ns?.[key];
      if (v !== undefined) return v;
    }
    return undefined;
  }

  private onText(text: string): void {
    const node = this.subtree;
    if (node === undefined) return;
    // Indentation between elements is most of the text events; it never carries a value.
    if (text.charCodeAt(0) <= 32 && text.trim() === '') return;
    node.text += text;
  }

  private onClose(): void {
    const node = this.subtree;
    if (node !== undefined && node.parent !== undefined) {
      this.subtree = node.parent;
      return;
    }
    const position = this.sax.position;
    this.lastTagEnd = position;
    if (node !== undefined) {
      this.subtree = undefined;
      this.finishSubtree(node, position);
      return;
    }
    const frame = this.frames.pop();
    if (frame === undefined) return;
    const level = this.frames.length - this.docDepth;
    if (this.docDepth >= 0 && level === 2 && this.statement !== undefined && !this.docClosed) {
      this.finishStatement();
    } else if (this.frames.length === this.docDepth) {
      this.docClosed = true;
    }
  }

  private finishSubtree(node: XmlNode, endPosition: number): void {
    switch (this.subtreeKind) {
      case 'group-header':
        this.groupHeader = node;
        return;
      case 'statement-part':
        this.statement?.parts.push(node);
        return;
      case 'entry':
        this.finishEntry(node, endPosition);
        return;
      case 'ignored':
        return;
    }
  }

  private finishEntry(ntry: XmlNode, endPosition: number): void {
    const statement = this.statement;
    const version = this.version;
    const assembler = this.assembler;
    if (statement === undefined || version === undefined || assembler === undefined) return;
    if (!statement.began) {
      const ccy = ntry.children.find((c) => c.name === 'Amt')?.attrs['Ccy'];
      this.begin(statement, ccy);
    }
    const raw = this.window === undefined ? '' : this.window.slice(this.entryStart, endPosition).trim();
    const lines = camtEntryLines(version.format, ntry, statement.entryCount++, raw, this.entryCurrency ?? '', statement.tally);
    for (const line of lines) assembler.line(line);
  }

  private begin(statement: OpenStatement, entryCurrency: string | undefined): void {
    const version = this.version;
    if (version === undefined || this.assembler === undefined) return;
    const built = buildCamtHeader(version, statement.index, statement.path, this.groupHeader, statement.parts, entryCurrency);
    statement.began = true;
    this.entryCurrency = built.header.currency;
    if (statement.parts.some((p) => p.name === 'TxsSummry')) statement.tally = new CamtEntryTally();
    this.assembler.begin(built.header);
  }

  private finishStatement(): void {
    const statement = this.statement;
    const version = this.version;
    if (statement === undefined || version === undefined || this.assembler === undefined) return;
    if (!statement.began) this.begin(statement, undefined);
    // Rebuilt because parts after the entries (AddtlStmtInf) may add to the header.
    const built = buildCamtHeader(version, statement.index, statement.path, this.groupHeader, statement.parts, this.entryCurrency);
    const summary = statement.parts.find((p) => p.name === 'TxsSummry');
    // Checked whatever verifyBalances says: a count or sum the entries do not reach means lost entries.
    if (summary !== undefined) checkTxsSummry(version.format, summary, statement.tally ?? new CamtEntryTally(), built.header.currency);
    this.assembler.end(built.header, built.closingPlace);
    this.statement = undefined;
  }
}

function namespaceDeclarations(attrs: Record<string, string>): Readonly<Record<string, string>> | undefined {
  let out: Record<string, string> | undefined;
  for (const key in attrs) {
    if (key === 'xmlns') (out ??= {})[''] = attrs[key] ?? '';
    else if (key.startsWith('xmlns:')) (out ??= {})[key.slice(6)] = attrs[key] ?? '';
  }
  return out;
}
