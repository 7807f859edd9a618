import { PayoutError, isCurrency } from '@payout/domain';
import { STATEMENT_ENCODINGS, statementEncoding, type StatementEncoding } from '../source/decode-source.ts';

/** A column by header name (when the file has a header row) or by 0-based position. */
export type ColumnRef = string | number;

/**
 * How one bank's CSV export maps onto statement lines. Every bank writes its own layout, so the
 * mapping is data (usually a JSON file per bank), validated once with `parseCsvMapping`.
 *
 * @example
 *   {
 *     "account": { "id": "DE89370400440532013000" }, "currency": "EUR",
 *     "decimalSeparator": ",", "thousandsSeparator": ".", "dateFormat": "DD.MM.YYYY",
 *     "delimiter": ";", "encoding": "windows-1252",
 *     "columns": { "bookingDate": "Buchungstag", "valueDate": "Valuta", "amount": "Betrag",
 *                  "endToEndId": "End-to-End-Referenz", "reference": "Bankreferenz",
 *                  "returnReason": "Rueckgabegrund", "balanceAfter": "Saldo" }
 *   }
 */
export interface CsvMapping {
  readonly delimiter: string;
  /** true: the first row (after `skipLines`) names the columns. */
  readonly headerRow: boolean;
  /** Lines before the header or first row (bank preambles). */
  readonly skipLines: number;
  readonly decimalSeparator: '.' | ',';
  /** '' when amounts never group thousands. */
  readonly thousandsSeparator: '' | ',' | '.' | ' ' | "'";
  /** Tokens YYYY, YY, MM, M, DD, D; anything else is literal: "DD.MM.YYYY", "MM/DD/YYYY", "YYYYMMDD". */
  readonly dateFormat: string;
  readonly account: { readonly id: string } | { readonly column: ColumnRef };
  readonly currency: string | { readonly column: ColumnRef };
  readonly statementId: string | undefined;
  /**
   * The bytes' encoding when the bank's export is not UTF-8 ("gb18030", "windows-1250", "cp852" …;
   * see STATEMENT_ENCODINGS). A byte order mark and the caller's explicit encoding take
   * precedence; absent: the bank profile's, else UTF-8.
   */
  readonly encoding?: StatementEncoding;
  readonly columns: CsvColumns;
}

export interface CsvColumns {
  readonly bookingDate: ColumnRef;
  readonly valueDate: ColumnRef | undefined;
  readonly amount: ColumnRef;
  /** Absent: `amount` is signed (negative = debit). Present: `amount` is unsigned and this column says which. */
  readonly direction: { readonly column: ColumnRef; readonly debit: readonly string[]; readonly credit: readonly string[] } | undefined;
  readonly status: { readonly column: ColumnRef; readonly booked: readonly string[]; readonly pending: readonly string[] } | undefined;
  readonly reversal: { readonly column: ColumnRef; readonly values: readonly string[] } | undefined;
  readonly endToEndId: ColumnRef | undefined;
  readonly uetr: ColumnRef | undefined;
  readonly reference: ColumnRef | undefined;
  readonly customerReference: ColumnRef | undefined;
  readonly bankTransactionCode: ColumnRef | undefined;
  readonly returnReason: ColumnRef | undefined;
  readonly returnInfo: ColumnRef | undefined;
  readonly counterpartyName: ColumnRef | undefined;
  readonly counterpartyAccount: ColumnRef | undefined;
  readonly remittanceInfo: ColumnRef | undefined;
  /** Running balance after each row: each row is checked against it; opening and closing follow from it. */
  readonly balanceAfter: ColumnRef | undefined;
}

/**
 * Validate a mapping from JSON. Reports every problem at once.
 * @throws PayoutError PAYOUT_E_CONFIG_INVALID
 */
export function parseCsvMapping(input: unknown): CsvMapping {
  const problems: string[] = [];
  const o = isObject(input) ? input : (problems.push('mapping must be a JSON object'), {});
  const cols = isObject(o['columns']) ? o['columns'] : (problems.push('columns must be an object'), {});

  const column = (v: unknown, name: string, required: boolean): ColumnRef | undefined => {
    if (v === undefined) {
      if (required) problems.push(`${name} is required`);
      return undefined;
    }
    if ((typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isInteger(v) && v >= 0)) return v;
    problems.push(`${name} must be a header name or a 0-based column number`);
    return undefined;
  };
  const strings = (v: unknown, name: string): string[] => {
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    problems.push(`${name} must be an array of strings`);
    return [];
  };
  const choice = <K extends string>(
    v: unknown,
    name: string,
    keys: readonly K[],
  ): (Record<K, string[]> & { column: ColumnRef }) | undefined => {
    if (v === undefined) return undefined;
    if (!isObject(v)) {
      problems.push(`${name} must be an object`);
      return undefined;
    }
    const c = column(v['column'], `${name}.column`, true);
    const out: Record<string, string[] | ColumnRef> = { column: c ?? 0 };
    for (const k of keys) out[k] = strings(v[k], `${name}.${k}`);
    return out as Record<K, string[]> & { column: ColumnRef };
  };

  const delimiter = o['delimiter'] ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1) problems.push('delimiter must be one character');
  const headerRow = o['headerRow'] ?? true;
  if (typeof headerRow !== 'boolean') problems.push('headerRow must be true or false');
  const skipLines = o['skipLines'] ?? 0;
  if (typeof skipLines !== 'number' || !Number.isInteger(skipLines) || skipLines < 0)
    problems.push('skipLines must be a non-negative integer');
  const decimalSeparator = o['decimalSeparator'];
  if (decimalSeparator !== '.' && decimalSeparator !== ',') problems.push('decimalSeparator must be "." or ","');
  const thousandsSeparator = o['thousandsSeparator'] ?? '';
  if (!['', ',', '.', ' ', "'"].includes(thousandsSeparator as string))
    problems.push(`thousandsSeparator must be one of "", ",", ".", " ", "'"`);
  if (thousandsSeparator === decimalSeparator) problems.push('thousandsSeparator and decimalSeparator must differ');
  const dateFormat = o['dateFormat'];
  if (typeof dateFormat !== 'string' || !/YY/.test(dateFormat) || !/M/.test(dateFormat) || !/D/.test(dateFormat)) {
    problems.push('dateFormat must contain year, month and day tokens (e.g. "YYYY-MM-DD")');
  }

  let account: CsvMapping['account'] = { id: '' };
  const acct = o['account'];
  if (isObject(acct) && typeof acct['id'] === 'string' && acct['id'] !== '') account = { id: acct['id'] };
  else if (isObject(acct) && acct['column'] !== undefined) account = { column: column(acct['column'], 'account.column', true) ?? 0 };
  else problems.push('account must be {"id": "…"} or {"column": …}');

  let currency: CsvMapping['currency'] = '';
  const ccy = o['currency'];
  if (typeof ccy === 'string' && isCurrency(ccy)) currency = ccy;
  else if (isObject(ccy) && ccy['column'] !== undefined) currency = { column: column(ccy['column'], 'currency.column', true) ?? 0 };
  else problems.push('currency must be an ISO 4217 code or {"column": …}');

  const statementId = o['statementId'];
  if (statementId !== undefined && typeof statementId !== 'string') problems.push('statementId must be a string');
  const encodingLabel = o['encoding'];
  const encoding = typeof encodingLabel === 'string' ? statementEncoding(encodingLabel) : undefined;
  if (encodingLabel !== undefined && encoding === undefined) problems.push(`encoding must be one of ${STATEMENT_ENCODINGS.join(', ')}`);

  const columns: CsvColumns = {
    bookingDate: column(cols['bookingDate'], 'columns.bookingDate', true) ?? 0,
    valueDate: column(cols['valueDate'], 'columns.valueDate', false),
    amount: column(cols['amount'], 'columns.amount', true) ?? 0,
    direction: choice(cols['direction'], 'columns.direction', ['debit', 'credit'] as const),
    status: choice(cols['status'], 'columns.status', ['booked', 'pending'] as const),
    reversal: (() => {
      const r = choice(cols['reversal'], 'columns.reversal', ['values'] as const);
      return r === undefined ? undefined : { column: r.column, values: r.values };
    })(),
    endToEndId: column(cols['endToEndId'], 'columns.endToEndId', false),
    uetr: column(cols['uetr'], 'columns.uetr', false),
    reference: column(cols['reference'], 'columns.reference', false),
    customerReference: column(cols['customerReference'], 'columns.customerReference', false),
    bankTransactionCode: column(cols['bankTransactionCode'], 'columns.bankTransactionCode', false),
    returnReason: column(cols['returnReason'], 'columns.returnReason', false),
    returnInfo: column(cols['returnInfo'], 'columns.returnInfo', false),
    counterpartyName: column(cols['counterpartyName'], 'columns.counterpartyName', false),
    counterpartyAccount: column(cols['counterpartyAccount'], 'columns.counterpartyAccount', false),
    remittanceInfo: column(cols['remittanceInfo'], 'columns.remittanceInfo', false),
    balanceAfter: column(cols['balanceAfter'], 'columns.balanceAfter', false),
  };
  if (headerRow === false) {
    for (const [k, v] of Object.entries(columns)) {
      const ref = isObject(v) ? (v as { column: unknown }).column : v;
      if (typeof ref === 'string') problems.push(`columns.${k} names a header but headerRow is false: use a column number`);
    }
  }
  if (problems.length > 0) {
    throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `CSV mapping is invalid: ${problems.join('; ')}`, { problems });
  }
  return {
    delimiter: delimiter as string,
    headerRow: headerRow as boolean,
    skipLines: skipLines as number,
    decimalSeparator: decimalSeparator as '.' | ',',
    thousandsSeparator: thousandsSeparator as CsvMapping['thousandsSeparator'],
    dateFormat: dateFormat as string,
    account,
    currency,
    statementId: statementId as string | undefined,
    ...(encoding === undefined ? {} : { encoding }),
    columns,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
