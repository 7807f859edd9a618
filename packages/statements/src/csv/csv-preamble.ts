import { parse as parseCsvSync } from 'csv-parse/sync';
import { PayoutError } from '@payout/domain';
import { classifyAccountId } from '../account/account-id.ts';
import { continuityOf } from '../continuity/continuity.ts';
import { streamStatements, type StatementFile } from '../parse-statements.ts';
import { decodeSource, type StatementSource } from '../source/decode-source.ts';
import { balanceMismatch, malformed } from '../statement-error.ts';
import type { StatementEvent } from '../statement-event.ts';
import { decodeOptionsOf, type StatementParseOptions } from '../statement-parser.ts';
import type { Statement, StatementBalance, StatementHeader, StatementLine } from '../statement.model.ts';
import type { CsvMapping } from './csv-mapping.ts';
import { csvDateReader, parseCsvAmount } from './csv-values.ts';

/**
 * Many banks (CN banks especially) put the statement's own facts in key,value rows above the
 * table: account, currency, date, statement number, opening and closing balance. `rows` is how
 * many such lines precede the table's header row; `fields` names the key (column 0) of each
 * fact. With a preamble a statement with no rows at all is still a statement, with its
 * balances and its number — which is what proves a quiet day had no debit.
 */
export interface CsvPreamble {
  readonly rows: number;
  readonly fields: {
    readonly account?: string;
    readonly currency?: string;
    readonly statementDate?: string;
    readonly sequence?: string;
    readonly statementId?: string;
    readonly openingBalance?: string;
    readonly closingBalance?: string;
  };
}

export interface CsvWithPreambleOptions extends Omit<StatementParseOptions, 'format' | 'csvMapping'> {
  /** The table's mapping; `account`/`currency` are taken from the preamble when it names them. */
  readonly csvMapping: CsvMapping;
  readonly preamble: CsvPreamble;
}

/**
 * `streamStatements` for a CSV file with a key,value preamble: the preamble supplies the
 * statement id, sequence number, date and opening/closing balances, and they are checked
 * against the table (its running balance, and opening + rows = closing).
 *
 * @example
 *   for await (const e of streamCsvWithPreamble(chunks, { csvMapping: CN_BANK_CSV.mapping, preamble: CN_BANK_CSV.preamble })) …
 */
export async function* streamCsvWithPreamble(source: StatementSource, options: CsvWithPreambleOptions): AsyncGenerator<StatementEvent> {
  const { preamble } = options;
  const text = decodeSource(source, decodeOptionsOf(options));
  const it = text[Symbol.asyncIterator]();
  let buffer = '';
  let done = false;
  const fill = async (): Promise<boolean> => {
    if (done) return false;
    const r = await it.next();
    if (r.done === true) {
      done = true;
      return false;
    }
    buffer += r.value;
    return true;
  };
  // Read the preamble, the table's header row and enough to see whether any data row exists.
  let lines: string[] = [];
  let hasRows = false;
  for (;;) {
    lines = buffer.replace(/^\uFEFF/, '').split(/\r?\n/);
    // The last piece may be a partial line; a data row counts once a line break follows it.
    hasRows = lines.slice(preamble.rows + 1, done ? undefined : -1).some((l) => l.trim() !== '');
    if (hasRows || !(await fill())) break;
  }
  const head = lines.slice(0, preamble.rows);
  const facts = readPreamble(head, preamble, options.csvMapping);
  const table = lines.slice(preamble.rows).join(buffer.includes('\r\n') ? '\r\n' : '\n');
  const mapping: CsvMapping = {
    ...options.csvMapping,
    skipLines: 0,
    ...(facts.account !== undefined ? { account: { id: facts.account } } : {}),
    ...(facts.currency !== undefined ? { currency: facts.currency } : {}),
    ...(facts.statementId !== undefined ? { statementId: facts.statementId } : {}),
  };
  if (!hasRows) {
    yield* emptyStatement(facts, mapping, options.verifyBalances ?? true);
    return;
  }
  const rest = (async function* (): AsyncGenerator<string> {
    yield table.slice(0);
    for (;;) {
      const r = await it.next();
      if (r.done === true) return;
      yield r.value;
    }
  })();
  for await (const e of streamStatements(rest, { ...options, format: 'csv', csvMapping: mapping })) {
    if (e.kind === 'begin') yield { kind: 'begin', header: withFacts(e.header, facts) };
    else if (e.kind === 'end') {
      const header = withFacts(e.header, facts);
      checkAgainstTable(e.header, facts);
      const continuity = continuityOf(header, e.totals);
      if (continuity.kind === 'mismatch' && (options.verifyBalances ?? true)) {
        throw balanceMismatch(
          'csv',
          `line ${preamble.rows}`,
          `preamble closing balance ${facts.closing?.amountMinor} ≠ opening ${continuity.openingMinor} + credits ${continuity.creditsMinor} − debits ${continuity.debitsMinor}`,
          {
            differenceMinor: continuity.differenceMinor.toString(),
          },
        );
      }
      yield { kind: 'end', header, totals: e.totals, continuity };
    } else yield e;
  }
}

/** `parseStatements` for a preamble CSV held in memory (tests, small files). */
export async function parseCsvWithPreamble(text: string, options: CsvWithPreambleOptions): Promise<StatementFile> {
  const statements: Statement[] = [];
  let lines: StatementLine[] = [];
  for await (const e of streamCsvWithPreamble([text], options)) {
    if (e.kind === 'begin') lines = [];
    else if (e.kind === 'line') lines.push(e.line);
    else if (e.kind === 'end') statements.push({ ...e.header, lines });
    else return { format: 'csv', statements };
  }
  throw new Error('statement stream ended without a complete event');
}

interface PreambleFacts {
  readonly account: string | undefined;
  readonly currency: string | undefined;
  readonly date: string | undefined;
  readonly sequence: string | undefined;
  readonly statementId: string | undefined;
  readonly opening: StatementBalance | undefined;
  readonly closing: StatementBalance | undefined;
}

function readPreamble(head: readonly string[], preamble: CsvPreamble, mapping: CsvMapping): PreambleFacts {
  const values = new Map<string, { value: string; line: number }>();
  head.forEach((text, i) => {
    if (text.trim() === '') return;
    let cells: string[];
    try {
      const rows: string[][] = parseCsvSync(text, { delimiter: mapping.delimiter, relax_column_count: true, trim: true });
      cells = rows[0] ?? [];
    } catch (e) {
      throw malformed('csv', `line ${i + 1}`, 'preamble row is not well-formed CSV', e);
    }
    const key = cells[0];
    if (key !== undefined) values.set(key, { value: cells[1] ?? '', line: i + 1 });
  });
  const get = (key: string | undefined): { value: string; line: number } | undefined => {
    if (key === undefined) return undefined;
    const v = values.get(key);
    if (v === undefined) throw malformed('csv', `lines 1–${preamble.rows}`, `the preamble has no ${JSON.stringify(key)} row`);
    return v;
  };
  const f = preamble.fields;
  const currencyCell = get(f.currency);
  const currency = currencyCell?.value ?? (typeof mapping.currency === 'string' ? mapping.currency : undefined);
  const dateCell = get(f.statementDate);
  let date: string | undefined;
  if (dateCell !== undefined) {
    try {
      date = csvDateReader(mapping.dateFormat)(dateCell.value);
    } catch (e) {
      throw malformed('csv', `line ${dateCell.line}`, 'statement date', e);
    }
  }
  const balance = (key: string | undefined, type: string): StatementBalance | undefined => {
    const cell = get(key);
    if (cell === undefined) return undefined;
    if (currency === undefined) throw malformed('csv', `line ${cell.line}`, 'a balance needs the currency');
    if (date === undefined) throw malformed('csv', `line ${cell.line}`, 'a balance needs the statement date');
    try {
      return { amountMinor: parseCsvAmount(cell.value, mapping, currency), date, type };
    } catch (e) {
      throw malformed('csv', `line ${cell.line}`, `${type} balance`, e);
    }
  };
  const sequence = get(f.sequence)?.value;
  if (sequence !== undefined && !/^\d{1,30}$/.test(sequence))
    throw malformed('csv', `line ${get(f.sequence)?.line}`, 'statement number is not a whole number');
  const account = get(f.account)?.value;
  return {
    account: account === undefined ? undefined : classifyAccountId(account).id,
    currency,
    date,
    sequence,
    statementId:
      get(f.statementId)?.value ??
      (account !== undefined && date !== undefined
        ? `${classifyAccountId(account).id}/${date}${sequence === undefined ? '' : `/${sequence}`}`
        : undefined),
    opening: balance(f.openingBalance, 'opening'),
    closing: balance(f.closingBalance, 'closing'),
  };
}

function withFacts(h: StatementHeader, f: PreambleFacts): StatementHeader {
  return {
    ...h,
    statementId: f.statementId ?? h.statementId,
    sequence: { ...h.sequence, electronic: f.sequence ?? h.sequence.electronic },
    period: { from: f.date ?? h.period.from, to: f.date ?? h.period.to },
    openingBalance: f.opening ?? h.openingBalance,
    closingBalance: f.closing ?? h.closingBalance,
  };
}

/** The table's running balance, when mapped, must agree with the preamble's balances. */
function checkAgainstTable(table: StatementHeader, f: PreambleFacts): void {
  const pairs: [string, StatementBalance | undefined, StatementBalance | undefined][] = [
    ['opening', table.openingBalance, f.opening],
    ['closing', table.closingBalance, f.closing],
  ];
  for (const [what, fromTable, fromPreamble] of pairs) {
    if (fromTable !== undefined && fromPreamble !== undefined && fromTable.amountMinor !== fromPreamble.amountMinor) {
      throw balanceMismatch(
        'csv',
        'preamble',
        `the ${what} balance in the preamble (${fromPreamble.amountMinor}) differs from the table's running balance (${fromTable.amountMinor})`,
        {
          preambleMinor: fromPreamble.amountMinor.toString(),
          tableMinor: fromTable.amountMinor.toString(),
        },
      );
    }
  }
}

function* emptyStatement(f: PreambleFacts, mapping: CsvMapping, verifyBalances: boolean): Generator<StatementEvent> {
  const account = 'id' in mapping.account ? mapping.account.id : f.account;
  const currency = typeof mapping.currency === 'string' ? mapping.currency : f.currency;
  if (account === undefined || currency === undefined || f.statementId === undefined) {
    throw malformed('csv', 'preamble', 'a statement with no rows needs the account, currency and date in its preamble');
  }
  const header: StatementHeader = {
    format: 'csv',
    version: undefined,
    index: 0,
    messageId: undefined,
    statementId: f.statementId,
    account: { ...classifyAccountId(account), servicerBic: undefined },
    currency,
    sequence: { electronic: f.sequence, legal: undefined, page: undefined, lastPage: undefined },
    creationDateTime: undefined,
    period: { from: f.date, to: f.date },
    openingBalance: f.opening,
    closingBalance: f.closing,
    additionalInfo: undefined,
  };
  const totals = {
    lineCount: 0,
    credits: { count: 0, amountMinor: 0n },
    debits: { count: 0, amountMinor: 0n },
    pendingCount: 0,
    infoCount: 0,
  };
  const continuity = continuityOf(header, totals);
  if (continuity.kind === 'mismatch' && verifyBalances) {
    throw balanceMismatch(
      'csv',
      'preamble',
      `no rows, but the opening balance ${continuity.openingMinor} differs from the closing balance ${continuity.closingMinor}`,
      {
        differenceMinor: continuity.differenceMinor.toString(),
      },
    );
  }
  yield { kind: 'begin', header };
  yield { kind: 'end', header, totals, continuity };
  yield { kind: 'complete', format: 'csv', statementCount: 1, lineCount: 0 };
}

/** Throws unless a preamble definition is usable. */
export function assertCsvPreamble(p: CsvPreamble): void {
  if (!Number.isInteger(p.rows) || p.rows < 1 || p.rows > 100)
    throw new PayoutError('PAYOUT_E_CONFIG_INVALID', 'preamble rows must be 1–100');
}
