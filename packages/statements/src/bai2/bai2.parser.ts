import { currencyExponent } from '@payout/domain';
import { classifyAccountId } from '../account/account-id.ts';
import { parseYymmdd } from '../date/statement-date.ts';
import { LineSplitter } from '../source/line-splitter.ts';
import { StatementAssembler } from '../statement-assembler.ts';
import { malformed, maskedExcerpt } from '../statement-error.ts';
import type { StatementEventSink } from '../statement-event.ts';
import type { ResolvedParseOptions, StatementTextParser } from '../statement-parser.ts';
import type { StatementBalance, StatementHeader } from '../statement.model.ts';
import { classifyBai2TypeCode } from './bai2-type-codes.ts';

interface LogicalRecord {
  readonly type: string;
  readonly lineNo: number;
  /** The record's content after "NN," and each 88 continuation's content, trailing "/" removed. */
  readonly parts: string[];
  readonly raw: string[];
}

interface FileState {
  readonly lineNo: number;
  readonly senderId: string;
  readonly creationDate: string;
  readonly fileId: string;
  groups: number;
  records: number;
  totalMinor: bigint;
  closed: boolean;
}

interface GroupState {
  readonly lineNo: number;
  readonly asOfDate: string;
  readonly currency: string;
  accounts: number;
  records: number;
  totalMinor: bigint;
}

interface AccountState {
  readonly lineNo: number;
  readonly header: StatementHeader;
  records: number;
  totalMinor: bigint;
  entries: number;
}

const BAI_AMOUNT = /^([+-]?)(\d+)$/;

/**
 * BAI2 (Cash Management Balance Reporting Specifications v2) reader: 01 file, 02 group,
 * 03 account with its summary/status amounts, 16 transaction details, 88 continuations,
 * 49/98/99 trailers whose control totals and record counts are checked. Amounts carry no
 * decimal point: they are already minor units of the account's currency (implied decimals).
 * One statement per 03…49 account section.
 */
export class Bai2Parser implements StatementTextParser {
  private readonly options: ResolvedParseOptions;
  private readonly assembler: StatementAssembler;
  private readonly splitter: LineSplitter;
  private pending: LogicalRecord | undefined;
  private file: FileState | undefined;
  private group: GroupState | undefined;
  private account: AccountState | undefined;

  constructor(options: ResolvedParseOptions, sink: StatementEventSink) {
    this.options = options;
    this.assembler = new StatementAssembler('bai2', options.verifyBalances, sink);
    this.splitter = new LineSplitter((line, n) => this.onLine(line, n));
  }

  write(text: string): void {
    this.splitter.write(text);
  }

  end(): void {
    this.splitter.end();
    this.flush();
    const last = `line ${this.splitter.lastLineNumber}`;
    if (this.file === undefined) throw malformed('bai2', last, 'no 01 file header');
    if (!this.file.closed) throw malformed('bai2', last, 'the file ends without its 99 file trailer: it is truncated');
    this.assembler.complete();
  }

  private onLine(physical: string, lineNo: number): void {
    const line = physical.trimEnd();
    if (line === '') return;
    const type = line.slice(0, 2);
    if (!/^\d{2}$/.test(type) || (line.length > 2 && line[2] !== ',')) {
      throw malformed(
        'bai2',
        `line ${lineNo}`,
        `${JSON.stringify(maskedExcerpt(line.slice(0, 20)))} does not start with a record code and a comma`,
      );
    }
    const content = stripSlash(line.slice(3));
    if (type === '88') {
      if (this.pending === undefined) throw malformed('bai2', `line ${lineNo}`, '88 continuation with no record before it');
      this.pending.parts.push(content);
      this.pending.raw.push(physical);
      return;
    }
    this.flush();
    this.pending = { type, lineNo, parts: [content], raw: [physical] };
  }

  private flush(): void {
    const rec = this.pending;
    if (rec === undefined) return;
    this.pending = undefined;
    this.handle(rec);
  }

  private handle(rec: LogicalRecord): void {
    const at = `line ${rec.lineNo}`;
    const physical = rec.parts.length;
    if (rec.type !== '01' && this.file !== undefined) this.file.records += physical;
    switch (rec.type) {
      case '01': {
        if (this.file !== undefined) throw malformed('bai2', at, 'a second 01 file header (one file per input)');
        const f = fields(rec);
        const version = f[8] ?? '';
        if (version !== '' && version !== '2')
          throw malformed('bai2', at, `version number ${JSON.stringify(maskedExcerpt(version))} is not BAI2 ("2")`);
        this.file = {
          lineNo: rec.lineNo,
          senderId: f[0] ?? '',
          creationDate: this.date(f[2] ?? '', at, 'file creation date'),
          fileId: f[4] ?? '',
          groups: 0,
          records: physical,
          totalMinor: 0n,
          closed: false,
        };
        return;
      }
      case '02': {
        const file = this.requireFile(at);
        if (this.group !== undefined) throw malformed('bai2', at, "02 group header before the previous group's 98 trailer");
        const f = fields(rec);
        const status = f[2] ?? '';
        if (status !== '1') {
          throw malformed(
            'bai2',
            at,
            `group status ${JSON.stringify(maskedExcerpt(status))}: only 1 (update) is read; deletions, corrections and test groups must be handled by hand`,
          );
        }
        const currency = f[5] === undefined || f[5] === '' ? 'USD' : f[5];
        this.currency(currency, at);
        file.groups++;
        this.group = {
          lineNo: rec.lineNo,
          asOfDate: this.date(f[3] ?? '', at, 'as-of date'),
          currency,
          accounts: 0,
          records: physical,
          totalMinor: 0n,
        };
        return;
      }
      case '03':
        this.openAccount(rec, at);
        return;
      case '16':
        this.detail(rec, at);
        return;
      case '49':
        this.closeAccount(rec, at);
        return;
      case '98': {
        const group = this.group;
        if (group === undefined || this.account !== undefined)
          throw malformed('bai2', at, "98 group trailer outside a group or before the account's 49 trailer");
        group.records += physical;
        const f = fields(rec);
        this.checkTotal(f[0], group.totalMinor, at, '98 group control total');
        this.checkCount(f[1], group.accounts, at, '98 number of accounts');
        this.checkCount(f[2], group.records, at, '98 number of records');
        const file = this.requireFile(at);
        file.totalMinor += group.totalMinor;
        this.group = undefined;
        return;
      }
      case '99': {
        const file = this.requireFile(at);
        if (this.group !== undefined) throw malformed('bai2', at, "99 file trailer before the group's 98 trailer");
        const f = fields(rec);
        this.checkTotal(f[0], file.totalMinor, at, '99 file control total');
        this.checkCount(f[1], file.groups, at, '99 number of groups');
        this.checkCount(f[2], file.records, at, '99 number of records');
        file.closed = true;
        return;
      }
      default:
        throw malformed('bai2', at, `record code ${rec.type} is not a BAI2 record`);
    }
  }

  private openAccount(rec: LogicalRecord, at: string): void {
    const file = this.requireFile(at);
    const group = this.group;
    if (group === undefined || this.account !== undefined)
      throw malformed('bai2', at, "03 account outside a group or before the previous account's 49 trailer");
    if (file.closed) throw malformed('bai2', at, 'record after the 99 file trailer');
    const f = fields(rec);
    const number = f[0] ?? '';
    if (number === '') throw malformed('bai2', at, '03 has no customer account number');
    const currency = f[1] === undefined || f[1] === '' ? group.currency : f[1];
    this.currency(currency, at);
    let total = 0n;
    let opening: StatementBalance | undefined;
    let closing: StatementBalance | undefined;
    // Repeating: type code, amount, item count, funds type (+ its own fields).
    let i = 2;
    while (i < f.length) {
      const code = f[i] ?? '';
      const amountText = f[i + 1] ?? '';
      if (code === '' && amountText === '' && f.slice(i).every((x) => x === '')) break;
      if (!/^\d{3}$/.test(code)) throw malformed('bai2', at, `03 summary type code ${JSON.stringify(maskedExcerpt(code))} is not 3 digits`);
      const amount = amountText === '' ? undefined : this.amount(amountText, at, `03 amount for type ${code}`, true);
      if (amount !== undefined) total += amount;
      if (amount !== undefined && code === '010') opening = { amountMinor: amount, date: group.asOfDate, type: '010' };
      if (amount !== undefined && code === '015') closing = { amountMinor: amount, date: group.asOfDate, type: '015' };
      const funds = fundsTypeWidth(f, i + 3, at);
      i += 3 + funds;
    }
    const account = classifyAccountId(number);
    const header: StatementHeader = {
      format: 'bai2',
      version: 'BAI2',
      index: this.assembler.nextStatementIndex,
      messageId: file.fileId === '' ? undefined : file.fileId,
      statementId: `${file.creationDate}/${file.fileId}/${number}`,
      account: { ...account, servicerBic: undefined },
      currency,
      sequence: { electronic: undefined, legal: undefined, page: undefined, lastPage: undefined },
      creationDateTime: undefined,
      period: { from: group.asOfDate, to: group.asOfDate },
      openingBalance: opening,
      closingBalance: closing,
      additionalInfo: undefined,
    };
    group.accounts++;
    this.account = { lineNo: rec.lineNo, header, records: rec.parts.length, totalMinor: total, entries: 0 };
    this.assembler.begin(header);
  }

  private detail(rec: LogicalRecord, at: string): void {
    const account = this.account;
    if (account === undefined) throw malformed('bai2', at, '16 transaction detail outside an account (no 03 before it)');
    account.records += rec.parts.length;
    const d = detailFields(rec, at);
    const info = classifyBai2TypeCode(d.typeCode, this.options.bai2CustomTypeCodes);
    if (info === undefined) {
      throw malformed(
        'bai2',
        at,
        `type code ${JSON.stringify(maskedExcerpt(d.typeCode))} is not a BAI2 detail code${/^9\d\d$/.test(d.typeCode) ? ' (900–999 are bank-defined: configure bai2CustomTypeCodes)' : ''}`,
      );
    }
    const amount = this.amount(d.amount, at, `16 amount`, false);
    account.totalMinor += amount;
    const header = account.header;
    const returnCode = info.isReturn ? /\bR\d{2}\b/.exec(d.text)?.[0] : undefined;
    this.assembler.line({
      index: 0,
      entryIndex: account.entries++,
      batch: undefined,
      currency: header.currency,
      amountMinor: amount,
      direction: info.direction,
      reversal: info.reversal,
      status: info.status,
      bookingDate: header.period.from,
      valueDate: d.valueDate ?? header.period.from,
      bankReference: d.bankReference,
      accountServicerReference: d.bankReference,
      customerReference: d.customerReference,
      endToEndId: undefined,
      uetr: undefined,
      instructionId: undefined,
      paymentInformationId: undefined,
      transactionId: undefined,
      mandateId: undefined,
      bankTransactionCode: { domain: undefined, family: undefined, subFamily: undefined, proprietary: d.typeCode, issuer: 'BAI' },
      returnReason: info.isReturn
        ? { code: returnCode, info: [info.description, d.text].filter((x) => x !== undefined && x !== '').join(': ') }
        : undefined,
      counterparty: undefined,
      remittanceInfo: d.text === '' ? undefined : d.text,
      additionalInfo: info.description,
      raw: this.options.keepRaw ? rec.raw.join('\n') : '',
      location: at,
    });
  }

  private closeAccount(rec: LogicalRecord, at: string): void {
    const account = this.account;
    const group = this.group;
    if (account === undefined || group === undefined) throw malformed('bai2', at, '49 account trailer without an open 03 account');
    account.records += rec.parts.length;
    const f = fields(rec);
    this.checkTotal(f[0], account.totalMinor, at, '49 account control total');
    this.checkCount(f[1], account.records, at, '49 number of records');
    group.totalMinor += account.totalMinor;
    group.records += account.records;
    this.account = undefined;
    this.assembler.end(account.header, `line ${account.lineNo} (03 balances) to ${at}`);
  }

  private requireFile(at: string): FileState {
    if (this.file === undefined) throw malformed('bai2', at, 'record before the 01 file header');
    return this.file;
  }

  private date(text: string, at: string, what: string): string {
    try {
      return parseYymmdd(text);
    } catch (e) {
      throw malformed('bai2', at, what, e);
    }
  }

  private currency(code: string, at: string): void {
    try {
      currencyExponent(code);
    } catch (e) {
      throw malformed('bai2', at, `currency ${JSON.stringify(maskedExcerpt(code.slice(0, 10)))}`, e);
    }
  }

  /** Implied decimals: the digits are minor units of the account currency already. */
  private amount(text: string, at: string, what: string, signed: boolean): bigint {
    const m = BAI_AMOUNT.exec(text);
    if (m === null)
      throw malformed('bai2', at, `${what} ${JSON.stringify(maskedExcerpt(text.slice(0, 30)))} is not digits with implied decimals`);
    if (!signed && m[1] !== '')
      throw malformed('bai2', at, `${what} ${JSON.stringify(maskedExcerpt(text))} must be unsigned; the type code gives the direction`);
    const v = BigInt(m[2] ?? '0');
    return m[1] === '-' ? -v : v;
  }

  private checkTotal(text: string | undefined, expected: bigint, at: string, what: string): void {
    const stated = this.amount(text ?? '', at, what, true);
    if (stated !== expected) throw malformed('bai2', at, `${what} is ${stated} but the records add up to ${expected}`);
  }

  private checkCount(text: string | undefined, expected: number, at: string, what: string): void {
    if (text === undefined || text === '') return; // optional in the spec
    if (!/^\d+$/.test(text) || Number(text) !== expected)
      throw malformed('bai2', at, `${what} is ${JSON.stringify(maskedExcerpt(text))} but there are ${expected}`);
  }
}

function stripSlash(s: string): string {
  const t = s.trimEnd();
  return t.endsWith('/') ? t.slice(0, -1) : t;
}

function fields(rec: LogicalRecord): string[] {
  return rec.parts
    .join(',')
    .split(',')
    .map((x) => x.trim());
}

/** Number of fields a funds type adds after its own code (S: 3 amounts, V: date+time, D: 1+2n). */
function fundsTypeWidth(f: readonly string[], at: number, where: string): number {
  const code = (f[at] ?? '').toUpperCase();
  switch (code) {
    case '':
    case '0':
    case '1':
    case '2':
    case 'Z':
      return 1;
    case 'S':
      return 4;
    case 'V':
      return 3;
    case 'D': {
      const n = f[at + 1] ?? '';
      if (!/^\d+$/.test(n))
        throw malformed('bai2', where, `funds type D distribution count ${JSON.stringify(maskedExcerpt(n))} is not a number`);
      return 2 + 2 * Number(n);
    }
    default:
      throw malformed('bai2', where, `funds type ${JSON.stringify(maskedExcerpt(code))} is not 0, 1, 2, S, V, D or Z`);
  }
}

interface Detail {
  readonly typeCode: string;
  readonly amount: string;
  readonly valueDate: string | undefined;
  readonly bankReference: string | undefined;
  readonly customerReference: string | undefined;
  readonly text: string;
}

/**
 * A 16 record: type code, amount, funds type (+ its fields), bank ref, customer ref, then free
 * text that may itself contain commas and continues in 88 records.
 */
function detailFields(rec: LogicalRecord, at: string): Detail {
  const tokens: string[] = [];
  const textParts: string[] = [];
  // Fields before the text: type code, amount, funds type and its own fields, bank ref, customer ref.
  const needed = (): number | undefined => {
    if (tokens.length < 3) return undefined;
    if ((tokens[2] ?? '').toUpperCase() === 'D' && tokens.length < 4) return undefined;
    return 2 + fundsTypeWidth(tokens, 2, at) + 2;
  };
  let inText = false;
  for (const part of rec.parts) {
    if (inText) {
      textParts.push(part.trim());
      continue;
    }
    const pieces = part.split(',');
    let used = 0;
    while (used < pieces.length) {
      const n = needed();
      if (n !== undefined && tokens.length >= n) break;
      tokens.push((pieces[used] ?? '').trim());
      used++;
    }
    const n = needed();
    if (n !== undefined && tokens.length >= n) {
      inText = true;
      if (used < pieces.length) textParts.push(pieces.slice(used).join(',').trim());
    }
  }
  const fixed = (needed() ?? 5) - 2;
  if (tokens.length < fixed)
    throw malformed('bai2', at, `16 record has ${tokens.length} fields; its funds type needs ${fixed} before the references`);
  const funds = (tokens[2] ?? '').toUpperCase();
  let valueDate: string | undefined;
  if (funds === 'V' && (tokens[3] ?? '') !== '') {
    try {
      valueDate = parseYymmdd(tokens[3] ?? '');
    } catch (e) {
      throw malformed('bai2', at, 'funds type V value date', e);
    }
  }
  const bank = tokens[fixed] ?? '';
  const customer = tokens[fixed + 1] ?? '';
  return {
    typeCode: tokens[0] ?? '',
    amount: tokens[1] ?? '',
    valueDate,
    bankReference: bank === '' ? undefined : bank,
    customerReference: customer === '' ? undefined : customer,
    text: textParts.filter((t) => t !== '').join(' '),
  };
}
