import { formatAmountMinor, PayoutError } from '@payout/domain';
import { classifyAccountId } from '../account/account-id.ts';
import { LINE_END_CR, LINE_END_LF, LineSplitter, type LineEnd } from '../source/line-splitter.ts';
import { StatementAssembler } from '../statement-assembler.ts';
import { malformed, maskedExcerpt } from '../statement-error.ts';
import type { StatementEventSink } from '../statement-event.ts';
import type { ResolvedParseOptions, StatementTextParser } from '../statement-parser.ts';
import type { StatementAccount, StatementBalance, StatementHeader, StatementLine, StatementWarning } from '../statement.model.ts';
import { FieldError, parseField61, type Field61 } from './field61.ts';
import { parseField86, type Field86 } from './field86.ts';
import { parseDateTimeIndication, parseNumberAndSum, parseSwiftBalance } from './swift-balance.ts';

type SwiftFormat = 'mt940' | 'mt942';

interface Field {
  readonly tag: string;
  readonly lineNo: number;
  /** Content lines without the ":tag:" prefix. */
  readonly lines: string[];
  /** The physical lines as written. */
  readonly raw: string[];
  /** A one-line field (ONE_LINE_TAGS): a continuation line is refused, not dropped. */
  readonly oneLine: boolean;
}

interface PendingEntry {
  readonly field: Field;
  readonly parsed: Field61;
  details: Field | undefined;
}

interface NumberAndSum {
  readonly count: number;
  readonly amountMinor: bigint;
  readonly lineNo: number;
}

interface OpenStatement {
  readonly lineNo: number;
  readonly reference: string;
  account: StatementAccount | undefined;
  accountLine: number;
  number: string | undefined;
  page: number | undefined;
  numberLine: number;
  currency: string | undefined;
  opening: StatementBalance | undefined;
  openingLine: number;
  closing: StatementBalance | undefined;
  closingLine: number | undefined;
  creationDateTime: string | undefined;
  creationLine: number;
  info: string[];
  began: boolean;
  /** Line of the "-" / "-}" that ended the statement's fields; 0 while fields may still come. */
  closedAt: number;
  entryCount: number;
  debits: NumberAndSum | undefined;
  credits: NumberAndSum | undefined;
  debitTotal: { count: number; amountMinor: bigint };
  creditTotal: { count: number; amountMinor: bigint };
  /** Statement-level leniencies, at most one per code; undefined while there are none. */
  warnings: StatementWarning[] | undefined;
}

/** Lines outside any statement that were skipped as a bank's envelope (header, FIN blocks, trailer). */
interface Envelope {
  readonly first: number;
  last: number;
  count: number;
  readonly excerpt: string;
}

const TAG = /^:([0-9]{2}[A-Z]?|NS):/;

/** Fields whose content is one line: a continuation line would be silently dropped, so it is refused. */
const ONE_LINE_TAGS = new Set(['20', '25', '28', '28C', '60F', '60M', '62F', '62M', '64', '65', '34F', '13D', '90D', '90C']);

/** More unrecognised lines than this between statements is not an envelope but a broken file. */
const MAX_ENVELOPE_LINES = 10;

const SOH = 0x01;
const ETX = 0x03;
const SUB = 0x1a;

function isFramingControl(c: number): boolean {
  return c === SOH || c === ETX || c === SUB;
}

/**
 * Line-based streaming MT940/MT942 reader (see docs/adr/0005-statement-parsers.md for why not
 * @centrapay/swift-parser). It holds one field and at most one pending entry; several
 * statements per file, with or without SWIFT {1:}{2:}{4: … -} blocks.
 *
 * Tolerated because banks consistently write them (issue 17), each recorded as a warning.
 * On the statement: a bank envelope before :20: (FIN blocks, ABN AMRO / ING / Rabobank header
 * lines) — `bank_envelope`; SOH/ETX/SUB bytes around a message and "-" separators between
 * statements — `control_characters`; bare-CR line ends — `cr_line_ends`. On a line: a :61:
 * value date past its month's end (30/360) — `value_date_normalised`. Refused, whatever
 * `verifyBalances` says: a repeated :25:/:28C:/:60a:/:62a:/:13D:/:90D:/:90C: in one statement,
 * a continuation line on a one-line field, and :90D:/:90C: totals that disagree with the entries.
 */
export class Mt94xParser implements StatementTextParser {
  private readonly format: SwiftFormat;
  private readonly options: ResolvedParseOptions;
  private readonly assembler: StatementAssembler;
  private readonly splitter: LineSplitter;
  private field: Field | undefined;
  private statement: OpenStatement | undefined;
  private entry: PendingEntry | undefined;
  /** Warnings seen outside a statement, for the next one (or the last one at the end of the file). */
  private pending: StatementWarning[] | undefined;
  private envelope: Envelope | undefined;
  /** Inside a FIN "{4:" text block: its "-" terminator is part of the envelope, not a separator. */
  private inFinBlock = false;

  constructor(format: SwiftFormat, options: ResolvedParseOptions, sink: StatementEventSink) {
    this.format = format;
    this.options = options;
    this.assembler = new StatementAssembler(format, options.verifyBalances, sink);
    this.splitter = new LineSplitter((line, n, end) => this.onLine(line, n, end), { bareCr: true });
  }

  write(text: string): void {
    this.splitter.write(text);
  }

  end(): void {
    this.splitter.end();
    this.flushField();
    const last = this.splitter.lastLineNumber;
    const s = this.statement;
    if (s !== undefined) {
      // What followed the last statement (a FIN trailer, ETX) is reported on it.
      this.takeEnvelope(s);
      this.takePending(s);
    }
    this.endStatement(last);
    if (this.assembler.nextStatementIndex === 0) {
      throw malformed(this.format, `line ${last}`, 'no statement found (no :20: field)');
    }
    this.assembler.complete();
  }

  private onLine(physical: string, lineNo: number, end: LineEnd): void {
    if (end === LINE_END_CR) {
      this.warn('cr_line_ends', lineNo, 'a line ends with a bare CR (not CRLF or LF); CR is read as a line end');
    }
    let line = physical;
    if (line.length > 0 && (isFramingControl(line.charCodeAt(0)) || isFramingControl(line.charCodeAt(line.length - 1)))) {
      line = this.stripControls(line, lineNo);
    }
    line = line.trimEnd();
    if (line === '') return;
    const c = line.charCodeAt(0);
    if (c === 0x7b /* { */) {
      this.onBlockLine(line, lineNo);
      return;
    }
    if (c === 0x2d /* - */ && (line === '-' || line === '-XXX' || line.startsWith('-}'))) {
      this.onTerminator(line, lineNo);
      return;
    }
    if (c === 0x3a /* : */) {
      const m = TAG.exec(line);
      if (m !== null) {
        this.flushField();
        const tag = m[1] ?? '';
        this.field = { tag, lineNo, lines: [line.slice(m[0].length)], raw: [physical], oneLine: ONE_LINE_TAGS.has(tag) };
        return;
      }
    }
    const field = this.field;
    if (field === undefined) {
      this.onEnvelopeLine(line, lineNo);
      return;
    }
    if (field.oneLine) {
      throw malformed(
        this.format,
        `line ${lineNo}`,
        `:${field.tag}: (line ${field.lineNo}) is a one-line field, but the next line continues it: ${maskedExcerpt(line)}`,
      );
    }
    field.lines.push(line);
    field.raw.push(physical);
  }

  /** SOH/ETX (and a DOS end-of-file SUB) around a message: removed, with a warning. */
  private stripControls(line: string, lineNo: number): string {
    let from = 0;
    let to = line.length;
    while (from < to && isFramingControl(line.charCodeAt(from))) from++;
    while (to > from && isFramingControl(line.charCodeAt(to - 1))) to--;
    const names = [...new Set([...line.slice(0, from), ...line.slice(to)].map((ch) => controlName(ch.charCodeAt(0))))].join('/');
    this.warn('control_characters', lineNo, `control character(s) ${names} around the message removed`);
    return line.slice(from, to);
  }

  /** "{1:…}{2:…}{4:" opens a FIN message; text after "{4:" is the first body line. "{5:…}" is a trailer. */
  private onBlockLine(line: string, lineNo: number): void {
    if (line.startsWith('{1:') || line.startsWith('{2:')) {
      this.flushField();
      this.closeStatement(lineNo);
      // A new FIN message: what came since the last one's "-}" (its {5:} trailer) was its envelope.
      const previous = this.statement;
      if (previous !== undefined) this.takeEnvelope(previous);
    }
    this.noteEnvelope(line, lineNo);
    const body = line.indexOf('{4:');
    if (body >= 0) {
      this.inFinBlock = true;
      const rest = line.slice(body + 3).trim();
      if (rest !== '') this.onLine(rest, lineNo, LINE_END_LF);
    }
  }

  /** "-" (SWIFT's end of text block, kept by banks as a separator), "-XXX" (ING) or "-}" (FIN). */
  private onTerminator(line: string, lineNo: number): void {
    this.flushField();
    const fin = line.startsWith('-}');
    if (!fin && !this.inFinBlock) {
      this.warn(
        'control_characters',
        lineNo,
        `message separator ${JSON.stringify(line)} outside a SWIFT block read as the end of the statement`,
      );
    }
    if (fin) this.inFinBlock = false;
    this.closeStatement(lineNo);
  }

  /** Text outside any field: a bank's header before :20: or a trailer after a statement. */
  private onEnvelopeLine(line: string, lineNo: number): void {
    const env = this.envelope;
    if (env !== undefined && env.count >= MAX_ENVELOPE_LINES) {
      throw malformed(
        this.format,
        `line ${lineNo}`,
        `text outside any field (${env.count + 1} lines since line ${env.first} are neither fields nor a bank envelope): ${maskedExcerpt(line)}`,
      );
    }
    this.noteEnvelope(line, lineNo);
  }

  private noteEnvelope(line: string, lineNo: number): void {
    const env = this.envelope;
    if (env === undefined) this.envelope = { first: lineNo, last: lineNo, count: 1, excerpt: maskedExcerpt(line) };
    else {
      env.last = lineNo;
      env.count++;
    }
  }

  /** Report the envelope seen since the last statement on `s` (once per statement). */
  private takeEnvelope(s: OpenStatement): void {
    const env = this.envelope;
    if (env === undefined) return;
    this.envelope = undefined;
    const lines = env.first === env.last ? `line ${env.first}` : `lines ${env.first}–${env.last}`;
    addWarning(s, 'bank_envelope', env.first, `bank envelope outside the SWIFT fields skipped: ${lines}, starting ${env.excerpt}`);
  }

  private takePending(s: OpenStatement): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    for (const w of pending) addWarningObject(s, w);
  }

  /** A statement-level warning: on the open statement, else kept for the next one. At most one per code. */
  private warn(code: string, lineNo: number, message: string): void {
    const s = this.statement;
    if (s !== undefined && s.closedAt === 0) {
      addWarning(s, code, lineNo, message);
      return;
    }
    const pending = (this.pending ??= []);
    if (!pending.some((w) => w.code === code)) pending.push({ code, place: `line ${lineNo}`, message });
  }

  private flushField(): void {
    const field = this.field;
    if (field === undefined) return;
    this.field = undefined;
    try {
      this.handle(field);
    } catch (e) {
      // The FieldError's message says what is wrong; the place is added here, once.
      if (e instanceof FieldError) throw malformed(this.format, `line ${field.lineNo}`, e.message);
      throw e;
    }
  }

  private handle(field: Field): void {
    const { tag } = field;
    const first = field.lines[0] ?? '';
    if (tag !== '86' && tag !== 'NS') this.flushEntry();
    if (tag === '20') {
      this.endStatement(field.lineNo);
      const s = newStatement(field.lineNo, first.trim());
      this.takeEnvelope(s);
      this.takePending(s);
      this.statement = s;
      return;
    }
    const s = this.statement;
    if (s === undefined) throw malformed(this.format, `line ${field.lineNo}`, `field :${tag}: before any :20: transaction reference`);
    if (s.closedAt !== 0) {
      throw malformed(
        this.format,
        `line ${field.lineNo}`,
        `field :${tag}: after statement ${maskedExcerpt(s.reference)} ended (line ${s.closedAt}) and before the next :20:`,
      );
    }
    switch (tag) {
      case '25':
      case '25P': {
        if (s.account !== undefined) throw this.repeated(tag, field, s, s.accountLine, 'a statement has one account');
        const bicAccount = /^([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\/(.+)$/.exec(first.trim());
        const id = classifyAccountId(bicAccount?.[2] ?? first);
        const bic = bicAccount?.[1] ?? (tag === '25P' ? field.lines[1]?.trim() : undefined);
        s.account = { ...id, servicerBic: bic };
        s.accountLine = field.lineNo;
        return;
      }
      case '28':
      case '28C': {
        if (s.numberLine !== 0) throw this.repeated(tag, field, s, s.numberLine, 'a statement has one number');
        const m = /^(\d{1,5})(?:\/(\d{1,5}))?/.exec(first.trim());
        if (m === null) throw new FieldError(`:${tag}: ${maskedExcerpt(first)} is not a statement number[/sequence]`);
        s.number = m[1];
        s.page = m[2] === undefined ? undefined : Number(m[2]);
        s.numberLine = field.lineNo;
        return;
      }
      case '60F':
      case '60M': {
        if (s.opening !== undefined) throw this.repeated(tag, field, s, s.openingLine, 'a statement has one opening balance');
        const { balance, currency } = parseSwiftBalance(tag, first);
        s.opening = balance;
        s.openingLine = field.lineNo;
        s.currency = currency;
        return;
      }
      case '62F':
      case '62M': {
        if (s.closing !== undefined) throw this.repeated(tag, field, s, s.closingLine ?? 0, 'a statement has one closing balance');
        const { balance, currency } = parseSwiftBalance(tag, first);
        if (s.currency !== undefined && currency !== s.currency) {
          throw new FieldError(`:${tag}: currency ${currency} differs from the opening balance's ${s.currency}`);
        }
        s.currency ??= currency;
        s.closing = balance;
        s.closingLine = field.lineNo;
        return;
      }
      case '64':
      case '65':
        parseSwiftBalance(tag, first);
        return;
      case '34F': {
        const m = /^([A-Z]{3})[DC]?[0-9][0-9,]*$/.exec(first.trim());
        if (m === null) throw new FieldError(`:34F: ${maskedExcerpt(first)} is not a currency and floor limit`);
        s.currency ??= m[1];
        return;
      }
      case '13D':
        if (s.creationLine !== 0) throw this.repeated(tag, field, s, s.creationLine, 'a report has one date-time indication');
        s.creationDateTime = parseDateTimeIndication(first);
        s.creationLine = field.lineNo;
        return;
      case '90D':
      case '90C': {
        const previous = tag === '90D' ? s.debits : s.credits;
        if (previous !== undefined) throw this.repeated(tag, field, s, previous.lineNo, 'a report states each control total once');
        const v = parseNumberAndSum(tag, first);
        if (s.currency !== undefined && v.currency !== s.currency)
          throw new FieldError(`:${tag}: currency ${v.currency} differs from ${s.currency}`);
        const total = { count: v.count, amountMinor: v.amountMinor, lineNo: field.lineNo };
        if (tag === '90D') s.debits = total;
        else s.credits = total;
        return;
      }
      case '61': {
        if (s.currency === undefined) {
          throw new FieldError(
            this.format === 'mt940'
              ? 'entry before the opening balance :60F:'
              : 'entry before the floor limit :34F: that names the currency',
          );
        }
        this.entry = { field, parsed: parseField61(first, field.lines.slice(1), s.currency), details: undefined };
        return;
      }
      case '86': {
        // Any field other than :86:/:NS: flushes the pending entry, so a pending one is :86:'s.
        if (this.entry !== undefined) {
          this.entry.details = field;
          this.flushEntry();
        } else {
          s.info.push(field.lines.map((l) => l.trim()).join(' '));
        }
        return;
      }
      default:
        return; // :21:, :NS: and bank-specific fields carry nothing the model needs
    }
  }

  /** A second occurrence of a field the statement has once: the first would be silently overwritten. */
  private repeated(tag: string, field: Field, s: OpenStatement, firstLine: number, why: string): PayoutError {
    return malformed(
      this.format,
      `line ${field.lineNo}`,
      `second :${tag}: in statement ${maskedExcerpt(s.reference)} (line ${s.lineNo}); the first is at line ${firstLine} — ${why}, refusing rather than overwriting`,
    );
  }

  private flushEntry(): void {
    const entry = this.entry;
    const s = this.statement;
    if (entry === undefined || s === undefined) return;
    this.entry = undefined;
    this.begin(s, entry.field.lineNo);
    const p = entry.parsed;
    const d: Field86 | undefined = entry.details === undefined ? undefined : parseField86(entry.details.lines);
    const raw = this.options.keepRaw ? [...entry.field.raw, ...(entry.details?.raw ?? [])].join('\n') : '';
    const info = [p.supplementary, d?.text].filter((x): x is string => x !== undefined && x !== '').join(' ');
    const total = p.direction === 'debit' ? s.debitTotal : s.creditTotal;
    total.count++;
    total.amountMinor += p.amountMinor;
    const location = `line ${entry.field.lineNo}`;
    const line: StatementLine = {
      index: 0,
      entryIndex: s.entryCount++,
      batch: undefined,
      currency: s.currency ?? '',
      amountMinor: p.amountMinor,
      direction: p.direction,
      reversal: p.reversal,
      status: 'booked',
      bookingDate: p.bookingDate,
      valueDate: p.valueDate,
      bankReference: p.bankReference,
      accountServicerReference: p.bankReference,
      customerReference: p.customerReference,
      endToEndId: d?.endToEndId,
      uetr: d?.uetr,
      instructionId: d?.instructionId,
      paymentInformationId: undefined,
      transactionId: undefined,
      mandateId: d?.mandateId,
      bankTransactionCode: {
        domain: undefined,
        family: undefined,
        subFamily: undefined,
        proprietary: d?.transactionCode ?? p.transactionType,
        issuer: d?.transactionCode !== undefined ? 'DK' : 'SWIFT',
      },
      returnReason: d?.returnReason,
      counterparty: d?.counterparty,
      remittanceInfo: d?.remittanceInfo,
      additionalInfo: info === '' ? undefined : info,
      raw,
      location,
    };
    if (p.valueDatePastMonthEnd !== undefined) {
      // Rare (30/360 interest postings): only these lines get the extra property.
      (line as { warnings?: readonly StatementWarning[] }).warnings = [
        {
          code: 'value_date_normalised',
          place: location,
          message: `:61: value date ${p.valueDatePastMonthEnd} is past its month's end (30/360 day count); read as ${p.valueDate}, the month's last day`,
        },
      ];
    }
    this.assembler.line(line);
  }

  private begin(s: OpenStatement, lineNo: number): void {
    if (s.began) return;
    const ref = maskedExcerpt(s.reference);
    if (s.account === undefined) throw malformed(this.format, `line ${lineNo}`, `statement ${ref} (line ${s.lineNo}) has no :25: account`);
    if (s.currency === undefined) throw malformed(this.format, `line ${lineNo}`, `statement ${ref} (line ${s.lineNo}) names no currency`);
    s.began = true;
    this.assembler.begin(this.header(s));
  }

  private header(s: OpenStatement): StatementHeader {
    const header: StatementHeader = {
      format: this.format,
      version: undefined,
      index: this.assembler.nextStatementIndex,
      messageId: undefined,
      statementId: s.reference,
      account: s.account ?? { id: '', scheme: 'other', servicerBic: undefined },
      currency: s.currency ?? '',
      sequence: { electronic: s.number, legal: undefined, page: s.page, lastPage: undefined },
      creationDateTime: s.creationDateTime,
      period: { from: s.opening?.date, to: s.closing?.date ?? s.creationDateTime?.slice(0, 10) },
      openingBalance: s.opening,
      closingBalance: s.closing,
      additionalInfo: s.info.length === 0 ? undefined : s.info.join(' '),
    };
    // A copy: the begin event's header must not change under its consumer when later warnings come.
    if (s.warnings !== undefined) (header as { warnings?: readonly StatementWarning[] }).warnings = s.warnings.slice();
    return header;
  }

  /** The statement's fields are over ("-", "-}", a new FIN message); it is ended at the next :20: or the end of the file. */
  private closeStatement(lineNo: number): void {
    this.flushEntry();
    const s = this.statement;
    if (s !== undefined && s.closedAt === 0) s.closedAt = lineNo;
  }

  private endStatement(lineNo: number): void {
    this.flushEntry();
    const s = this.statement;
    if (s === undefined) return;
    this.statement = undefined;
    const ref = maskedExcerpt(s.reference);
    const at = s.closedAt !== 0 ? s.closedAt : lineNo;
    if (this.format === 'mt940') {
      if (s.opening === undefined)
        throw malformed(this.format, `line ${at}`, `statement ${ref} (line ${s.lineNo}) has no opening balance :60F:/:60M:`);
      if (s.closing === undefined)
        throw malformed(this.format, `line ${at}`, `statement ${ref} (line ${s.lineNo}) has no closing balance :62F:/:62M: — truncated?`);
    }
    this.begin(s, s.lineNo);
    // Control totals are the file's own statement about itself: checked whatever verifyBalances says.
    this.checkNumberAndSum(s);
    this.assembler.end(this.header(s), `line ${s.closingLine ?? at}`);
  }

  /** MT942 :90D:/:90C: must count and sum what the statement lists. */
  private checkNumberAndSum(s: OpenStatement): void {
    this.checkTotal(s, '90D', s.debits, s.debitTotal);
    this.checkTotal(s, '90C', s.credits, s.creditTotal);
  }

  private checkTotal(s: OpenStatement, tag: string, stated: NumberAndSum | undefined, seen: { count: number; amountMinor: bigint }): void {
    if (stated === undefined) return;
    if (stated.count === seen.count && stated.amountMinor === seen.amountMinor) return;
    const c = s.currency ?? '';
    const place = `line ${stated.lineNo}`;
    const kind = tag === '90D' ? 'debit' : 'credit';
    throw new PayoutError(
      'PAYOUT_E_STATEMENT_CONTROL_TOTAL',
      `${this.format === 'mt942' ? 'MT942' : 'MT940'} control total does not match at ${place}: :${tag}: states ${stated.count} ${kind} entries totalling ${formatAmountMinor(stated.amountMinor, c)} ${c}, statement ${maskedExcerpt(s.reference)} lists ${seen.count} totalling ${formatAmountMinor(seen.amountMinor, c)} ${c}`,
      {
        format: this.format,
        place,
        statementId: s.reference,
        tag,
        statedCount: stated.count,
        statedAmountMinor: stated.amountMinor.toString(),
        foundCount: seen.count,
        foundAmountMinor: seen.amountMinor.toString(),
      },
    );
  }
}

function addWarning(s: OpenStatement, code: string, lineNo: number, message: string): void {
  addWarningObject(s, { code, place: `line ${lineNo}`, message });
}

function addWarningObject(s: OpenStatement, w: StatementWarning): void {
  const list = (s.warnings ??= []);
  if (!list.some((x) => x.code === w.code)) list.push(w);
}

function controlName(c: number): string {
  return c === SOH ? 'SOH (0x01)' : c === ETX ? 'ETX (0x03)' : 'SUB (0x1a)';
}

function newStatement(lineNo: number, reference: string): OpenStatement {
  return {
    lineNo,
    reference,
    account: undefined,
    accountLine: 0,
    number: undefined,
    page: undefined,
    numberLine: 0,
    currency: undefined,
    opening: undefined,
    openingLine: 0,
    closing: undefined,
    closingLine: undefined,
    creationDateTime: undefined,
    creationLine: 0,
    info: [],
    began: false,
    closedAt: 0,
    entryCount: 0,
    debits: undefined,
    credits: undefined,
    debitTotal: { count: 0, amountMinor: 0n },
    creditTotal: { count: 0, amountMinor: 0n },
    warnings: undefined,
  };
}
