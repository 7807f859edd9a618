import { parse } from 'csv-parse/stream';
import { isPayoutError } from '@payout/domain';
import { classifyAccountId } from '../account/account-id.ts';
import { StatementAssembler } from '../statement-assembler.ts';
import { balanceMismatch, malformed } from '../statement-error.ts';
import type { StatementEvent } from '../statement-event.ts';
import type { ResolvedParseOptions } from '../statement-parser.ts';
import type { LineDirection, LineStatus, StatementBalance, StatementHeader } from '../statement.model.ts';
import type { ColumnRef, CsvMapping } from './csv-mapping.ts';
import { csvDateReader, parseCsvAmount } from './csv-values.ts';

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
  readonly raw?: string;
}

/**
 * CSV through a per-bank mapping, on csv-parse's WHATWG stream (no Node stream import). One file
 * is one statement of one account. Rows must be oldest first when a running balance is mapped.
 */
export async function* csvStatementEvents(
  chunks: AsyncIterable<string>,
  mapping: CsvMapping,
  options: ResolvedParseOptions,
): AsyncGenerator<StatementEvent> {
  const stream = parse({
    delimiter: mapping.delimiter,
    from_line: mapping.skipLines + 1,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    trim: true,
    info: true,
    raw: options.keepRaw,
  });
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader() as ReadableStreamDefaultReader<CsvRecord>;
  let sourceError: unknown;
  const pump = (async (): Promise<void> => {
    try {
      for await (const chunk of chunks) {
        try {
          await writer.write(Buffer.from(chunk, 'utf8'));
        } catch {
          return; // the CSV stream failed; the reader below reports why
        }
      }
      await writer.close().catch(() => undefined);
    } catch (e) {
      // The source itself failed (unreadable bytes, an I/O error in the caller's stream).
      sourceError = e;
      await writer.abort(e).catch(() => undefined);
    }
  })();

  const events: StatementEvent[] = [];
  const rows = new CsvRows(mapping, options, (e) => events.push(e));
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (e) {
        throw sourceError ?? csvError(e);
      }
      if (next.done) break;
      rows.row(next.value);
      for (const e of events) yield e;
      events.length = 0;
    }
    await pump;
    if (sourceError !== undefined) throw sourceError;
    rows.end();
    for (const e of events) yield e;
  } finally {
    await reader.cancel().catch(() => undefined);
    await pump;
  }
}

function csvError(e: unknown): unknown {
  if (isPayoutError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  const line = /line (\d+)/.exec(message)?.[1];
  return malformed('csv', line === undefined ? 'unknown line' : `line ${line}`, `CSV is not well-formed: ${message}`, e);
}

class CsvRows {
  private readonly mapping: CsvMapping;
  private readonly options: ResolvedParseOptions;
  private readonly assembler: StatementAssembler;
  private readonly readDate: (text: string) => string;
  private header: Map<string, number> | undefined;
  private width = 0;
  private statement: StatementHeader | undefined;
  private entryIndex = 0;
  private firstDate: string | undefined;
  private lastDate: string | undefined;
  private running: { balance: bigint; line: number } | undefined;
  private opening: StatementBalance | undefined;
  private closing: StatementBalance | undefined;

  constructor(mapping: CsvMapping, options: ResolvedParseOptions, sink: (e: StatementEvent) => void) {
    this.mapping = mapping;
    this.options = options;
    this.assembler = new StatementAssembler('csv', options.verifyBalances, sink);
    this.readDate = csvDateReader(mapping.dateFormat);
  }

  row(r: CsvRecord): void {
    const at = `line ${r.info.lines}`;
    if (this.mapping.headerRow && this.header === undefined) {
      this.header = new Map();
      r.record.forEach((name, i) => {
        if (!this.header?.has(name)) this.header?.set(name, i);
      });
      this.width = r.record.length;
      this.checkHeader(at);
      return;
    }
    this.width ||= r.record.length;
    const get = (ref: ColumnRef | undefined): string | undefined => {
      if (ref === undefined) return undefined;
      const i = typeof ref === 'number' ? ref : this.header?.get(ref);
      const v = i === undefined ? undefined : r.record[i];
      if (v === undefined) throw malformed('csv', at, `column ${JSON.stringify(ref)} is not in this row`);
      const t = v.trim();
      return t === '' ? undefined : t;
    };
    const m = this.mapping;
    const c = m.columns;
    const currency = typeof m.currency === 'string' ? m.currency : get(m.currency.column);
    if (currency === undefined) throw malformed('csv', at, 'the currency column is empty');
    const accountText = 'id' in m.account ? m.account.id : get(m.account.column);
    if (accountText === undefined) throw malformed('csv', at, 'the account column is empty');

    const date = (ref: ColumnRef | undefined, what: string): string | undefined => {
      const v = get(ref);
      if (v === undefined) return undefined;
      try {
        return this.readDate(v);
      } catch (e) {
        throw malformed('csv', at, `${what} (column ${JSON.stringify(ref)})`, e);
      }
    };
    const bookingDate = date(c.bookingDate, 'booking date');
    if (bookingDate === undefined) throw malformed('csv', at, `booking date (column ${JSON.stringify(c.bookingDate)}) is empty`);
    const valueDate = date(c.valueDate, 'value date') ?? bookingDate;

    const amountText = get(c.amount);
    if (amountText === undefined) throw malformed('csv', at, `amount (column ${JSON.stringify(c.amount)}) is empty`);
    let signed: bigint;
    try {
      signed = parseCsvAmount(amountText, m, currency);
    } catch (e) {
      throw malformed('csv', at, `amount (column ${JSON.stringify(c.amount)})`, e);
    }
    let direction: LineDirection;
    if (c.direction !== undefined) {
      if (signed < 0n) throw malformed('csv', at, 'amount is negative although a direction column is mapped');
      const v = (get(c.direction.column) ?? '').toUpperCase();
      if (c.direction.debit.some((x) => x.toUpperCase() === v)) direction = 'debit';
      else if (c.direction.credit.some((x) => x.toUpperCase() === v)) direction = 'credit';
      else throw malformed('csv', at, `direction ${JSON.stringify(v.slice(0, 20))} is none of the mapped debit/credit values`);
    } else {
      direction = signed < 0n ? 'debit' : 'credit';
    }
    const amountMinor = signed < 0n ? -signed : signed;
    let status: LineStatus = 'booked';
    if (c.status !== undefined) {
      const v = (get(c.status.column) ?? '').toUpperCase();
      if (c.status.booked.some((x) => x.toUpperCase() === v)) status = 'booked';
      else if (c.status.pending.some((x) => x.toUpperCase() === v)) status = 'pending';
      else throw malformed('csv', at, `status ${JSON.stringify(v.slice(0, 20))} is none of the mapped booked/pending values`);
    }
    const reversalValue = c.reversal === undefined ? undefined : (get(c.reversal.column) ?? '').toUpperCase();
    const reversal = c.reversal !== undefined && c.reversal.values.some((x) => x.toUpperCase() === reversalValue);

    if (this.statement === undefined) {
      const account = classifyAccountId(accountText);
      this.statement = {
        format: 'csv',
        version: undefined,
        index: 0,
        messageId: undefined,
        statementId: m.statementId ?? `${account.id}/${bookingDate}`,
        account: { ...account, servicerBic: undefined },
        currency,
        sequence: { electronic: undefined, legal: undefined, page: undefined, lastPage: undefined },
        creationDateTime: undefined,
        period: { from: bookingDate, to: undefined },
        openingBalance: undefined,
        closingBalance: undefined,
        additionalInfo: undefined,
      };
      this.assembler.begin(this.statement);
    } else if (classifyAccountId(accountText).id !== this.statement.account.id) {
      throw malformed('csv', at, 'the account changes within the file; one CSV file is one account');
    }
    this.firstDate ??= bookingDate;
    this.lastDate = bookingDate;
    if (status === 'booked')
      this.checkRunningBalance(get(c.balanceAfter), direction === 'debit' ? -amountMinor : amountMinor, currency, bookingDate, at);

    const e2e = get(c.endToEndId);
    const returnCode = get(c.returnReason);
    const returnInfo = get(c.returnInfo);
    const name = get(c.counterpartyName);
    const cpAccount = get(c.counterpartyAccount);
    const code = get(c.bankTransactionCode);
    this.assembler.line({
      index: 0,
      entryIndex: this.entryIndex++,
      batch: undefined,
      currency,
      amountMinor,
      direction,
      reversal,
      status,
      bookingDate,
      valueDate,
      bankReference: get(c.reference),
      accountServicerReference: get(c.reference),
      customerReference: get(c.customerReference),
      endToEndId: e2e === 'NOTPROVIDED' ? undefined : e2e,
      uetr: get(c.uetr)?.toLowerCase(),
      instructionId: undefined,
      paymentInformationId: undefined,
      transactionId: undefined,
      mandateId: undefined,
      bankTransactionCode:
        code === undefined
          ? undefined
          : { domain: undefined, family: undefined, subFamily: undefined, proprietary: code, issuer: undefined },
      returnReason: returnCode === undefined && returnInfo === undefined ? undefined : { code: returnCode, info: returnInfo },
      counterparty: name === undefined && cpAccount === undefined ? undefined : { name, account: cpAccount, agent: undefined },
      remittanceInfo: get(c.remittanceInfo),
      additionalInfo: undefined,
      raw: r.raw?.replace(/\r?\n$/, '') ?? '',
      location: at,
    });
  }

  end(): void {
    const s = this.statement;
    if (s === undefined) throw malformed('csv', 'end of file', 'no data rows');
    this.assembler.end(
      {
        ...s,
        period: { from: this.firstDate, to: this.lastDate },
        openingBalance: this.opening,
        closingBalance: this.closing,
      },
      this.running === undefined ? 'end of file' : `line ${this.running.line}`,
    );
    this.assembler.complete();
  }

  private checkHeader(at: string): void {
    const refs: ColumnRef[] = [];
    const m = this.mapping;
    if (!('id' in m.account)) refs.push(m.account.column);
    if (typeof m.currency !== 'string') refs.push(m.currency.column);
    for (const v of Object.values(m.columns)) {
      if (v === undefined) continue;
      refs.push(typeof v === 'object' ? v.column : v);
    }
    for (const ref of refs) {
      if (typeof ref === 'string' && !this.header?.has(ref))
        throw malformed('csv', at, `the header has no column ${JSON.stringify(ref)} that the mapping names`);
      if (typeof ref === 'number' && ref >= this.width)
        throw malformed('csv', at, `the mapping names column ${ref} but rows have ${this.width}`);
    }
  }

  /** A mapped running balance must move by exactly each booked row's amount. */
  private checkRunningBalance(text: string | undefined, signedMinor: bigint, currency: string, date: string, at: string): void {
    if (text === undefined) return;
    let balance: bigint;
    try {
      balance = parseCsvAmount(text, this.mapping, currency);
    } catch (e) {
      throw malformed('csv', at, 'running balance', e);
    }
    const line = Number(at.slice(5));
    if (this.running === undefined) {
      this.opening = { amountMinor: balance - signedMinor, date, type: 'csv-running' };
    } else if (this.running.balance + signedMinor !== balance && this.options.verifyBalances) {
      throw balanceMismatch(
        'csv',
        at,
        `balance after this row is ${balance} minor units, but the previous balance ${this.running.balance} plus this row's ${signedMinor} is ${this.running.balance + signedMinor} (rows must be oldest first)`,
        {
          expectedMinor: (this.running.balance + signedMinor).toString(),
          statedMinor: balance.toString(),
        },
      );
    }
    this.running = { balance, line };
    this.closing = { amountMinor: balance, date, type: 'csv-running' };
  }
}
