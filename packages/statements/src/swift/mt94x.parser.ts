import { classifyAccountId } from '../account/account-id.ts';
import { LineSplitter } from '../source/line-splitter.ts';
import { StatementAssembler } from '../statement-assembler.ts';
import { balanceMismatch, malformed } from '../statement-error.ts';
import type { StatementEventSink } from '../statement-event.ts';
import type { ResolvedParseOptions, StatementTextParser } from '../statement-parser.ts';
import type { StatementAccount, StatementBalance, StatementHeader } from '../statement.model.ts';
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
  number: string | undefined;
  page: number | undefined;
  currency: string | undefined;
  opening: StatementBalance | undefined;
  closing: StatementBalance | undefined;
  closingLine: number | undefined;
  creationDateTime: string | undefined;
  info: string[];
  began: boolean;
  entryCount: number;
  debits: NumberAndSum | undefined;
  credits: NumberAndSum | undefined;
  debitTotal: { count: number; amountMinor: bigint };
  creditTotal: { count: number; amountMinor: bigint };
}

const TAG = /^:([0-9]{2}[A-Z]?|NS):/;

/**
 * Line-based streaming MT940/MT942 reader (see docs/adr/0005-statement-parsers.md for why not
 * @centrapay/swift-parser). It holds one field and at most one pending entry; several
 * statements per file, with or without SWIFT {1:}{2:}{4: … -} blocks.
 */
export class Mt94xParser implements StatementTextParser {
  private readonly format: SwiftFormat;
  private readonly options: ResolvedParseOptions;
  private readonly assembler: StatementAssembler;
  private readonly splitter: LineSplitter;
  private field: Field | undefined;
  private statement: OpenStatement | undefined;
  private entry: PendingEntry | undefined;

  constructor(format: SwiftFormat, options: ResolvedParseOptions, sink: StatementEventSink) {
    this.format = format;
    this.options = options;
    this.assembler = new StatementAssembler(format, options.verifyBalances, sink);
    this.splitter = new LineSplitter((line, n) => this.onLine(line, n));
  }

  write(text: string): void {
    this.splitter.write(text);
  }

  end(): void {
    this.splitter.end();
    this.flushField();
    this.endStatement(this.splitter.lastLineNumber);
    if (this.assembler.nextStatementIndex === 0) {
      throw malformed(this.format, `line ${this.splitter.lastLineNumber}`, 'no statement found (no :20: field)');
    }
    this.assembler.complete();
  }

  private onLine(physical: string, lineNo: number): void {
    const line = physical.trimEnd();
    if (line === '') return;
    if (line.startsWith('{')) {
      // SWIFT blocks: "{1:…}{2:…}{4:" opens a message; text after "{4:" is the first body line.
      const body = line.indexOf('{4:');
      if (line.startsWith('{1:') || line.startsWith('{2:')) {
        this.flushField();
        this.endStatement(lineNo);
      }
      if (body >= 0) {
        const rest = line.slice(body + 3).trim();
        if (rest !== '') this.onLine(rest, lineNo);
      }
      return;
    }
    if (line === '-' || line.startsWith('-}')) {
      this.flushField();
      this.endStatement(lineNo);
      return;
    }
    const m = TAG.exec(line);
    if (m !== null) {
      this.flushField();
      this.field = { tag: m[1] ?? '', lineNo, lines: [line.slice(m[0].length)], raw: [physical] };
      return;
    }
    if (this.field === undefined) throw malformed(this.format, `line ${lineNo}`, `text outside any field: ${JSON.stringify(line.slice(0, 40))}`);
    this.field.lines.push(line);
    this.field.raw.push(physical);
  }

  private flushField(): void {
    const field = this.field;
    if (field === undefined) return;
    this.field = undefined;
    try {
      this.handle(field);
    } catch (e) {
      if (e instanceof FieldError) throw malformed(this.format, `line ${field.lineNo}`, e.message, e);
      throw e;
    }
  }

  private handle(field: Field): void {
    const { tag } = field;
    const first = field.lines[0] ?? '';
    if (tag !== '86' && tag !== 'NS') this.flushEntry();
    if (tag === '20') {
      this.endStatement(field.lineNo);
      this.statement = newStatement(field.lineNo, first.trim());
      return;
    }
    const s = this.statement;
    if (s === undefined) throw malformed(this.format, `line ${field.lineNo}`, `field :${tag}: before any :20: transaction reference`);
    switch (tag) {
      case '25':
      case '25P': {
        const bicAccount = /^([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\/(.+)$/.exec(first.trim());
        const id = classifyAccountId(bicAccount?.[2] ?? first);
        const bic = bicAccount?.[1] ?? (tag === '25P' ? field.lines[1]?.trim() : undefined);
        s.account = { ...id, servicerBic: bic };
        return;
      }
      case '28':
      case '28C': {
        const m = /^(\d{1,5})(?:\/(\d{1,5}))?/.exec(first.trim());
        if (m === null) throw new FieldError(`:${tag}: ${JSON.stringify(first.slice(0, 20))} is not a statement number[/sequence]`);
        s.number = m[1];
        s.page = m[2] === undefined ? undefined : Number(m[2]);
        return;
      }
      case '60F':
      case '60M': {
        const { balance, currency } = parseSwiftBalance(tag, first);
        s.opening = balance;
        s.currency = currency;
        return;
      }
      case '62F':
      case '62M': {
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
        if (m === null) throw new FieldError(`:34F: ${JSON.stringify(first.slice(0, 30))} is not a currency and floor limit`);
        s.currency ??= m[1];
        return;
      }
      case '13D':
        s.creationDateTime = parseDateTimeIndication(first);
        return;
      case '90D':
      case '90C': {
        const v = parseNumberAndSum(tag, first);
        if (s.currency !== undefined && v.currency !== s.currency) throw new FieldError(`:${tag}: currency ${v.currency} differs from ${s.currency}`);
        const total = { count: v.count, amountMinor: v.amountMinor, lineNo: field.lineNo };
        if (tag === '90D') s.debits = total;
        else s.credits = total;
        return;
      }
      case '61': {
        if (s.currency === undefined) {
          throw new FieldError(this.format === 'mt940' ? 'entry before the opening balance :60F:' : 'entry before the floor limit :34F: that names the currency');
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
    this.assembler.line({
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
      location: `line ${entry.field.lineNo}`,
    });
  }

  private begin(s: OpenStatement, lineNo: number): void {
    if (s.began) return;
    if (s.account === undefined) throw malformed(this.format, `line ${lineNo}`, `statement ${s.reference} (line ${s.lineNo}) has no :25: account`);
    if (s.currency === undefined) throw malformed(this.format, `line ${lineNo}`, `statement ${s.reference} (line ${s.lineNo}) names no currency`);
    s.began = true;
    this.assembler.begin(this.header(s));
  }

  private header(s: OpenStatement): StatementHeader {
    return {
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
  }

  private endStatement(lineNo: number): void {
    this.flushEntry();
    const s = this.statement;
    if (s === undefined) return;
    this.statement = undefined;
    if (this.format === 'mt940') {
      if (s.opening === undefined) throw malformed(this.format, `line ${lineNo}`, `statement ${s.reference} (line ${s.lineNo}) has no opening balance :60F:/:60M:`);
      if (s.closing === undefined) throw malformed(this.format, `line ${lineNo}`, `statement ${s.reference} (line ${s.lineNo}) has no closing balance :62F:/:62M: — truncated?`);
    }
    this.begin(s, s.lineNo);
    if (this.format === 'mt942' && this.options.verifyBalances) this.checkNumberAndSum(s);
    this.assembler.end(this.header(s), `line ${s.closingLine ?? lineNo}`);
  }

  /** MT942 :90D:/:90C: must count and sum what the statement lists. */
  private checkNumberAndSum(s: OpenStatement): void {
    const checks = [
      ['90D', s.debits, s.debitTotal],
      ['90C', s.credits, s.creditTotal],
    ] as const;
    for (const [tag, stated, seen] of checks) {
      if (stated === undefined) continue;
      if (stated.count !== seen.count || stated.amountMinor !== seen.amountMinor) {
        throw balanceMismatch(this.format, `line ${stated.lineNo}`, `:${tag}: states ${stated.count} entries totalling ${stated.amountMinor} minor units, the statement lists ${seen.count} totalling ${seen.amountMinor}`, {
          statementId: s.reference,
        });
      }
    }
  }
}

function newStatement(lineNo: number, reference: string): OpenStatement {
  return {
    lineNo,
    reference,
    account: undefined,
    number: undefined,
    page: undefined,
    currency: undefined,
    opening: undefined,
    closing: undefined,
    closingLine: undefined,
    creationDateTime: undefined,
    info: [],
    began: false,
    entryCount: 0,
    debits: undefined,
    credits: undefined,
    debitTotal: { count: 0, amountMinor: 0n },
    creditTotal: { count: 0, amountMinor: 0n },
  };
}
