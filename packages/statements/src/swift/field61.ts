import { swiftDecimalToMinor } from '../amount/statement-amount.ts';
import { DateFieldError, monthDayNear, parseYymmdd, yymmddPastMonthEnd } from '../date/statement-date.ts';
import { maskedExcerpt } from '../statement-error.ts';
import type { LineDirection } from '../statement.model.ts';

/** Thrown with what is wrong; the parser adds the line number. */
export class FieldError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FieldError';
  }
}

export interface Field61 {
  readonly valueDate: string;
  /**
   * Set when the bank wrote a value date past its month's end (30/360: "260230"): the text as
   * written; `valueDate` is then the month's last day. The parser records a warning.
   */
  readonly valueDatePastMonthEnd: string | undefined;
  readonly bookingDate: string;
  readonly direction: LineDirection;
  readonly reversal: boolean;
  readonly fundsCode: string | undefined;
  readonly amountMinor: bigint;
  /** N + 3 characters (NTRF, NMSC …), S + MT number, or F + code. */
  readonly transactionType: string;
  /** Reference for the account owner; undefined for NONREF. */
  readonly customerReference: string | undefined;
  readonly bankReference: string | undefined;
  readonly supplementary: string | undefined;
}

// value date, [entry date MMDD], mark (RC/RD first: "RC" must not read as C + funds code),
// [funds code], amount (loose here, checked exactly below), transaction type, references.
const FIELD61 = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?([0-9][0-9,.]*)([NSF][A-Z0-9]{3})(.*)$/;

/**
 * MT940/MT942 :61: statement line. Direction is the booking's effect: RD (reversal of a debit)
 * is a credit, RC (reversal of a credit) is a debit.
 */
export function parseField61(first: string, continuation: readonly string[], currency: string): Field61 {
  const m = FIELD61.exec(first);
  if (m === null) {
    throw new FieldError(
      `:61: ${maskedExcerpt(first)} does not read as value date, [entry date], D/C mark, amount, transaction type and reference`,
    );
  }
  const [, value = '', entry, mark = '', funds, amountText = '', type = '', refs = ''] = m;
  let valueDate: string;
  let valueDatePastMonthEnd: string | undefined;
  let bookingDate: string;
  let amountMinor: bigint;
  try {
    try {
      valueDate = parseYymmdd(value);
    } catch (e) {
      const monthEnd = e instanceof DateFieldError ? yymmddPastMonthEnd(value) : undefined;
      if (monthEnd === undefined) throw e;
      valueDate = monthEnd;
      valueDatePastMonthEnd = value;
    }
    bookingDate = entry === undefined ? valueDate : monthDayNear(valueDate, entry);
  } catch (e) {
    throw new FieldError(`:61: date ${describe(e)}`, { cause: e });
  }
  try {
    amountMinor = swiftDecimalToMinor(amountText, currency);
  } catch (e) {
    throw new FieldError(`:61: ${describe(e)}`, { cause: e });
  }
  const sep = refs.indexOf('//');
  const customer = (sep < 0 ? refs : refs.slice(0, sep)).trim();
  const bank = sep < 0 ? '' : refs.slice(sep + 2).trim();
  const supplementary = continuation.join(' ').trim();
  return {
    valueDate,
    valueDatePastMonthEnd,
    bookingDate,
    direction: mark === 'C' || mark === 'RD' ? 'credit' : 'debit',
    reversal: mark.startsWith('R'),
    fundsCode: funds,
    amountMinor,
    transactionType: type,
    customerReference: customer === '' || customer === 'NONREF' ? undefined : customer,
    bankReference: bank === '' ? undefined : bank,
    supplementary: supplementary === '' ? undefined : supplementary,
  };
}

export function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
